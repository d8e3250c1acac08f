"""An Arabic site in Chromium: the page reads right to left, in Arabic, with nothing
pushed off either edge, the skip links first, and no axe violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ARTIFACTS
from .test_axe import _axe_violations

LAYOUT = """() => {
    const width = document.documentElement.clientWidth;
    const off = [];
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (box.width && (box.left < -0.5 || box.right > width + 0.5) && !el.closest(".skip-links")) {
            off.push(`${el.tagName} ${el.className} ${Math.round(box.left)}..${Math.round(box.right)}px`);
        }
    }
    const title = document.querySelector(".article__title");
    const range = document.createRange();
    range.selectNodeContents(title);
    const text = range.getBoundingClientRect(), column = title.getBoundingClientRect();
    const sizes = [...document.querySelectorAll("main .text-size__option")].map((a) => a.getBoundingClientRect().left);
    return {
        direction: getComputedStyle(document.body).direction,
        scrollWidth: document.documentElement.scrollWidth, width, off: off.slice(0, 5),
        titleGapRight: column.right - text.right, titleGapLeft: text.left - column.left,
        sizesLeftToRight: sizes.slice(1).every((left, i) => left > sizes[i]),
    };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_arabic_article_reads_right_to_left(settings, newsroom, context_for, width):
    settings.LANGUAGE_CODE = "ar"
    page = context_for(width=width).new_page()
    page.goto(newsroom.urls["article"])
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    layout = page.evaluate(LAYOUT)
    assert layout["direction"] == "rtl"
    assert layout["scrollWidth"] <= layout["width"] and not layout["off"], layout
    # The headline starts at the right edge of its column (an English one would start at the left).
    assert layout["titleGapRight"] < 1 < layout["titleGapLeft"], layout
    # The text-size control is mirrored: XS rightmost, LG leftmost.
    assert layout["sizesLeftToRight"] is False
    # The skip links come first in the tab order, in Arabic.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "انتقل إلى المحتوى الرئيسي"
    assert page.locator(".breaking__label").inner_text() == "عاجل"
    violations = _axe_violations(page, Axe())
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"article-ar-{width}.png"))
