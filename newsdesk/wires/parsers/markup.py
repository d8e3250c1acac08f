"""Every piece of agency HTML passes through here before it is stored: no script, no
event handlers, no javascript: URLs, only the tags a story body needs."""

import html
import re

import nh3

BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub", "sup", "a",
    "ul", "ol", "li", "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tr", "th",
    "td", "caption", "pre", "code", "abbr", "cite", "q", "hr",
}  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
}
# Their text is not part of the story either: it is code, styling or the page's <title>.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "title", "svg", "math"}
URL_SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_START = re.compile(r"^\s*<(p|h[2-6]|ul|ol|blockquote|figure|table|pre)[\s>]", re.IGNORECASE)


def sanitise_html(value: str) -> str:
    """Clean HTML down to BODY_TAGS. Text outside any block is wrapped in a paragraph."""
    if not value or not value.strip():
        return ""
    cleaned = nh3.clean(
        _CONTROL.sub("", value),
        tags=BODY_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=BODY_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Source indentation between blocks is noise; <pre> is rare enough in wire copy to lose its layout.
    cleaned = " ".join(cleaned.split())
    if cleaned and not _BLOCK_START.match(cleaned):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def plain_text(value) -> str:
    """Any tags removed, entities decoded, whitespace collapsed: for headlines, bylines and the like."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT))
    return " ".join(_CONTROL.sub("", text).split())


def text_to_html(value: str) -> str:
    """Plain-text copy as paragraphs: blank lines separate paragraphs when the agency uses
    them, otherwise every line is one."""
    if not value or not value.strip():
        return ""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if "\n\n" in text.strip():
        blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    else:
        blocks = [" ".join(line.split()) for line in text.split("\n")]
    return "".join(f"<p>{html.escape(block, quote=False)}</p>" for block in blocks if block)


def truncate_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or text[: limit - 1]) + "…"


def headline_from_text(text: str) -> str:
    """For items that come without a headline: the opening words of their text."""
    return truncate_words(text.lstrip("-–—•*·> \t"), 120)


def safe_href(value) -> str:
    """A link we may show an editor: http(s) or relative, never javascript:, data: or file:."""
    if not isinstance(value, str):
        return ""
    href = value.strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
    return href if scheme in ("", "http", "https") else ""
