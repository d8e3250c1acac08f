from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Agency


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "globe"
    menu_label = "Agencies"
    list_display = ["short_name", "name", "code"]


register_snippet(AgencyViewSet)
