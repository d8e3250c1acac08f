"""One parser module per wire format. parse_payload looks at the bytes, not the file
name, decides the format and hands over; anything it cannot read raises WireParseError
with a reason a person can act on, and nothing else escapes."""

import re

from . import atom, newsml_g2, ninjs, rss
from .base import ParsedFile, ParsedItem, WireParseError
from .encoding import bom_encoding
from .xml import localname, parse_xml

__all__ = ["ParsedFile", "ParsedItem", "WireParseError", "guess_format", "parse_payload"]

_XML_START = re.compile(rb"^\s*<")
_JSON_START = re.compile(rb"^\s*[\[{]")


def _head(payload: bytes) -> bytes:
    head = payload[:1024]
    if encoding := bom_encoding(head):
        head = head.decode(encoding, "ignore").encode("utf-8", "ignore")
    return head.lstrip(b"\xef\xbb\xbf")


def guess_format(payload: bytes) -> str:
    """ "json", "xml" or "" from the first bytes: enough to label a quarantined file."""
    head = _head(payload)
    if _JSON_START.match(head):
        return "json"
    if _XML_START.match(head):
        return "xml"
    return ""


def parse_payload(payload: bytes, *, max_bytes: int | None = None) -> ParsedFile:
    if max_bytes is not None and len(payload) > max_bytes:
        raise WireParseError(
            f"The file is {_size(len(payload))}, over the {_size(max_bytes)} limit for one wire file; not read."
        )
    if not payload.strip():
        raise WireParseError("The file is empty.")
    kind = guess_format(payload)
    try:
        if kind == "json":
            return ninjs.parse(payload)
        if kind == "xml":
            return _parse_xml_document(payload)
    except RecursionError as error:
        raise WireParseError("The file is nested too deeply to be a news item.") from error
    sample = payload[:40].decode("utf-8", "replace").replace("\ufffd", "?")
    sample = " ".join("".join(ch if ch.isprintable() else "?" for ch in sample).split())
    raise WireParseError(f'This is neither JSON nor XML (it starts "{sample}"), so not a wire format we read.')


def _parse_xml_document(payload: bytes) -> ParsedFile:
    root = parse_xml(payload)
    name = localname(root)
    if name in newsml_g2.ROOTS:
        return newsml_g2.parse_root(root)
    if name in rss.ROOTS:
        return rss.parse_root(root)
    if name in atom.ROOTS and "2005/Atom" in (root.tag or ""):
        return atom.parse_root(root)
    if name == "schema":
        raise WireParseError("This is an XML Schema (XSD), not a news item.")
    if name in ("contentSet", "contentMeta", "itemMeta", "inlineXML"):
        raise WireParseError(f"This is a fragment of a NewsML-G2 item (<{name}>), not a complete newsItem.")
    if name == "nitf":
        raise WireParseError("This is a bare NITF document; NITF is read inside a NewsML-G2 newsItem or a ninjs body.")
    raise WireParseError(f"The XML root element is <{name}>, which is not NewsML-G2, RSS or Atom.")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} bytes"
