"""IPTC NewsML-G2: a newsItem on its own, or the newsItems of a newsMessage. Bodies come
inline as NITF or XHTML (inlineXML) or as text (inlineData); photos and videos as
remoteContent renditions."""

from .base import (
    ParsedFile,
    ParsedItem,
    WireParseError,
    parse_each,
    size_from_text,
    urgency_from_text,
    version_from_text,
)
from .dates import parse_datetime
from .markup import headline_from_text, plain_text, safe_href, sanitise_html, text_to_html, truncate_words
from .nitf import nitf_body
from .xml import attribute, child, children, find, inner_html, localname, text_of

FORMAT = "newsml-g2"
ROOTS = {"newsItem", "newsMessage", "packageItem", "conceptItem", "planningItem", "knowledgeItem", "catalog"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_CLASSES = {"picture": "photo", "graphic": "graphic", "video": "video", "audio": "audio"}


def parse_root(root) -> ParsedFile:
    name = localname(root)
    if name == "newsItem":
        return ParsedFile(FORMAT, [parse_news_item(root)])
    if name == "newsMessage":
        item_set = child(root, "itemSet")
        items = children(item_set, "newsItem") if item_set is not None else []
        if not items:
            raise WireParseError("The news message carries no newsItem (only packages, concepts or nothing).")
        return ParsedFile(FORMAT, parse_each(items, parse_news_item, name="News item", where="the message"))
    if name == "packageItem":
        raise WireParseError(
            "This is a NewsML-G2 package (packageItem): it lists other items but carries no story of its own."
        )
    raise WireParseError(f"This is a NewsML-G2 {name}, not a news item.")


def parse_news_item(element) -> ParsedItem:
    guid = attribute(element, "guid")
    if not guid:
        raise WireParseError("The newsItem has no guid attribute, so its versions cannot be tracked.")
    item_meta = child(element, "itemMeta")
    content_meta = child(element, "contentMeta")
    content_set = child(element, "contentSet")
    language = _language(element, content_meta)

    item_class = attribute(child(item_meta, "itemClass") if item_meta is not None else None, "qcode")
    media_kind = MEDIA_CLASSES.get(item_class.split(":")[-1].lower())

    body, nitf = "", {}
    if content_set is not None:
        body, nitf = _body(content_set)

    headline = _headline(content_meta, language) or plain_text(nitf.get("headline"))
    if not headline and item_meta is not None:
        headline = text_of(child(item_meta, "title"))
    if not headline and content_meta is not None:
        headline = text_of(child(content_meta, "slugline"))
    summary = _summary(content_meta) or plain_text(nitf.get("summary"))
    if not headline:
        lead = summary or plain_text(body)
        if not lead:
            raise WireParseError(f"News item {guid} has no headline, title or text.")
        headline = headline_from_text(lead)

    byline = ""
    if content_meta is not None:
        byline = text_of(child(content_meta, "by"))
        if not byline:
            creators = [text_of(child(creator, "name")) for creator in children(content_meta, "creator")]
            byline = ", ".join(name for name in creators if name)
    byline = byline or plain_text(nitf.get("byline"))

    dateline = ""
    if content_meta is not None:
        dateline = text_of(child(content_meta, "dateline")) or text_of(find(content_meta, "located", "name"))
    dateline = dateline or plain_text(nitf.get("dateline"))

    media = []
    if media_kind and content_set is not None:
        credit = text_of(child(content_meta, "creditline")) if content_meta is not None else ""
        media.append(_media(content_set, media_kind, guid, headline, summary, credit or byline))

    def meta_date(parent, name, field):
        return parse_datetime(text_of(child(parent, name)) if parent is not None else None, field=field)

    return ParsedItem(
        format=FORMAT,
        guid=guid[:500],
        version=version_from_text(attribute(element, "version")),
        headline=truncate_words(headline, 500),
        body=body,
        summary=summary,
        byline=truncate_words(byline, 300),
        dateline=truncate_words(dateline, 200),
        language=language[:20],
        subjects=_subjects(content_meta, language),
        keywords=_keywords(content_meta),
        urgency=urgency_from_text(text_of(child(content_meta, "urgency")) if content_meta is not None else ""),
        embargoed_until=meta_date(item_meta, "embargoed", "The embargo time"),
        first_created_at=meta_date(item_meta, "firstCreated", "The first-created time")
        or meta_date(content_meta, "contentCreated", "The content-created time"),
        version_created_at=meta_date(item_meta, "versionCreated", "The version-created time"),
        media=[entry for entry in media if entry],
    )


def _language(element, content_meta) -> str:
    if content_meta is not None and (tag := attribute(child(content_meta, "language"), "tag")):
        return tag
    return (element.get(_XML_LANG) or "").strip()


def _name(element, language: str) -> str:
    names = children(element, "name")
    if not names:
        return ""
    prefix = language.split("-")[0].lower()
    for name in names:
        if (name.get(_XML_LANG) or "").lower().split("-")[0] == prefix:
            return text_of(name)
    return text_of(names[0])


def _headline(content_meta, language: str) -> str:
    if content_meta is None:
        return ""
    headlines = children(content_meta, "headline")
    for headline in headlines:
        if attribute(headline, "role") in ("", "hld:main"):
            return text_of(headline)
    return text_of(headlines[0]) if headlines else ""


def _summary(content_meta) -> str:
    if content_meta is None:
        return ""
    descriptions = children(content_meta, "description")
    for wanted in ("drol:summary", "drol:caption", ""):
        for description in descriptions:
            if attribute(description, "role") == wanted and (text := text_of(description)):
                return text
    return next((text for d in descriptions if (text := text_of(d))), "")


def _body(content_set) -> tuple[str, dict]:
    for inline in children(content_set, "inlineXML"):
        for root in inline:
            if not isinstance(root.tag, str):
                continue
            if localname(root) == "nitf":
                parts = nitf_body(root)
                return parts["body"], parts
            if localname(root) == "html":
                body = child(root, "body")
                return sanitise_html(inner_html(body if body is not None else root)), {}
            return sanitise_html(inner_html(inline)), {}
    for inline in children(content_set, "inlineData"):
        value = "".join(inline.itertext())
        if "html" in attribute(inline, "contenttype").lower():
            return sanitise_html(value), {}
        return text_to_html(value), {}
    return "", {}


def _media(content_set, kind: str, guid: str, headline: str, caption: str, credit: str) -> dict:
    renditions = []
    for remote in children(content_set, "remoteContent"):
        href = safe_href(attribute(remote, "href"))
        if not href:
            continue
        renditions.append(
            {
                "name": attribute(remote, "rendition").split(":")[-1][:100],
                "href": href,
                "mimetype": attribute(remote, "contenttype")[:100],
                "width": size_from_text(attribute(remote, "width")),
                "height": size_from_text(attribute(remote, "height")),
            }
        )
    best = max(renditions, key=lambda r: (r["width"] or 0) * (r["height"] or 0), default={})
    return {
        "kind": kind,
        "uri": guid[:500],
        "headline": headline,
        "caption": caption,
        "credit": credit,
        "href": best.get("href", ""),
        "mimetype": best.get("mimetype", ""),
        "renditions": renditions,
    }


def _subjects(content_meta, language: str) -> list[dict]:
    if content_meta is None:
        return []
    subjects = []
    for subject in children(content_meta, "subject"):
        name = _name(subject, language)
        code = attribute(subject, "qcode") or attribute(subject, "uri")
        if name or code:
            subjects.append({"name": name[:200], "code": code[:300]})
    return subjects


def _keywords(content_meta) -> list[str]:
    if content_meta is None:
        return []
    words = [text_of(keyword) for keyword in children(content_meta, "keyword")]
    return list(dict.fromkeys(word[:200] for word in words if word))
