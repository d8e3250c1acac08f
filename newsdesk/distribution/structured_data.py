"""What search engines and social sites read from a page: schema.org JSON-LD,
Open Graph and Twitter cards, the canonical URL and hreflang alternates.

JSON-LD goes in <script type="application/ld+json">: a data block, never run, so
the Content-Security-Policy (no inline script) holds. Its text is escaped as
Django's json_script does, so no headline can close the element early."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from newsdesk.articles.models import ArticlePage, SectionPage

from . import syndication

LOGO = {"path": "distribution/logo.png", "width": 512, "height": 512}
HEADLINE_MAX = 110  # Google shows no more

# As django.utils.html.json_script: the text cannot end the <script> element,
# open a comment or an entity, whatever an editor types.
_JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    escaped = mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped like json_script
    return format_html('<script type="application/ld+json">{}</script>', escaped)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def publisher(root: str) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{root}/#publisher",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": f"{root}/",
        "logo": {
            "@type": "ImageObject",
            "url": syndication.absolute(static(LOGO["path"]), root),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def language_tag() -> str:
    """BCP 47, as schema.org and Open Graph want it: en-GB."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}-{region.upper()}" if region else language


def news_article(article: ArticlePage, request, *, section: SectionPage | None = None, crops=None) -> dict:
    """schema.org NewsArticle with Google's required and recommended properties."""
    root = syndication.site_root(request)
    url = article.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:HEADLINE_MAX],
        "description": syndication.summary_text(article),
        "datePublished": _iso(article.first_published_at),
        "dateModified": _iso(article.last_published_at or article.first_published_at),
        "inLanguage": language_tag(),
        "isAccessibleForFree": True,
        "publisher": publisher(root),
    }
    crops = syndication.lead_image_crops(article) if crops is None else crops
    if crops:
        credit = article.lead_image.credit
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": syndication.absolute(rendition.url, root),
                "width": rendition.width,
                "height": rendition.height,
                "caption": article.caption or article.lead_image.alt_text,
                **({"creditText": credit} if credit else {}),
            }
            for rendition in crops.values()
        ]
    authors = []
    for byline in syndication.article_bylines(article, root):
        if byline.is_agency:
            organization = {"@type": "Organization", "name": byline.name}
            if byline.url:
                organization["url"] = byline.url
            authors.append(organization)
        else:
            person = {"@type": "Person", "name": byline.name, "url": byline.url}
            if byline.job_title:
                person["jobTitle"] = byline.job_title
            authors.append(person)
    data["author"] = authors or [publisher(root)]
    if section is not None:
        data["articleSection"] = section.title
    topics = [tag.name for tag in syndication.article_topics(article)]
    if topics:
        data["keywords"] = topics
    if article.dateline_place:
        data["dateline"] = article.dateline_place
    corrections = syndication.article_corrections(article)
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": _iso(c.date)} for c in corrections
        ]
    return data


LIVE_BLOG_UPDATES_MAX = 50


def _update_text(update) -> str:
    parts = []
    for block in update.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "quote":
            parts.append(f"“{value['quote']}” ({value['attribution']})")
        elif block.block_type == "image":
            parts.append(value.get("caption") or value["image"].alt_text)
        elif block.block_type == "video":
            parts.append(value.get("caption") or value["video"].title)
    return " ".join(part.strip() for part in parts if part and part.strip())


def live_blog_posting(article: ArticlePage, data: dict) -> dict:
    """A live story as schema.org LiveBlogPosting: the article's NewsArticle
    properties, the coverage start and its newest updates as liveBlogUpdate."""
    from newsdesk.live.models import LiveUpdate

    url = data["url"]
    updates = list(LiveUpdate.objects.filter(page=article, deleted=False).order_by("-published_at", "-pk"))
    entries = []
    for update in updates[:LIVE_BLOG_UPDATES_MAX]:
        text = _update_text(update)
        entries.append(
            {
                "@type": "BlogPosting",
                "@id": f"{url}#update-{update.pk}",
                "url": f"{url}?update={update.pk}#update-{update.pk}",
                "headline": (text or article.title)[:HEADLINE_MAX],
                "articleBody": text,
                "datePublished": _iso(update.published_at),
                "dateModified": _iso(update.corrected_at or update.published_at),
            }
        )
    first = min((u.published_at for u in updates), default=None)
    start = min(filter(None, [article.first_published_at, first]), default=None)
    data = {**data, "@type": "LiveBlogPosting", "coverageStartTime": _iso(start), "liveBlogUpdate": entries}
    if updates:
        data["dateModified"] = max(filter(None, [data.get("dateModified"), entries[0]["dateModified"]]))
    return data


def website(request) -> dict:
    root = syndication.site_root(request)
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{root}/#website",
        "url": f"{root}/",
        "name": settings.WAGTAIL_SITE_NAME,
        "inLanguage": language_tag(),
        "publisher": publisher(root),
    }


def page_meta(page: Page | None, request, *, canonical_url: str = "") -> dict:
    """Everything the head needs for one page: canonical, alternates, Open Graph,
    Twitter card and JSON-LD. Works for any Wagtail page, and for other views that
    pass a canonical URL."""
    root = syndication.site_root(request)
    site_name = settings.WAGTAIL_SITE_NAME
    meta = {"canonical": canonical_url, "alternates": [], "og": [], "twitter": [], "json_ld": []}
    image = None
    if page is not None:
        meta["canonical"] = page.get_full_url(request)
        translations = list(page.get_translations(inclusive=True).live().select_related("locale"))
        if len(translations) > 1:
            meta["alternates"] = [(t.locale.language_code, t.get_full_url(request)) for t in translations]
    if not meta["canonical"]:
        return meta
    title = site_name
    description = ""
    og_type = "website"
    if page is not None and page.depth > 2:
        title = page.seo_title or page.title
    description = getattr(page, "search_description", "") or ""
    if isinstance(page, SectionPage):
        description = description or page.intro
    if isinstance(page, ArticlePage):
        og_type = "article"
        description = description or page.standfirst
        section = SectionPage.objects.filter(path=page.path[: -Page.steplen]).only("title").first()
        crops = syndication.lead_image_crops(page)
        article = news_article(page, request, section=section, crops=crops)
        if page.is_live_story:
            article = live_blog_posting(page, article)
        meta["json_ld"].append(json_ld_script(article))
        if crops:
            image = (crops["16x9"], page.lead_image.alt_text)
        meta["og"] += [("article:published_time", article["datePublished"])]
        meta["og"] += [("article:modified_time", article["dateModified"])]
        if section is not None:
            meta["og"] += [("article:section", section.title)]
        meta["og"] += [("article:tag", tag) for tag in article.get("keywords", [])]
        meta["og"] += [("article:author", a["url"]) for a in article["author"] if a["@type"] == "Person"]
    elif page is not None and page.depth <= 2:
        meta["json_ld"].append(json_ld_script(website(request)))
    meta["og"] = [
        ("og:type", og_type),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:url", meta["canonical"]),
        ("og:locale", language_tag().replace("-", "_")),
        *([("og:description", description)] if description else []),
        *meta["og"],
    ]
    if image is not None:
        rendition, alt = image
        image_url = syndication.absolute(rendition.url, root)
        meta["og"] += [
            ("og:image", image_url),
            ("og:image:width", str(rendition.width)),
            ("og:image:height", str(rendition.height)),
            ("og:image:alt", alt),
        ]
        card = "summary_large_image"
    else:
        logo = syndication.absolute(static(LOGO["path"]), root)
        image_url, alt, card = logo, f"{site_name} logo", "summary"
        meta["og"] += [("og:image", logo), ("og:image:alt", alt)]
    meta["twitter"] = [("twitter:card", card), ("twitter:image", image_url), ("twitter:image:alt", alt)]
    meta["twitter"] += [("twitter:title", title), *([("twitter:description", description)] if description else [])]
    return meta
