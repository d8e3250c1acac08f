"""NITF, the XML story markup that NewsML-G2 and some ninjs bodies carry, turned into HTML."""

from copy import deepcopy

from lxml import etree

from .markup import sanitise_html
from .xml import child, find, localname, strip_namespaces, text_of

# NITF elements with an HTML counterpart; the rest are unwrapped by the sanitiser.
_RENAME = {"hl1": "h2", "hl2": "h3", "bq": "blockquote", "credit": "cite", "dl": "ul", "dt": "li", "dd": "li"}
# Not part of the running text: media are kept as references, notes are for editors.
_DROP = {"media", "media-reference", "media-object", "media-caption", "media-producer", "note", "fn", "pronounce"}


def nitf_body(nitf) -> dict:
    """Body HTML plus what body.head says about the story: headline, byline, dateline, abstract."""
    body = child(nitf, "body")
    head = child(body, "body.head") if body is not None else None
    content = child(body, "body.content") if body is not None else None
    result = {"body": "", "headline": "", "byline": "", "dateline": "", "summary": ""}
    if head is not None:
        result["headline"] = text_of(find(head, "hedline", "hl1"))
        byline = child(head, "byline")
        if byline is not None:
            byline = deepcopy(byline)
            for title in [node for node in byline if localname(node) == "byttl"]:
                if title.tail:
                    previous = title.getprevious()
                    if previous is not None:
                        previous.tail = (previous.tail or "") + title.tail
                    else:
                        byline.text = (byline.text or "") + title.tail
                byline.remove(title)
            result["byline"] = text_of(byline).strip(" ,")
            if not result["byline"]:
                result["byline"] = text_of(child(head, "byline"))
        result["dateline"] = text_of(child(head, "dateline"))
        result["summary"] = text_of(child(head, "abstract"))
    if result["headline"] == "" and child(nitf, "head") is not None:
        result["headline"] = text_of(find(nitf, "head", "title"))
    if content is not None:
        result["body"] = nitf_content_html(content)
    return result


def nitf_content_html(content) -> str:
    content = deepcopy(content)
    strip_namespaces(content)
    for node in list(content.iter()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in _DROP and node.getparent() is not None:
            parent = node.getparent()
            if node.tail:
                previous = node.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + node.tail
                else:
                    parent.text = (parent.text or "") + node.tail
            parent.remove(node)
        elif node.tag in _RENAME:
            node.tag = _RENAME[node.tag]
    html = (content.text or "") + "".join(etree.tostring(node, encoding="unicode") for node in content)
    return sanitise_html(html)
