from .text_size import SIZES, text_size_from_request


def reader(request):
    """What every reader page's chrome needs: the text size and the section list."""
    from django.utils.functional import SimpleLazyObject

    from newsdesk.articles.models import SectionPage
    from newsdesk.live.models import BreakingAlert

    return {
        "breaking_alert": SimpleLazyObject(lambda: BreakingAlert.objects.current().select_related("page").first()),
        "text_size": text_size_from_request(request),
        "text_sizes": SIZES,
        "nav_sections": SectionPage.objects.live().public().order_by("path").only("title", "url_path"),
    }
