from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Video


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = "Videos"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "captions_language"]


register_snippet(VideoViewSet)
