from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from newsdesk.reader.routing import RememberedRestrictionsMixin

from .blocks import ArticleBodyBlock
from .validators import CAPTION_EXTENSIONS, VIDEO_EXTENSIONS, validate_video_size, validate_webvtt


class NewsImage(AbstractImage):
    """A photo with the newsroom's metadata. Alt text is required of the editor."""

    description = models.CharField(
        max_length=255,
        blank=False,
        default="",
        verbose_name="alt text",
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the photo.")
    credit = models.CharField(max_length=120, blank=True, help_text="Photographer and agency, e.g. Ana Ruiz/AFP.")

    admin_form_fields = Image.admin_form_fields + ("caption", "credit")

    @property
    def alt_text(self) -> str:
        return self.description


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Video(index.Indexed, models.Model):
    """Hosted video. It cannot exist without a WebVTT captions track, so an
    article cannot publish a video that deaf readers cannot follow."""

    title = models.CharField(max_length=255)
    file = models.FileField(
        upload_to="videos/",
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS), validate_video_size],
        help_text="MP4 (H.264) or WebM.",
    )
    captions = models.FileField(
        upload_to="captions/",
        validators=[FileExtensionValidator(CAPTION_EXTENSIONS), validate_webvtt],
        help_text="WebVTT captions (.vtt). Required.",
    )
    captions_language = models.CharField(max_length=20, default="en", help_text="Language code, e.g. en, de, ar.")
    poster = models.ForeignKey(
        NewsImage, on_delete=models.PROTECT, related_name="+", help_text="The still shown before playback."
    )
    width = models.PositiveIntegerField(default=1280)
    height = models.PositiveIntegerField(default=720)
    transcript = models.TextField(blank=True, help_text="Optional full transcript, shown under the player.")

    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        FieldPanel("captions"),
        FieldPanel("captions_language"),
        FieldPanel("poster"),
        MultiFieldPanel([FieldPanel("width"), FieldPanel("height")], heading="Frame size"),
        FieldPanel("transcript"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def mime_type(self) -> str:
        return "video/webm" if self.file.name.lower().endswith(".webm") else "video/mp4"


class HomePage(RememberedRestrictionsMixin, Page):
    """The front page: top stories, then each section's latest."""

    max_count = 1
    subpage_types = ["articles.SectionPage"]
    top_story_count = 5
    per_section_count = 4

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's cached fragment is not there (home_page.html).
        listing = SimpleLazyObject(self._listing)
        context.update(
            top_stories=SimpleLazyObject(lambda: listing["top"]),
            section_listings=SimpleLazyObject(lambda: listing["sections"]),
        )
        return context

    def _listing(self) -> dict:
        articles = ArticlePage.objects.live().public().for_listing()
        top = list(articles[: self.top_story_count])
        shown = {a.pk for a in top}
        sections = []
        for section in SectionPage.objects.live().public().child_of(self).specific():
            latest = [a for a in articles.child_of(section)[: self.per_section_count + len(top)] if a.pk not in shown]
            sections.append((section, latest[: self.per_section_count]))
        return {"top": top, "sections": sections}


class SectionPage(RememberedRestrictionsMixin, Page):
    """A desk of the newsroom: World, Science, Business..."""

    intro = models.CharField(max_length=300, blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    page_size = 20

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        raw = request.GET.get("page", "")
        # The page number in the fragment cache key (section_page.html): anything odd is page 1.
        context["page_number"] = int(raw) if raw.isdigit() and len(raw) <= 6 else 1
        # Read only when the template's cached fragment is not there.
        context["articles"] = SimpleLazyObject(
            lambda: Paginator(
                ArticlePage.objects.live().public().child_of(self).for_listing(), self.page_size
            ).get_page(context["page_number"])
        )
        return context


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self):
        return self.order_by("-first_published_at", "-pk").select_related("lead_image")


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(RememberedRestrictionsMixin, Page):
    standfirst = models.TextField(max_length=400, help_text="One or two sentences under the headline.")
    dateline_place = models.CharField(max_length=80, blank=True, help_text="Where the story was reported from.")
    lead_image = models.ForeignKey(
        NewsImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="lead photo"
    )
    lead_image_caption = models.CharField(max_length=300, blank=True, help_text="Defaults to the photo's own caption.")
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    attribution_override = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="attribution line",
        help_text='Leave empty to build it from the sources below ("Based on reporting by DPA, AFP").',
    )

    topics = ClusterTaggableManager(
        through="articles.ArticleTopic",
        blank=True,
        help_text="What the story is about, e.g. climate, elections. Each topic has its own feed.",
    )

    # db_default too: rows inserted without the ORM (bulk loads, old code) are ordinary articles.
    is_live_story = models.BooleanField(
        default=False,
        db_default=False,
        verbose_name="live story",
        help_text="A live blog: updates posted under Live updates appear on the page as they are published.",
    )

    objects = ArticlePageManager()

    parent_page_types = ["articles.SectionPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel([InlinePanel("authors", label="Staff author"), FieldPanel("dateline_place")], heading="Byline"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_caption")], heading="Lead photo"),
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("sources", label="Agency"), FieldPanel("attribution_override")],
            heading="Agency sources and attribution",
        ),
        FieldPanel("topics"),
        FieldPanel("is_live_story"),
        InlinePanel(
            "corrections",
            label="Correction",
            heading="Corrections",
            help_text="A note readers see under the story, with its date. Publish to send it to feeds and partners.",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        verbose_name = "article"

    def clean(self):
        super().clean()
        missing = []
        if self.lead_image and not self.lead_image.description.strip():
            missing.append(f'the lead photo "{self.lead_image.title}"')
        for block in self.body or []:
            if block.block_type == "image" and not block.value["image"].description.strip():
                missing.append(f'the photo "{block.value["image"].title}"')
        if missing:
            raise ValidationError(
                "Add alt text to " + ", ".join(missing) + " (Images, edit the photo) before saving this article."
            )

    @cached_property
    def source_agencies(self):
        return [source.agency for source in self.sources.select_related("agency").all()]

    @cached_property
    def staff_authors(self):
        return [a.author for a in self.authors.select_related("author").all()]

    @property
    def attribution(self) -> str:
        """ "Based on reporting by DPA, AFP", from the named agencies in order, unless the editor wrote their own."""
        if self.attribution_override.strip():
            return self.attribution_override.strip()
        names = list(dict.fromkeys(agency.short_name for agency in self.source_agencies))
        if not names:
            return ""
        # In the site's language, as the rest of the page: "Based on reporting by DPA, AFP".
        return gettext("Based on reporting by %(agencies)s") % {"agencies": gettext(", ").join(names)}

    @property
    def caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def section(self):
        return self.get_parent().specific

    @property
    def was_updated(self) -> bool:
        if not (self.first_published_at and self.last_published_at):
            return False
        return (self.last_published_at - self.first_published_at).total_seconds() > 60

    def related_articles(self, count: int = 3):
        return ArticlePage.objects.live().public().sibling_of(self, inclusive=False).for_listing()[:count]


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey("accounts.AuthorProfile", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("author")]


class ArticleSource(Orderable):
    """An agency the article is based on. Their order is the attribution line's order."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="sources")
    agency = models.ForeignKey("wires.Agency", on_delete=models.PROTECT, related_name="+")
    panels = [FieldPanel("agency")]


class ArticleTopic(TaggedItemBase):
    content_object = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="topic_items")


class ArticleCorrection(Orderable):
    """A correction note on a published article. It travels with the story: the page,
    its structured data, the feeds and the partner API all carry it."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateTimeField(default=timezone.now, help_text="When the correction was made.")
    text = models.TextField(max_length=1000, help_text="What was wrong and what is right, in one or two sentences.")
    panels = [FieldPanel("date"), FieldPanel("text")]

    def __str__(self):
        return self.text
