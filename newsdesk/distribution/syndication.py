"""An article as it travels off the site: absolute links, clean HTML, bylines,
crops of the lead photo. Shared by the feeds, the structured data and the API.

Everything here reads; nothing writes except Wagtail creating a rendition the
first time a crop is asked for."""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from lxml import html as lxml_html
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from newsdesk.reader.page_parts import clean_html

# The lead photo's crops, cut around its focal point. Google asks for 16x9, 4x3
# and 1x1 at least 1200 pixels wide for news results and Discover; Wagtail never
# enlarges, so a smaller original gives smaller crops.
CROPS = {
    "16x9": "fill-1200x675|format-jpeg",
    "4x3": "fill-1200x900|format-jpeg",
    "1x1": "fill-1200x1200|format-jpeg",
}
INLINE_IMAGE = "width-1280|format-jpeg"


def site_root(request=None) -> str:
    """The public address of the site serving this request, without a trailing slash."""
    if request is not None and hasattr(request, "_newsdesk_site_root"):
        return request._newsdesk_site_root
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if request is not None:
        request._newsdesk_site_root = root
    return root


def absolute(url: str, root: str) -> str:
    return urljoin(root + "/", url) if url else ""


def article_url(article, request=None) -> str:
    return article.get_full_url(request)


def article_uri(article, root: str) -> str:
    """The article's identity for partners and feed readers. It outlives slug and
    section changes, unlike the page URL, and it resolves to the API item."""
    return absolute(reverse("distribution_api:article_get", args=[article.pk]), root)


@dataclass(frozen=True)
class Byline:
    name: str
    url: str
    is_agency: bool
    job_title: str = ""


def author_url(author, root: str) -> str:
    return absolute(reverse("distribution:author", args=[author.slug]), root) if author.slug else ""


def article_bylines(article, root: str) -> list[Byline]:
    """Staff authors first, then the agencies the story is based on, as on the page."""
    staff = [
        Byline(name=a.name, url=author_url(a, root), is_agency=False, job_title=a.job_title)
        for a in (item.author for item in article.authors.all())
    ]
    agencies = [
        Byline(name=item.agency.name, url=item.agency.website, is_agency=True) for item in article.sources.all()
    ]
    return staff + list({b.name: b for b in agencies}.values())


def article_topics(article) -> list:
    return sorted(article.topics.all(), key=lambda tag: tag.name.lower())


def article_corrections(article) -> list:
    return sorted(article.corrections.all(), key=lambda c: (c.date, c.sort_order or 0))


def lead_image_crops(article) -> dict:
    """{"16x9": rendition, ...} for the lead photo, or {} without one."""
    if not article.lead_image:
        return {}
    renditions = article.lead_image.get_renditions(*CROPS.values())
    return {name: renditions[spec] for name, spec in CROPS.items()}


def rendition_size(rendition) -> int:
    """The file size in bytes; RSS enclosures need it. Renditions never change,
    so it is asked of the storage (a HEAD on S3) once and then remembered."""
    key = f"newsdesk:rendition-size:{rendition.pk}"
    size = cache.get(key)
    if size is None:
        try:
            size = rendition.file.size
        except OSError:
            size = 0
        cache.set(key, size, None)
    return size


def _links_absolute(fragment: str, root: str) -> str:
    if not fragment.strip():
        return ""
    wrapper = lxml_html.fragment_fromstring(fragment, create_parent="div")
    wrapper.make_links_absolute(root + "/", resolve_base_href=False)
    return lxml_html.tostring(wrapper, encoding="unicode")[len("<div>") : -len("</div>")]


def _figure(media, caption: str, credit: str = ""):
    if not (caption or credit):
        return format_html("<figure>{}</figure>", media)
    credit_html = format_html(" <small>Photo: {}</small>", credit) if credit else ""
    return format_html("<figure>{}<figcaption>{}{}</figcaption></figure>", media, caption, credit_html)


def _block_html(block, root: str) -> str:
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return _links_absolute(clean_html(expand_db_html(value.source)), root)
    if kind == "subhead":
        return format_html("<h2>{}</h2>", value)
    if kind == "quote":
        return format_html(
            "<figure><blockquote><p>{}</p></blockquote><figcaption>{}</figcaption></figure>",
            value["quote"],
            value["attribution"],
        )
    if kind == "image":
        image = value["image"]
        rendition = image.get_rendition(INLINE_IMAGE)
        img = format_html(
            '<img src="{}" alt="{}" width="{}" height="{}">',
            absolute(rendition.url, root),
            image.alt_text,
            rendition.width,
            rendition.height,
        )
        return _figure(img, value["caption"] or image.caption, image.credit)
    if kind == "video":
        video = value["video"]
        poster = video.poster.get_rendition(INLINE_IMAGE)
        player = format_html(
            '<video controls preload="none" poster="{}" width="{}" height="{}">'
            '<source src="{}" type="{}"><track kind="captions" src="{}" srclang="{}" default></video>'
            '<p><a href="{}">Watch the video</a> (<a href="{}">captions</a>)</p>',
            absolute(poster.url, root),
            video.width,
            video.height,
            absolute(video.file.url, root),
            video.mime_type,
            absolute(video.captions.url, root),
            video.captions_language,
            absolute(video.file.url, root),
            absolute(video.captions.url, root),
        )
        return _figure(player, value["caption"] or video.title)
    return ""


def body_html(article, root: str) -> str:
    """The story's body as self-contained HTML for feed readers and partners:
    sanitised rich text, absolute links, plain figures, no site chrome."""
    return "".join(_block_html(block, root) for block in article.body)


def correction_date_text(correction) -> str:
    return dateformat.format(timezone.localtime(correction.date), "j F Y, H:i T")


def corrections_html(article) -> str:
    return format_html_join(
        "",
        "<p><strong>Correction, {}:</strong> {}</p>",
        ((correction_date_text(c), c.text) for c in article_corrections(article)),
    )


def summary_text(article) -> str:
    return article.search_description or article.standfirst


def summary_html(article) -> str:
    return format_html("<p>{}</p>", summary_text(article)) + corrections_html(article)


def full_html(article, root: str) -> str:
    return mark_safe(body_html(article, root)) + corrections_html(article)  # noqa: S308 - built from escaped parts
