"""RSS 2.0 feeds (and RSS 1.0/RDF, which has the same item shape). Each <item> is a wire
item; RSS has no version numbers, so the publication date orders versions."""

import hashlib

from .base import ParsedFile, ParsedItem, WireParseError, parse_each
from .dates import parse_datetime
from .markup import headline_from_text, plain_text, safe_href, sanitise_html, truncate_words
from .xml import attribute, child, children, localname, text_of

FORMAT = "rss"
ROOTS = {"rss", "RDF"}
_MEDIA_NS_NAMES = {"content", "thumbnail"}


def parse_root(root) -> ParsedFile:
    channel = child(root, "channel")
    if channel is None:
        raise WireParseError("The RSS document has no <channel>.")
    elements = children(channel, "item") or children(root, "item")
    if not elements:
        raise WireParseError("The feed has no items.")
    language = text_of(child(channel, "language"))
    items = parse_each(elements, lambda element: parse_item(element, language=language), name="Item", where="the feed")
    return ParsedFile(FORMAT, items)


def _first(element, *names: str) -> str:
    """The first non-empty child text among names; RSS modules (dc:, content:) share local names."""
    for name in names:
        for candidate in children(element, name):
            if text := "".join(candidate.itertext()).strip():
                return text
    return ""


def parse_item(element, *, language: str = "") -> ParsedItem:
    title = plain_text(_first(element, "title"))
    link = safe_href(_first(element, "link"))
    description = _first(element, "description")
    encoded = _first(element, "encoded")  # content:encoded, the full story when a feed has it
    body = sanitise_html(encoded or description)
    summary = plain_text(description) if encoded else ""
    guid = _first(element, "guid") or link or attribute(element, "about")
    if not title and not body:
        raise WireParseError("An item has neither a title nor a description.")
    if not guid:
        # Without guid or link, the title and date are all that identify the story.
        digest = hashlib.sha256(f"{title}\n{_first(element, 'pubDate')}".encode()).hexdigest()[:32]
        guid = f"rss:{digest}"
    headline = title or headline_from_text(plain_text(body))
    published = parse_datetime(_first(element, "pubDate") or None, field="The publication date")
    dc_date = parse_datetime(_first(element, "date") or None, field="The dc:date")
    updated = parse_datetime(_first(element, "updated", "modified") or None, field="The update date")
    categories = [plain_text(text_of(category)) for category in children(element, "category")]
    categories += [plain_text(text_of(subject)) for subject in children(element, "subject")]
    return ParsedItem(
        format=FORMAT,
        guid=guid.strip()[:500],
        headline=truncate_words(headline, 500),
        body=body,
        summary=summary,
        byline=truncate_words(plain_text(_first(element, "creator", "author")), 300),
        language=(_first(element, "language") or language)[:20],
        keywords=list(dict.fromkeys(word[:200] for word in categories if word)),
        first_created_at=published or dc_date,
        version_created_at=updated or published or dc_date,
        media=_media(element),
    )


def _media(element) -> list[dict]:
    media = []
    for node in element.iter():
        name = localname(node)
        href = safe_href(attribute(node, "url"))
        if not href:
            continue
        mimetype = attribute(node, "type")
        if name == "enclosure" or (name in _MEDIA_NS_NAMES and "mrss" in (node.tag or "")):
            medium = attribute(node, "medium") or mimetype.split("/")[0]
            kind = {"image": "photo", "video": "video", "audio": "audio"}.get(medium)
            if not kind:
                continue
            caption = text_of(child(node, "description")) or text_of(child(node, "title"))
            credit = text_of(child(node, "credit"))
            media.append(
                {
                    "kind": kind,
                    "uri": href,
                    "headline": "",
                    "caption": plain_text(caption),
                    "credit": plain_text(credit),
                    "href": href,
                    "mimetype": mimetype[:100],
                    "renditions": [],
                }
            )
    return media
