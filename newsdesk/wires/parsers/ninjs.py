"""IPTC ninjs, news in JSON: 1.x (headline, body_xhtml, byline), 2.x (headlines, bodies,
by) and 3.x (the same in camelCase). A file holds one item or a list of items."""

import json

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
from .encoding import decode_text
from .markup import headline_from_text, plain_text, safe_href, sanitise_html, text_to_html, truncate_words
from .nitf import nitf_body
from .xml import parse_xml

FORMAT = "ninjs"
MEDIA_KINDS = {"picture": "photo", "graphic": "graphic", "video": "video", "audio": "audio"}
_SUMMARY_ROLES = ("summary", "lead", "text", "caption", "")


def parse(payload: bytes) -> ParsedFile:
    text, _ = decode_text(payload)
    try:
        data = json.loads(text.lstrip("\ufeff"), strict=False)
    except json.JSONDecodeError as error:
        raise WireParseError(
            f"The JSON is malformed: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from error
    except RecursionError as error:
        raise WireParseError("The JSON is nested too deeply to be a news item.") from error
    if isinstance(data, list):
        if not data:
            raise WireParseError("The JSON is an empty list: there are no items in it.")
        return ParsedFile(FORMAT, parse_each(data, parse_item, name="Item", where="the list"))
    return ParsedFile(FORMAT, [parse_item(data)])


def parse_item(data) -> ParsedItem:
    if not isinstance(data, dict):
        raise WireParseError(f"Expected a ninjs object, found a JSON {type(data).__name__}.")
    if "$schema" in data or ("properties" in data and "uri" not in data):
        raise WireParseError("This is a JSON Schema, not a news item.")
    item = _lower_keys(data)
    altids = item.get("altids") if isinstance(item.get("altids"), dict) else {}
    guid = _string(item.get("uri")) or _string(altids.get("itemid"))
    if not guid:
        raise WireParseError('The JSON has no "uri", so it is not a ninjs item (every ninjs item has one).')

    body = ""
    summary = ""
    byline = plain_text(_string(item.get("by")) or _string(item.get("byline")))
    dateline = plain_text(_string(item.get("located")))
    nitf_headline = ""
    chosen = _choose_body(item)
    if chosen:
        kind, value = chosen
        if kind == "html":
            body = sanitise_html(value)
        elif kind == "nitf":
            parts = nitf_body(parse_xml(value.encode("utf-8"), what="NITF body"))
            body = parts["body"]
            byline = byline or plain_text(parts["byline"])
            dateline = dateline or plain_text(parts["dateline"])
            summary = plain_text(parts["summary"])
            nitf_headline = plain_text(parts["headline"])
        else:
            body = text_to_html(value)
    summary = _summary(item) or summary

    headline = (
        _main_headline(item)
        or plain_text(_string(item.get("headline")))
        or plain_text(_string(item.get("title")))
        or nitf_headline
        or plain_text(_string(item.get("slugline")))
    )
    if not headline:
        lead = summary or plain_text(body)
        if not lead:
            raise WireParseError(f"Item {guid} has no headline, title or text.")
        headline = headline_from_text(lead)

    return ParsedItem(
        format=FORMAT,
        guid=guid[:500],
        version=version_from_text(_string(item.get("version"))),
        headline=truncate_words(headline, 500),
        body=body,
        summary=summary,
        byline=truncate_words(byline, 300),
        dateline=truncate_words(dateline, 200),
        language=_string(item.get("language"))[:20],
        subjects=_subjects(item),
        keywords=_keywords(item),
        urgency=urgency_from_text(_string(item.get("urgency"))),
        embargoed_until=parse_datetime(item.get("embargoeduntil", item.get("embargoed")), field="The embargo time"),
        first_created_at=parse_datetime(
            item.get("firstcreated") or item.get("contentcreated"), field="The first-created time"
        ),
        version_created_at=parse_datetime(item.get("versioncreated"), field="The version-created time"),
        media=_media(item),
    )


def _lower_keys(value):
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_lower_keys(child) for child in value]
    return value


def _string(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _dicts(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [entry for entry in value if isinstance(entry, dict)]
    return []


def _main_headline(item) -> str:
    headlines = _dicts(item.get("headlines"))
    for headline in sorted(headlines, key=lambda h: h.get("role") != "main"):
        if text := plain_text(_string(headline.get("value"))):
            return text
    return ""


def _choose_body(item) -> tuple[str, str] | None:
    """The richest body the item offers: HTML, then NITF, then plain text."""
    candidates = []
    for body in _dicts(item.get("bodies")):
        value = _string(body.get("value")) if isinstance(body.get("value"), str) else ""
        if not value:
            continue
        hint = f"{_string(body.get('role'))} {_string(body.get('contenttype'))}".lower()
        if "nitf" in hint:
            candidates.append((1, "nitf", value))
        elif "html" in hint:
            candidates.append((0, "html", value))
        elif "xml" in hint:
            continue  # an agency's own XML dialect (TT's TTNITF): the HTML or text body covers it
        else:
            candidates.append((2, "text", value))
    for key, kind, rank in (("body_xhtml", "html", 0), ("body_html", "html", 0), ("body_nitf", "nitf", 1)):
        if value := _string(item.get(key)):
            candidates.append((rank, kind, value))
    if value := _string(item.get("body_text")):
        candidates.append((2, "text", value))
    if not candidates:
        return None
    _, kind, value = min(candidates, key=lambda candidate: candidate[0])
    return kind, value


def _summary(item) -> str:
    descriptions = _dicts(item.get("descriptions"))
    by_role = {}
    for description in descriptions:
        role = _string(description.get("role")).lower()
        value = description.get("value")
        text = plain_text(value) if isinstance(value, str) else ""
        if text and role not in by_role:
            by_role[role] = text
    for role in _SUMMARY_ROLES:
        if role in by_role:
            return by_role[role]
    if by_role and set(by_role) != {"writer"}:
        return next(text for role, text in by_role.items() if role != "writer")
    for key in ("description_text", "description_xhtml", "description_usage"):
        if text := plain_text(_string(item.get(key))):
            return text
    return ""


def _subjects(item) -> list[dict]:
    subjects = []
    seen = set()
    for subject in _dicts(item.get("subjects")) + _dicts(item.get("subject")):
        name = plain_text(_string(subject.get("name")))
        code = _string(subject.get("literal")) or _string(subject.get("code")) or _string(subject.get("uri"))
        if not (name or code) or (name, code) in seen:
            continue
        seen.add((name, code))
        subjects.append({"name": name[:200], "code": code[:300]})
    return subjects


def _keywords(item) -> list[str]:
    words = [plain_text(word) for word in item.get("keywords") or [] if isinstance(word, str)]
    for key in ("people", "person", "places", "place", "organisations", "organisation"):
        words += [plain_text(_string(entry.get("name"))) for entry in _dicts(item.get(key))]
    return list(dict.fromkeys(word[:200] for word in words if word))


def _renditions(value) -> list[dict]:
    if isinstance(value, dict):  # ninjs 1.x: {"name": {...}}
        entries = [dict(entry, name=name) for name, entry in value.items() if isinstance(entry, dict)]
    else:
        entries = _dicts(value)
    renditions = []
    for entry in entries:
        href = safe_href(entry.get("href"))
        if not href:
            continue
        renditions.append(
            {
                "name": _string(entry.get("name"))[:100],
                "href": href,
                "mimetype": (_string(entry.get("contenttype")) or _string(entry.get("mimetype")))[:100],
                "width": size_from_text(_string(entry.get("width"))),
                "height": size_from_text(_string(entry.get("height"))),
            }
        )
    return renditions


def _best(renditions: list[dict], kind: str) -> dict:
    wanted = "video/" if kind == "video" else "audio/" if kind == "audio" else "image/"
    matching = [r for r in renditions if r["mimetype"].startswith(wanted)] or renditions
    return max(matching, key=lambda r: (r["width"] or 0) * (r["height"] or 0), default={})


def _media_entry(item, kind: str) -> dict | None:
    renditions = _renditions(item.get("renditions"))
    caption = _summary(item)
    if not renditions and not caption:
        return None
    best = _best(renditions, kind)
    return {
        "kind": kind,
        "uri": _string(item.get("uri"))[:500],
        "headline": _main_headline(item) or plain_text(_string(item.get("headline"))),
        "caption": caption,
        "credit": plain_text(_string(item.get("by")) or _string(item.get("byline"))),
        "href": best.get("href", ""),
        "mimetype": best.get("mimetype", ""),
        "renditions": renditions,
    }


def _media(item) -> list[dict]:
    media = []
    own_kind = MEDIA_KINDS.get(_string(item.get("type")).lower())
    if own_kind and (entry := _media_entry(item, own_kind)):
        media.append(entry)
    associations = item.get("associations")
    if isinstance(associations, dict):
        associations = [dict(value, name=name) for name, value in associations.items() if isinstance(value, dict)]
    for association in _dicts(associations):
        kind = MEDIA_KINDS.get(_string(association.get("type")).lower())
        if kind and (entry := _media_entry(association, kind)):
            media.append(entry)
    return media
