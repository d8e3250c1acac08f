"""Writes of the distribution app."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import ArticleCorrection, ArticlePage

from .models import PartnerKey


@transaction.atomic
def article_correction_publish(
    *, article: ArticlePage, text: str, user=None, date: datetime | None = None
) -> ArticleCorrection:
    """Add a correction note to a published article and publish it, as an editor
    does in the admin. Publishing is what makes the correction travel: the page
    shows it with its date, the JSON-LD and the feeds carry it, and the article's
    ninjs version goes up.

    The note is added to the live version, so an editor's unpublished draft is not
    published with it by surprise: refused while there are pending changes."""
    article.refresh_from_db()
    if not article.live:
        raise ValueError("Only a published article takes a correction note; edit the draft instead.")
    if not text.strip():
        raise ValueError("A correction needs its text.")
    if article.has_unpublished_changes:
        raise ValueError("This article has unpublished changes: publish or discard them first.")
    page = article
    correction = ArticleCorrection(text=text.strip(), date=date or timezone.now())
    page.corrections.add(correction)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    article.refresh_from_db()
    return ArticleCorrection.objects.filter(page=article).latest("pk")


def partner_key_create(*, name: str, requests_per_minute: int = 60, contact: str = "") -> tuple[PartnerKey, str]:
    """Make an API key for a partner. Returns the record and the key itself, which
    is not stored and must be handed over now."""
    key = PartnerKey.generate()
    record = PartnerKey.objects.create(
        name=name,
        contact=contact,
        requests_per_minute=requests_per_minute,
        prefix=key[:10],
        key_hash=PartnerKey.digest(key),
    )
    return record, key


def partner_key_revoke(*, partner_key: PartnerKey) -> PartnerKey:
    """Revoke a key at once. The record stays, for the audit trail."""
    if partner_key.revoked_at is None:
        partner_key.revoked_at = timezone.now()
        partner_key.save(update_fields=["revoked_at"])
    return partner_key
