from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as sitemap_views

from newsdesk.accounts.models import AuthorProfile

from . import reads, syndication
from .sitemaps import SITEMAPS

AUTHOR_PAGE_SIZE = 20


@require_GET
def robots_txt(request):
    root = syndication.site_root(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        "Disallow: /text-size/",
        "",
        f"Sitemap: {root}{reverse('distribution:sitemap_index')}",
        f"Sitemap: {root}{reverse('distribution:sitemap', args=['news'])}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="distribution:sitemap")


@require_GET
def sitemap(request, section):
    if section not in SITEMAPS:
        from django.http import Http404

        raise Http404("No such sitemap.")
    template = "distribution/news_sitemap.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(request, {section: SITEMAPS[section]}, template_name=template)


@require_GET
def author(request, slug):
    """A staff author's page: who they are and their latest stories. It is the
    url that structured data gives for the author, and it links their feeds."""
    profile = get_object_or_404(AuthorProfile, slug=slug)
    articles = Paginator(reads.article_list(author=profile), AUTHOR_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "distribution/author_page.html",
        {
            "author": profile,
            "articles": articles,
            "canonical_url": syndication.author_url(profile, syndication.site_root(request)),
            "feed_scope": ("author", profile.slug, profile.name),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
