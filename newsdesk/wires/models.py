import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Agency(index.Indexed, models.Model):
    """A news agency whose copy the newsroom uses (AFP, dpa, AP, Reuters...)."""

    name = models.CharField(max_length=120, unique=True, help_text="Full name, e.g. Deutsche Presse-Agentur.")
    short_name = models.CharField(
        max_length=40,
        help_text='How the attribution line names it, e.g. "DPA" in "Based on reporting by DPA, AFP".',
    )
    code = models.SlugField(max_length=40, unique=True, help_text="Stable identifier used by wire sources, e.g. dpa.")
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("code"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.SearchField("short_name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.short_name


class WireSourceQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)

    def drop_folders(self):
        return self.enabled().filter(kind=WireSource.Kind.DROP_FOLDER)

    def feeds(self):
        return self.enabled().filter(kind=WireSource.Kind.FEED)


def _push_token() -> str:
    return secrets.token_urlsafe(32)


class WireSource(models.Model):
    """Where an agency's copy comes from: a drop folder it fills by FTP/SFTP, a feed
    we poll, an endpoint it pushes to, or a bulk import from the command line."""

    class Kind(models.TextChoices):
        DROP_FOLDER = "folder", "Drop folder"
        FEED = "feed", "HTTP feed URL"
        PUSH = "push", "Push endpoint"
        IMPORT = "import", "Bulk import"

    name = models.CharField(max_length=120, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sources")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DROP_FOLDER)
    enabled = models.BooleanField(default=True)
    folder_path = models.CharField(
        max_length=500,
        blank=True,
        help_text="Drop folder on this server. Finished files move to processed/ or quarantine/ inside it.",
    )
    feed_url = models.URLField(max_length=1000, blank=True, help_text="RSS, Atom or ninjs feed to poll.")
    feed_etag = models.CharField(max_length=500, blank=True, editable=False)
    feed_last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    push_token = models.CharField(
        max_length=100,
        blank=True,
        default=_push_token,
        help_text="The agency sends it as a Bearer token with every push.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WireSourceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("agency"),
        FieldPanel("kind"),
        FieldPanel("enabled"),
        FieldPanel("folder_path"),
        FieldPanel("feed_url"),
        FieldPanel("push_token"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.DROP_FOLDER and not self.folder_path:
            raise ValidationError({"folder_path": "A drop folder source needs the folder's path."})
        if self.kind == self.Kind.FEED and not self.feed_url:
            raise ValidationError({"feed_url": "A feed source needs the feed's URL."})
        if self.kind == self.Kind.PUSH and len(self.push_token) < 24:
            raise ValidationError({"push_token": "A push source needs a token of at least 24 characters."})


class WirePayload(models.Model):
    """The bytes of one delivered file, exactly as they arrived, stored once however
    many items and versions were read from it."""

    sha256 = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()

    wagtail_reference_index_ignore = True
    filename = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=20)
    size = models.PositiveBigIntegerField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.filename or self.sha256[:12]} ({self.size} bytes)"


class WireFormat(models.TextChoices):
    NINJS = "ninjs", "IPTC ninjs"
    NEWSML_G2 = "newsml-g2", "IPTC NewsML-G2"
    RSS = "rss", "RSS 2.0"
    ATOM = "atom", "Atom"


class WireContent(models.Model):
    """The normalised fields of one version of a wire item, whatever format it came in."""

    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The agency's version number, if it gives one."
    )
    headline = models.CharField(max_length=500)
    body = models.TextField(blank=True, help_text="Sanitised HTML.")
    summary = models.TextField(blank=True, help_text="The agency's abstract or caption, plain text.")
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True)
    subjects = models.JSONField(default=list, blank=True, help_text='[{"name": ..., "code": ...}]')
    keywords = models.JSONField(default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is most urgent, 9 least.")
    embargoed_until = models.DateTimeField(null=True, blank=True)
    first_created_at = models.DateTimeField(null=True, blank=True)
    version_created_at = models.DateTimeField(null=True, blank=True)
    media = models.JSONField(
        default=list,
        blank=True,
        help_text='Photo and video references: [{"kind", "href", "caption", "credit", "renditions"}].',
    )
    format = models.CharField(max_length=20, choices=WireFormat.choices)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the normalised fields: equal means same copy.")
    # Keyed by the bytes' SHA-256, so ingest can link a payload without reading it back.
    payload = models.ForeignKey(WirePayload, to_field="sha256", on_delete=models.PROTECT, related_name="+")

    # Wagtail's reference index would add three queries to every stored version; which
    # articles use an item is recorded by ArticleWireItem instead.
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    @property
    def original_bytes(self) -> bytes:
        return bytes(self.payload.data)

    @property
    def is_embargoed(self) -> bool:
        return bool(self.embargoed_until and self.embargoed_until > timezone.now())


class WireStory(models.Model):
    """Wire items from one or more agencies about the same story, grouped by text
    similarity (services.wire_stories_group), so an editor can compare them."""

    key = models.CharField(max_length=32, unique=True)
    size = models.PositiveIntegerField(default=1)
    agencies = models.CharField(max_length=300, blank=True, help_text="Short names, e.g. AFP, DPA, Reuters.")
    updated_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name_plural = "wire stories"

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.size} versions of this story: {self.agencies}"


class WireItemQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-version_created_at", "-received_at", "-pk")

    def under_embargo(self, *, now=None):
        return self.filter(embargoed_until__gt=now or timezone.now())

    def cleared(self, *, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(embargoed_until__isnull=True) | models.Q(embargoed_until__lte=now))

    def used_by(self, page):
        return self.filter(article_uses__page=page)

    def for_desk(self):
        return self.select_related("agency", "story").newest_first()


class WireItem(WireContent):
    """A story as the desk sees it: the newest version an agency sent of one guid.
    Every version received, older ones included, is kept in WireItemVersion.

    Not in Wagtail's search index: on SQLite each index write recomputes over the whole
    index, which ingest at agency rates cannot afford. The desk searches with the ORM."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="wire_items")
    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    guid = models.CharField(max_length=500, help_text="The agency's identifier for the item, stable across versions.")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now, help_text="When a newer version last replaced this one.")
    story = models.ForeignKey(WireStory, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    objects = WireItemQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "guid"], name="wires_item_unique_guid_per_agency")]
        indexes = [models.Index(fields=["-version_created_at", "-received_at"], name="wires_item_newest")]

    def __str__(self):
        return self.headline

    def history(self) -> list:
        """Every version held, this one included, newest first by the agency's ordering."""
        versions = [self, *self.versions.all()]
        return sorted(versions, key=lambda v: (v.version or 0, v.version_created_at or v.received_at), reverse=True)


class WireItemVersion(WireContent):
    """A version of a wire item that is not the one on the desk: one a newer version
    replaced, or an older one that arrived late. With the item itself, the full history."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="versions")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "content_hash"], name="wires_version_unique_content"),
        ]

    def __str__(self):
        return f"{self.item.guid} v{self.version or '?'}"


class ArticleWireItem(Orderable):
    """A wire item an article was built from, in the order the editor chose them.
    The article's attribution line names their agencies."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="wire_items")
    item = models.ForeignKey(WireItem, on_delete=models.PROTECT, related_name="article_uses")
    version = models.PositiveIntegerField(null=True, blank=True, help_text="The version it was composed from.")
    content_hash = models.CharField(max_length=64, blank=True, help_text="The copy it was composed from.")

    panels = [FieldPanel("item")]

    def __str__(self):
        return f"{self.page} ← {self.item}"


class QuarantinedFileQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=QuarantinedFile.Status.WAITING)


class QuarantinedFile(models.Model):
    """A delivered file that could not be read, with the reason and its exact bytes,
    so nothing an agency sent is lost and an editor can retry it after a fix."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a fix"
        RESOLVED = "resolved", "Ingested on retry"
        DISMISSED = "dismissed", "Dismissed"

    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="quarantined")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=20, blank=True, help_text="The format it looked like, if any.")
    reason = models.TextField(help_text="Why it could not be read, for a person.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    retry_count = models.PositiveIntegerField(default=0)
    last_retried_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuarantinedFileQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    # The file and its reason are the record; an editor only marks it dismissed or retries it.
    panels = [FieldPanel("status")]

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename or self.sha256[:12]}: {self.reason[:80]}"

    @property
    def original_bytes(self) -> bytes:
        return bytes(self.data)
