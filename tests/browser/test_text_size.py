"""The text-size control: four steps, with JavaScript (at once) and without (a round trip), remembered."""

import pytest

from .conftest import TEXT_SIZES

BODY_FONT_PX = "parseFloat(getComputedStyle(document.body).fontSize)"


def _option(page, size: str):
    return page.locator(f'.text-size__option[data-size="{size}"]')


@pytest.mark.browser
def test_text_size_changes_at_once_with_javascript_and_holds_on_the_next_page(newsroom, context_for):
    page = context_for().new_page()
    page.goto(newsroom.urls["article"])
    page.evaluate("window.__stillThisPage = true")
    font_px = {}
    for size in TEXT_SIZES:
        _option(page, size).click()
        font_px[size] = page.evaluate(BODY_FONT_PX)
        assert page.evaluate("window.__stillThisPage === true"), f"choosing {size} loaded a new page"
        assert _option(page, size).get_attribute("aria-current") == "true"
    assert font_px["xs"] < font_px["sm"] < font_px["md"] < font_px["lg"], font_px

    page.goto(newsroom.urls["section"])
    assert page.evaluate(BODY_FONT_PX) == font_px["lg"]
    assert _option(page, "lg").get_attribute("aria-current") == "true"


@pytest.mark.browser
def test_text_size_works_without_javascript_and_holds_on_the_next_page(newsroom, context_for, live_server):
    page = context_for(javascript=False).new_page()
    article_url = live_server.url + newsroom.urls["article"]
    page.goto(article_url)
    font_px = {}
    for size in TEXT_SIZES:
        with page.expect_navigation():
            _option(page, size).click()
        assert page.url == article_url, f"choosing {size} left the article for {page.url}"
        font_px[size] = page.evaluate(BODY_FONT_PX)
        assert _option(page, size).get_attribute("aria-current") == "true"
    assert font_px["xs"] < font_px["sm"] < font_px["md"] < font_px["lg"], font_px

    page.goto(newsroom.urls["home"])
    assert page.evaluate(BODY_FONT_PX) == font_px["lg"]
