"""Layout: no sideways scrolling on a small phone at any text size, and screenshots to look at."""

import pytest

from .conftest import ARTIFACTS, TEXT_SIZES, choose_text_size

OVERFLOW = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [];
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 0.5 && !el.closest(".skip-links")) {
            const classes = el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "";
            culprits.push(`<${el.tagName.toLowerCase()}${classes}> right edge ${Math.round(box.right)}px`);
        }
    }
    return {scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 5)};
}"""


@pytest.mark.browser
def test_no_horizontal_scrolling_at_320px_at_any_text_size(newsroom, context_for):
    page = context_for(width=320).new_page()
    problems = []
    for url in newsroom.urls.values():
        page.goto(url)
        for size in TEXT_SIZES:
            choose_text_size(page, size)
            layout = page.evaluate(OVERFLOW)
            if layout["scrollWidth"] > layout["clientWidth"]:
                problems.append(
                    f"{url} at text {size}: {layout['scrollWidth']}px wide in a {layout['clientWidth']}px viewport;"
                    f" {'; '.join(layout['culprits'])}"
                )
    assert not problems, "horizontal scrolling at 320px:\n" + "\n".join(problems)


@pytest.mark.browser
def test_article_screenshots_with_every_image_loaded(newsroom, context_for):
    """Saves test-artifacts/article-320.png and article-1280.png for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (320, 1280):
        page = context_for(width=width).new_page()
        page.goto(newsroom.urls["article"])
        # Bring the lazy images in before the full-page shot.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(1500)  # the video controls' brief loading spinner, not worth a picture
        broken = page.evaluate("Array.from(document.images).filter((img) => !img.naturalWidth).map((img) => img.src)")
        assert not broken, f"images that did not load at {width}px: {broken}"
        path = ARTIFACTS / f"article-{width}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 10_000
