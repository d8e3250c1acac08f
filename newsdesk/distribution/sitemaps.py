"""The sitemap index, Wagtail's sitemap of every page, and a Google News sitemap.

The news sitemap lists the articles first published in the last two days, as
Google's news extension asks, at most 1,000 to a file: on a very busy news day
the index simply lists a second page. Each page costs the same few queries
however many articles there are."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from . import reads

NEWS_WINDOW = timedelta(days=2)
NEWS_URLS_PER_FILE = 1000  # Google's limit for one news sitemap


def publication_language() -> str:
    """ISO 639 code as Google News wants it: "en" for en-gb, but zh-cn and zh-tw stay whole."""
    code = settings.LANGUAGE_CODE.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


class PageSitemap(WagtailSitemap):
    """Wagtail's sitemap of every live public page."""

    def get_latest_lastmod(self):
        # Django would load every page to find the newest; the database knows at once.
        return self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]


class NewsSitemap(PageSitemap):
    limit = NEWS_URLS_PER_FILE

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            reads.article_list()
            .prefetch_related(None)
            .select_related(None)
            .filter(first_published_at__gte=since)
            .only("id", "title", "url_path", "first_published_at", "path", "depth", "locale_id")
        )

    def _urls(self, page, protocol, domain):
        name = settings.WAGTAIL_SITE_NAME
        language = publication_language()
        return [
            {
                "item": article,
                "location": article.get_full_url(self.request),
                "publication_name": name,
                "publication_language": language,
                "publication_date": article.first_published_at,
                "title": article.title,
            }
            for article in self.paginator.page(page).object_list
        ]


SITEMAPS = {"pages": PageSitemap, "news": NewsSitemap}
