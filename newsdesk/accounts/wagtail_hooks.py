from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AuthorProfile


class AuthorProfileViewSet(SnippetViewSet):
    model = AuthorProfile
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "job_title", "user"]
    search_fields = ["name"]


register_snippet(AuthorProfileViewSet)
