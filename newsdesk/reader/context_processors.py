from .text_size import SIZES, text_size_from_request


def reader(request):
    """What every reader page's chrome needs: the text size and the section list."""
    from django.utils.functional import SimpleLazyObject

    from newsdesk.articles.models import SectionPage
    from newsdesk.live.banner import banner_get

    banner = SimpleLazyObject(lambda: banner_get(request))
    return {
        "breaking_alert": SimpleLazyObject(lambda: banner.alert),
        "live_event_id": SimpleLazyObject(lambda: banner.event_id),
        "text_size": text_size_from_request(request),
        "text_sizes": SIZES,
        "nav_sections": SectionPage.objects.live().public().order_by("path").only("title", "url_path"),
    }
