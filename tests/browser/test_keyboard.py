"""Keyboard use of the reader pages: the skip links and a visible focus indicator everywhere."""

import io

import pytest
from PIL import Image, ImageChops

SKIP_LINKS = [
    ("Skip to main content", "main"),
    ("Skip to navigation", "site-nav"),
    ("Skip to search", "search-q"),
]

FOCUSED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const atCentre = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {
        text: el.textContent.trim(),
        id: el.id,
        inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= innerHeight && box.right <= document.documentElement.clientWidth,
        onTop: atCentre === el || el.contains(atCentre),
    };
}"""


@pytest.mark.browser
def test_skip_links_come_first_in_tab_order_and_show_when_focused(newsroom, page):
    for url in newsroom.urls.values():
        page.goto(url)
        for text, _ in SKIP_LINKS:
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            assert focused["text"] == text, f"{url}: expected {text!r} next in the tab order, got {focused['text']!r}"
            assert focused["inViewport"] and focused["onTop"], f"{url}: {text!r} is focused but not visible"


@pytest.mark.browser
def test_skip_links_move_focus_to_their_targets(newsroom, page):
    for position, (text, target) in enumerate(SKIP_LINKS):
        page.goto(newsroom.urls["article"])
        for _ in range(position + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == text
        page.keyboard.press("Enter")
        page.wait_for_url(f"**#{target}")
        assert page.evaluate("document.activeElement.id") == target, f"{text!r} did not move focus to #{target}"
        # And the next Tab carries on from there, not from the top of the page.
        page.keyboard.press("Tab")
        assert page.evaluate(CARRIES_ON_FROM, target), f"after {text!r}, Tab went back to the top"


CARRIES_ON_FROM = """(id) => {
    const target = document.getElementById(id);
    const focused = document.activeElement;
    return !focused.closest(".skip-links")
        && (target.contains(focused) || !!(target.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""


# What a focus indicator can be drawn with, compared focused against the same element at rest.
# (Plain functions pasted into each script: the page's policy forbids eval, rightly.)
FOCUS_STYLE = """function focusStyle(el) {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
            s.textDecorationLine, s.borderColor].join(" | ");
}"""

REMEMBER_REST_STYLES = (
    "() => { " + FOCUS_STYLE + " window.__restStyles = new Map();"
    " for (const el of document.querySelectorAll('body *')) window.__restStyles.set(el, focusStyle(el)); }"
)

FOCUS_STEP = (
    "() => { "
    + FOCUS_STYLE
    + """
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\\s+/g, " ");
    const classes = el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "";
    return {
        body: el === document.body || el === document.documentElement,
        name: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> ${label.slice(0, 40)}`,
        rest: window.__restStyles.get(el) || "",
        focused: focusStyle(el),
        drawn: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
        box: {x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height},
    };
}"""
)


def _crop(png: bytes, box: dict, margin: int = 8) -> Image.Image | None:
    """The element's box and a margin around it, or None when it lies outside the page."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    left, top = max(0, int(box["x"]) - margin), max(0, int(box["y"]) - margin)
    right = min(image.width, int(box["x"] + box["width"]) + margin)
    bottom = min(image.height, int(box["y"] + box["height"]) + margin)
    if right <= left or bottom <= top:
        return None
    return image.crop((left, top, right, bottom))


def _shows_focus(at_rest: bytes, focused: bytes, box: dict) -> bool:
    before, after = _crop(at_rest, box), _crop(focused, box)
    return before is not None and ImageChops.difference(before, after).getbbox() is not None


@pytest.mark.browser
def test_every_focusable_element_shows_a_focus_indicator(newsroom, page):
    missing = []
    for name in ("article", "home", "section", "search", "not_found"):
        url = newsroom.urls[name]
        page.goto(url)
        page.evaluate(REMEMBER_REST_STYLES)
        at_rest = page.screenshot(full_page=True)
        visited = []
        for _ in range(200):
            page.keyboard.press("Tab")
            step = page.evaluate(FOCUS_STEP)
            if step["body"] or (visited and step["name"] == visited[0]):
                break
            visited.append(step["name"])
            if step["drawn"] and step["focused"] != step["rest"]:
                continue
            # Nothing in the computed style (a control the browser draws, say): compare pixels instead.
            if not _shows_focus(at_rest, page.screenshot(full_page=True), step["box"]):
                missing.append(f"{url}: {step['name']}")
        assert len(visited) >= 10, f"{url}: tabbing stopped early: {visited}"
    assert not missing, "no visible focus indicator on:\n" + "\n".join(missing)
