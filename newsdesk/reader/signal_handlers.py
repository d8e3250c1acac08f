"""Keep cached pages true: whatever readers can see changed, caches forget it.

Decoupled reactions only (STYLE.md): the domain flow never calls these."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)


def _invalidate_on_commit(**kwargs):
    from .pagecache import page_cache_invalidate

    transaction.on_commit(page_cache_invalidate)


def _purge_front_caches(sender, instance, **kwargs):
    """Exact purges for caches in front (nginx with a purge module, a CDN) through
    Wagtail's frontend cache: the page, its section, the home page and the feeds."""
    from django.conf import settings

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    page = instance.specific
    batch = PurgeBatch()
    batch.add_page(page)
    for ancestor in page.get_ancestors().filter(depth__gte=2):
        batch.add_page(ancestor)
    for url in _feed_urls(page):
        batch.add_url(url)
    transaction.on_commit(batch.purge)


def _feed_urls(page) -> list[str]:
    from django.conf import settings

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return [base + path for path in getattr(settings, "NEWSDESK_FEED_PATHS", ())]


def register():
    from newsdesk.accounts.models import AuthorProfile
    from newsdesk.articles.models import NewsImage, Video
    from newsdesk.live.models import BreakingAlert, LiveEvent
    from newsdesk.wires.models import Agency

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_invalidate_on_commit, dispatch_uid=f"pagecache-{signal}")
    for signal in (page_published, page_unpublished):
        signal.connect(_purge_front_caches, dispatch_uid=f"frontcache-{signal}")
    # LiveEvent: an alert that expires changes the banner without saving the alert.
    for model in (BreakingAlert, LiveEvent, NewsImage, Video, AuthorProfile, Agency):
        post_save.connect(_invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    from wagtail.models import Page, PageViewRestriction, Site

    post_delete.connect(_invalidate_on_commit, sender=Page, dispatch_uid="pagecache-delete-page")
    # Who may see a page and which site answers a host: remembered by reader/routing.py.
    for model in (PageViewRestriction, Site):
        post_save.connect(_invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
