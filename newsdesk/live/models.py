from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.blocks import RichTextBlock, StreamBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from newsdesk.articles.blocks import PARAGRAPH_FEATURES, ImageBlock, QuoteBlock, VideoBlock


class BreakingAlertQuerySet(models.QuerySet):
    def current(self, *, now=None):
        """Alerts that readers should see now: not withdrawn, not replaced by a
        newer alert and not expired, newest first. The banner shows the first."""
        now = now or timezone.now()
        return (
            self.filter(withdrawn_at__isnull=True, replaced_by__isnull=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
            .order_by("-published_at", "-pk")
        )


class BreakingAlert(models.Model):
    """The site-wide breaking-news banner. The newest current alert is shown.

    Change alerts through `newsdesk.live.services` only: they record each change
    in the event log and push it to open pages."""

    text = models.CharField(max_length=200, help_text="One short sentence, as readers will see it.")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story the banner links to.",
    )
    url = models.URLField(blank=True, help_text="Or a link, when the story is not a page on this site.")
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Optional: the banner goes away by itself.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )

    objects = BreakingAlertQuerySet.as_manager()

    panels = [FieldPanel("text"), PageChooserPanel("page"), FieldPanel("url"), FieldPanel("expires_at")]

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.text

    def clean(self):
        if not self.page_id and not self.url:
            raise ValidationError("Link the alert to a story: choose a page or give a URL.")
        if self.page_id and not self.url and not Page.objects.filter(pk=self.page_id, live=True).exists():
            raise ValidationError({"page": "This page is not published yet: publish it first or give a URL."})
        if self.expires_at and self.expires_at <= (self.published_at or timezone.now()):
            raise ValidationError({"expires_at": "The expiry must be after the alert is published."})

    @cached_property  # an instance lives for a request, or for a cache generation (banner.py)
    def link(self) -> str:
        if self.page_id and self.page and self.page.live:
            return self.page.url
        return self.url

    @property
    def status(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        if self.replaced_by_id:
            return "replaced"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "current"


class LiveEventQuerySet(models.QuerySet):
    def after(self, event_id: int, *, channels):
        """The events a reader who saw `event_id` has missed, oldest first."""
        return self.filter(pk__gt=event_id, channel__in=channels).order_by("pk")


class LiveEvent(models.Model):
    """The persisted, ordered log of everything pushed to open pages.

    The primary key is the Server-Sent Events id: a reader resumes after the
    last id it saw, also across server restarts. Events are appended in commit
    order (see `services._event_append`), so "everything after id N" is exact.
    """

    ALERTS = "alerts"

    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(max_length=60, default=ALERTS)
    type = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)

    objects = LiveEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["channel", "id"], name="live_event_channel_id")]

    def __str__(self):
        return f"{self.pk} {self.channel} {self.type}"


class LiveUpdateBodyBlock(StreamBlock):
    """What one update of a live story holds: text, a photo, a quote, a captioned video.
    The blocks are the article body's own, so they are sanitised and rendered alike."""

    paragraph = RichTextBlock(features=PARAGRAPH_FEATURES, template="components/blocks/paragraph_block.html")
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()


class LiveUpdateQuerySet(models.QuerySet):
    def visible(self):
        """What readers see of a story: the updates not deleted, key points first, newest first."""
        return self.filter(deleted=False).order_by("-pinned", "-published_at", "-pk")

    def for_story(self, page):
        return self.filter(page=page).visible().select_related("author")


class LiveUpdate(models.Model):
    """One timestamped update of a live story.

    Change updates through `newsdesk.live.services` only: they append each change to
    the story's channel of the event log, and open story pages follow. A deleted update
    stays as a tombstone, so a page that showed it can be told to drop it."""

    page = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="live_updates")
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    body = StreamField(LiveUpdateBodyBlock(), use_json_field=True)
    pinned = models.BooleanField(default=False, verbose_name="key point", help_text="Shown first, above the updates.")
    correction_note = models.TextField(blank=True, max_length=500, help_text="What was corrected, shown to readers.")
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted = models.BooleanField(default=False, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveUpdateQuerySet.as_manager()

    panels = [
        PageChooserPanel("page", "articles.ArticlePage"),
        FieldPanel("body"),
        FieldPanel("pinned"),
        FieldPanel("correction_note"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["page", "deleted", "published_at"], name="live_update_story")]

    def __str__(self):
        return f"{self.page.title}, {self.published_at:%d %b %H:%M}" if self.page_id else "Live update"

    def clean(self):
        if self.page_id and not self.page.is_live_story:
            raise ValidationError({"page": "This article is not a live story: tick “live story” on it first."})

    @property
    def channel(self) -> str:
        return story_channel(self.page_id)


def story_channel(page_id: int) -> str:
    """The event-log channel of one live story."""
    return f"story-{page_id}"
