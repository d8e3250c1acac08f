"""Atom feeds (RFC 4287), and single Atom entry documents. Each <entry> is a wire item;
<updated> orders its versions."""

from .base import ParsedFile, ParsedItem, WireParseError, parse_each
from .dates import parse_datetime
from .markup import headline_from_text, plain_text, safe_href, sanitise_html, text_to_html, truncate_words
from .xml import attribute, child, children, inner_html, localname, text_of

FORMAT = "atom"
ROOTS = {"feed", "entry"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_root(root) -> ParsedFile:
    if localname(root) == "entry":
        return ParsedFile(FORMAT, [parse_entry(root, language=root.get(_XML_LANG) or "")])
    entries = children(root, "entry")
    if not entries:
        raise WireParseError("The feed has no entries.")
    language = root.get(_XML_LANG) or ""
    items = parse_each(entries, lambda entry: parse_entry(entry, language=language), name="Entry", where="the feed")
    return ParsedFile(FORMAT, items)


def _text_construct(element, *, html: bool) -> str:
    """An Atom text construct (type text, html or xhtml) as sanitised HTML or as plain text."""
    if element is None:
        return ""
    kind = attribute(element, "type") or "text"
    if kind == "xhtml":
        markup = inner_html(element)
    elif kind == "html":
        markup = "".join(element.itertext())
    else:
        text = "".join(element.itertext())
        return text_to_html(text) if html else plain_text(text)
    return sanitise_html(markup) if html else plain_text(markup)


def parse_entry(entry, *, language: str = "") -> ParsedItem:
    guid = text_of(child(entry, "id"))
    links = children(entry, "link")
    alternate = next((link for link in links if attribute(link, "rel") in ("", "alternate")), None)
    guid = guid or safe_href(attribute(alternate, "href"))
    if not guid:
        raise WireParseError("An entry has no <id> and no link, so its versions cannot be tracked.")
    title = _text_construct(child(entry, "title"), html=False)
    content = child(entry, "content")
    summary_element = child(entry, "summary")
    body = _text_construct(content, html=True) if content is not None else ""
    summary = _text_construct(summary_element, html=False)
    if not body and summary_element is not None:
        body = _text_construct(summary_element, html=True)
        summary = ""
    if not title and not body:
        raise WireParseError(f"Entry {guid} has neither a title nor any content.")
    authors = [text_of(child(author, "name")) for author in children(entry, "author")]
    categories = [
        attribute(category, "label") or attribute(category, "term") for category in children(entry, "category")
    ]
    published = parse_datetime(text_of(child(entry, "published")) or None, field="The published date")
    updated = parse_datetime(text_of(child(entry, "updated")) or None, field="The updated date")
    media = []
    for link in links:
        href = safe_href(attribute(link, "href"))
        kind = {"image": "photo", "video": "video", "audio": "audio"}.get(attribute(link, "type").split("/")[0])
        if attribute(link, "rel") == "enclosure" and href and kind:
            media.append(
                {
                    "kind": kind,
                    "uri": href,
                    "headline": "",
                    "caption": plain_text(attribute(link, "title")),
                    "credit": "",
                    "href": href,
                    "mimetype": attribute(link, "type")[:100],
                    "renditions": [],
                }
            )
    return ParsedItem(
        format=FORMAT,
        guid=guid[:500],
        headline=truncate_words(title, 500) if title else headline_from_text(plain_text(body)),
        body=body,
        summary=summary if body else "",
        byline=truncate_words(", ".join(name for name in authors if name), 300),
        language=(entry.get(_XML_LANG) or language)[:20],
        keywords=list(dict.fromkeys(plain_text(word)[:200] for word in categories if word)),
        first_created_at=published or updated,
        version_created_at=updated or published,
        media=media,
    )
