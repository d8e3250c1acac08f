import hashlib
import secrets

from django.db import models
from django.utils import timezone

KEY_PREFIX = "nd_"


class PartnerKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class PartnerKey(models.Model):
    """A partner's key to the outbound ninjs API. Only a SHA-256 digest is stored:
    the key itself is shown once, when it is made, and cannot be read back.
    The keys are 256 random bits, so a fast hash is enough and survives a change
    of SECRET_KEY."""

    name = models.CharField(max_length=120, help_text="The partner, e.g. Regional Daily Ltd.")
    contact = models.EmailField(blank=True, help_text="Who to tell before the key is revoked or the API changes.")
    requests_per_minute = models.PositiveIntegerField(
        default=60, help_text="Requests above this in one minute are refused with 429 Too Many Requests."
    )
    prefix = models.CharField(max_length=16, editable=False, help_text="The start of the key, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "partner API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
