"""XML with the protections of defusedxml, on lxml: no entities at all (so no expansion
bombs and no external entities reading files or URLs), no DTD loading, no network, and
libxml2's limits on depth and node size left on. Wrongly declared encodings are repaired."""

import re

from defusedxml import DTDForbidden, EntitiesForbidden
from lxml import etree

from .base import WireParseError
from .encoding import bom_encoding, decode_text

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTITY_DECLARATION_WIDE = re.compile(r"<!ENTITY", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
    )


def _refuse_entities(root: etree._Element) -> None:
    # The same rule as defusedxml's forbid_entities, checked on the parsed document too.
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(True for _ in dtd.iterentities())):
        raise EntitiesForbidden(dtd.name, None, None, None, None, None)


def parse_xml(payload: bytes, *, what: str = "XML") -> etree._Element:
    """The root element, or WireParseError with a reason a person can act on."""
    wide = bom_encoding(payload)
    if _ENTITY_DECLARATION.search(payload) or (
        wide and _ENTITY_DECLARATION_WIDE.search(payload[:65536].decode(wide, "ignore"))
    ):
        raise WireParseError(
            f"The {what} declares entities (<!ENTITY>). Wire formats never need them and they are how "
            "entity-expansion bombs and external-entity attacks work, so the file was not read."
        )
    try:
        root = etree.fromstring(payload, parser=_parser())
    except etree.XMLSyntaxError as error:
        if not _looks_like_encoding_error(str(error)):
            raise WireParseError(f"The {what} is not well-formed: {_describe(error)}.") from error
        root = _parse_redecoded(payload, what=what)
    except ValueError as error:  # lxml refuses some inputs outright
        raise WireParseError(f"The {what} could not be read: {error}.") from error
    if root is None:
        raise WireParseError(f"The {what} has no root element.")
    try:
        _refuse_entities(root)
    except (EntitiesForbidden, DTDForbidden) as error:
        raise WireParseError(f"The {what} declares entities; refused.") from error
    return root


def _looks_like_encoding_error(message: str) -> bool:
    message = message.lower()
    return any(hint in message for hint in ("encoding", "utf-8", "bytes:", "char 0x", "not proper"))


def _parse_redecoded(payload: bytes, *, what: str) -> etree._Element:
    declared = _DECLARED_ENCODING.match(payload)
    text, _ = decode_text(payload, declared=declared.group(1).decode("ascii") if declared else None)
    text = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    try:
        return etree.fromstring(text, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise WireParseError(f"The {what} is not well-formed: {_describe(error)}.") from error


def _describe(error: Exception) -> str:
    message = str(error).strip().rstrip(".")
    if "Excessive depth" in message:
        return "it is nested more than 256 elements deep, which no news item is"
    message = re.sub(r"\s*\(<string>, line (\d+)\)", r" (line \1)", message)
    return message[:300] or "unreadable"


def localname(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element, name: str) -> list:
    return [child for child in element if localname(child) == name]


def child(element, name: str):
    for candidate in element:
        if localname(candidate) == name:
            return candidate
    return None


def find(element, *path: str):
    for name in path:
        if element is None:
            return None
        element = child(element, name)
    return element


def text_of(element) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def attribute(element, name: str) -> str:
    if element is None:
        return ""
    value = element.get(name)
    if value is None:
        for key, candidate in element.attrib.items():
            if key.rsplit("}", 1)[-1] == name:
                return candidate.strip()
        return ""
    return value.strip()


def strip_namespaces(element) -> None:
    for node in element.iter():
        if isinstance(node.tag, str) and "}" in node.tag:
            node.tag = node.tag.rsplit("}", 1)[-1]
    for key in list(element.attrib):
        if "}" in key:
            del element.attrib[key]
    etree.cleanup_namespaces(element)


def inner_html(element) -> str:
    """The markup inside an element, namespaces dropped, ready for sanitise_html."""
    from copy import deepcopy

    copy = deepcopy(element)
    strip_namespaces(copy)
    parts = [copy.text or ""]
    parts += [etree.tostring(node, encoding="unicode", with_tail=True) for node in copy]
    return "".join(parts)
