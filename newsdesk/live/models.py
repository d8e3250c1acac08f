from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, PageChooserPanel


class BreakingAlertQuerySet(models.QuerySet):
    def current(self, *, now=None):
        """Alerts that readers should see now: not withdrawn and not expired, newest first."""
        now = now or timezone.now()
        return (
            self.filter(withdrawn_at__isnull=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
            .order_by("-published_at", "-pk")
        )


class BreakingAlert(models.Model):
    """The site-wide breaking-news banner. The newest current alert is shown."""

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
        if self.expires_at and self.expires_at <= (self.published_at or timezone.now()):
            raise ValidationError({"expires_at": "The expiry must be after the alert is published."})

    @property
    def link(self) -> str:
        if self.page_id and self.page and self.page.live:
            return self.page.url
        return self.url
