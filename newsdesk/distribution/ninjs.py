"""Published articles as IPTC ninjs 3.1 and 2.2 (https://iptc.org/standards/ninjs/).

The item is built once in 3.1's terms; 2.2 has the same structure with all-lowercase
property names and no aspect ratio on renditions. `version` counts the times the
article was published, so a correction (published as a new revision) raises it.
"""

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry

from . import reads, syndication
from .structured_data import language_tag

VERSIONS = ("2.2", "3.1")
DEFAULT_VERSION = "2.2"
SCHEMA_URIS = {
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#",
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
_NOT_IN_2_2 = {"aspectRatio"}
_RENAMED_IN_2_2 = {"embargoedUntil": "embargoed"}


def with_versions(articles):
    """Annotate `ninjs_version`: how many times each article was published."""
    publishes = (
        PageLogEntry.objects.filter(page=OuterRef("pk"), action="wagtail.publish")
        .order_by()
        .values("page")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return articles.annotate(ninjs_version=Coalesce(Subquery(publishes, output_field=IntegerField()), Value(0)))


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _clean(value):
    """Drop empty strings, lists and dicts: ninjs wants a property absent, not blank."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value if v not in ("", None, [], {})]
    return value


def _to_2_2(value):
    if isinstance(value, dict):
        return {_RENAMED_IN_2_2.get(k, k).lower(): _to_2_2(v) for k, v in value.items() if k not in _NOT_IN_2_2}
    if isinstance(value, list):
        return [_to_2_2(v) for v in value]
    return value


def _lead_image(article, root: str) -> dict:
    image = article.lead_image
    crops = syndication.lead_image_crops(article)
    return {
        "name": "featureimage",
        "uri": syndication.absolute(image.file.url, root),
        "type": "picture",
        "representationType": "full",
        "headlines": [{"value": image.title}],
        "descriptions": [
            {"role": "alt", "contentType": "text/plain", "value": image.alt_text},
            {"role": "caption", "contentType": "text/plain", "value": article.caption},
        ],
        "by": image.credit,
        "renditions": [
            {
                "name": name,
                "href": syndication.absolute(rendition.url, root),
                "contentType": "image/jpeg",
                "width": rendition.width,
                "height": rendition.height,
                "aspectRatio": name.replace("x", ":"),
            }
            for name, rendition in crops.items()
        ],
    }


def article_ninjs(article, *, request, version: str = DEFAULT_VERSION, sections=None) -> dict:
    """One published article as a ninjs item of the given version ("2.2" or "3.1")."""
    root = syndication.site_root(request)
    sections = sections if sections is not None else reads.section_map()
    section = reads.article_section(article, sections)
    bylines = syndication.article_bylines(article, root)
    staff = [b for b in bylines if not b.is_agency]
    agencies = [b for b in bylines if b.is_agency]
    body = str(syndication.full_html(article, root))
    text = strip_tags(body)
    corrections = syndication.article_corrections(article)
    item = {
        "uri": syndication.article_uri(article, root),
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA_URIS[version]},
        "type": "text",
        "representationType": "full",
        "version": str(max(getattr(article, "ninjs_version", 1), 1)),
        "firstCreated": _iso(article.first_published_at),
        "versionCreated": _iso(article.last_published_at or article.first_published_at),
        "pubStatus": "usable",
        "language": language_tag(),
        "slugline": article.slug,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.title}],
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": syndication.summary_text(article)}]
        + [
            {
                "role": "correction",
                "contentType": "text/plain",
                "value": f"{syndication.correction_date_text(c)}: {c.text}",
            }
            for c in corrections
        ],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "charCount": len(text),
                "wordCount": len(text.split()),
                "value": body,
            }
        ],
        "edNote": f"Corrected: {corrections[-1].text}" if corrections else "",
        "by": ", ".join(b.name for b in staff) or ", ".join(b.name for b in agencies),
        "located": article.dateline_place,
        "people": [{"name": b.name, "rel": "author", "uri": b.url} for b in staff],
        "infoSources": [{"name": b.name, "role": "source", "uri": b.url} for b in agencies]
        + [{"name": settings.WAGTAIL_SITE_NAME, "role": "publisher", "uri": f"{root}/"}],
        "subjects": ([{"name": section.title, "rel": "section", "literal": section.slug}] if section else [])
        + [{"name": t.name, "rel": "topic", "literal": t.slug} for t in syndication.article_topics(article)],
        "altIds": [{"role": "url", "value": syndication.article_url(article, request)}],
        "copyrightHolder": settings.WAGTAIL_SITE_NAME,
        "copyrightNotice": f"© {settings.WAGTAIL_SITE_NAME}" + (f"; {article.attribution}" if agencies else ""),
        "associations": [_lead_image(article, root)] if article.lead_image else [],
    }
    item = _clean(item)
    return _to_2_2(item) if version == "2.2" else item
