from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Page


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

    @property
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
