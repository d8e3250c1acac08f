from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BreakingAlert


class BreakingAlertViewSet(SnippetViewSet):
    model = BreakingAlert
    icon = "warning"
    menu_label = "Breaking news"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["text", "published_at", "expires_at", "withdrawn_at"]


register_snippet(BreakingAlertViewSet)
