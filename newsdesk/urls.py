from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from newsdesk.live.api import api as live_api
from newsdesk.reader import views as reader_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", reader_views.favicon),
    path("search/", reader_views.search, name="search"),
    path("text-size/<str:size>/", reader_views.text_size_set, name="text_size_set"),
    path("live/banner/", reader_views.breaking_banner, name="breaking_banner"),
    path("live/", include("newsdesk.live.urls")),
    path("api/alerts/", live_api.urls),
    path("api/wires/", include("newsdesk.wires.urls")),  # agencies push wire files here
]

if settings.SERVE_MEDIA:
    # The embedded default keeps media on local disk; with S3 the bucket serves it.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", reader_views.media_serve),
    ]

urlpatterns += [path("", include("newsdesk.distribution.urls"))]  # feeds, sitemaps, robots.txt, the partner API
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "newsdesk.reader.views.page_not_found"
handler500 = "newsdesk.reader.views.server_error"
