import functools
import uuid

from django.conf import settings
from django.utils.translation import get_language

from .routing import request_generation
from .text_size import SIZES, text_size_from_request


def reader(request):
    """What every reader page's chrome needs: the text size and the section list."""
    from django.utils.functional import SimpleLazyObject

    from newsdesk.articles.models import SectionPage
    from newsdesk.live.banner import banner_get

    banner = SimpleLazyObject(lambda: banner_get(request))
    preview = getattr(request, "is_preview", False)
    generation = f"preview-{uuid.uuid4().hex}" if preview else SimpleLazyObject(lambda: request_generation(request))
    return {
        "breaking_alert": SimpleLazyObject(lambda: banner.alert),
        "live_event_id": SimpleLazyObject(lambda: banner.event_id),
        # Part of every fragment cache key: it changes whenever anything readers see changes.
        # A preview shows a draft, which changes nothing readers see: it is never cached.
        "cache_generation": generation,
        "fragment_cache_seconds": 0 if preview else settings.NEWSDESK_FRAGMENT_CACHE_SECONDS,
        # Read once a render: the templates' words, dates and fragment keys use it (templating.py).
        "language_code": get_language(),
        "reader_urls": reader_urls(),
        "text_size": text_size_from_request(request),
        "text_sizes": SIZES,
        # Called by the template only when the navigation fragment is not cached.
        "nav_sections": lambda: SectionPage.objects.live().public().order_by("path").only("title", "url_path"),
    }


def reader_urls() -> dict:
    """The URLs in every page's chrome (and the text-size control's), reversed once per script prefix."""
    from django.urls import get_script_prefix

    return _reader_urls(get_script_prefix())


@functools.cache
def _reader_urls(prefix: str) -> dict:
    from django.urls import reverse

    return {
        "breaking_banner": reverse("breaking_banner"),
        "search": reverse("search"),
        "text_size": {key: reverse("text_size_set", args=[key]) for key in SIZES},
    }
