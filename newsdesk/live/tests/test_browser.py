"""Chromium on a page served by uvicorn: breaking alerts arrive live, are announced,
and leave focus and the part of the page being read where they were."""

import time

import pytest

from .servers import Server

STORY = "https://example.org/story"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

pytestmark = pytest.mark.browser


def _banner_empty(server: Server) -> None:
    alert = server.publish("Clearing the banner", url=STORY)
    server.api("POST", f"/api/alerts/{alert['id']}/withdraw/", token=server.site.editor_token)


def _open(context, path="/"):
    page = context.new_page()
    page.goto(path)
    page.wait_for_selector('#breaking .breaking[data-stream="open"]', state="attached")
    return page


def _axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [(violation["id"], violation["help"]) for violation in results.response["violations"]]


def test_an_open_page_shows_a_new_alert_within_a_second_announced_and_nothing_moves(reader, server):
    _banner_empty(server)
    page = _open(reader)
    # A long page, read from further down, with the search field focused.
    page.evaluate("document.body.style.minHeight = '4000px'")
    page.focus("#search-q")
    page.evaluate("window.scrollTo(0, 600); window.__notReloaded = true")
    page.evaluate("window.__region = document.querySelector('#breaking .breaking')")
    main_top = page.evaluate("document.getElementById('main').getBoundingClientRect().top")

    started = time.monotonic()
    server.publish("Parliament dissolved, elections called", url=STORY)
    page.wait_for_selector("#breaking .breaking__link", timeout=1000)
    elapsed = time.monotonic() - started

    assert elapsed < 1, f"{elapsed * 1000:.0f} ms"
    assert page.evaluate("window.__notReloaded") is True
    # The same live region, still polite, now holding the alert: screen readers announce it.
    assert page.evaluate("window.__region === document.querySelector('#breaking .breaking')")
    assert page.get_attribute("#breaking .breaking", "aria-live") == "polite"
    assert "Parliament dissolved" in page.inner_text("#breaking .breaking")
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.evaluate("document.getElementById('main').getBoundingClientRect().top") == pytest.approx(
        main_top, abs=1
    )
    assert _axe_violations(page) == []


def test_a_withdrawn_alert_leaves_the_open_page(reader, server):
    alert = server.publish("Withdrawn while you read", url=STORY)
    page = _open(reader)
    assert "Withdrawn while you read" in page.inner_text("#breaking")
    started = time.monotonic()
    server.api("DELETE", f"/api/alerts/{alert['id']}/", token=server.site.editor_token)
    page.wait_for_selector("#breaking .breaking__inner", state="detached", timeout=1000)
    assert time.monotonic() - started < 1
    assert page.get_attribute("#breaking .breaking", "data-alert-id") == ""


def test_a_dismissed_alert_stays_dismissed_for_that_reader(reader, server):
    server.publish("Dismiss me", url=STORY)
    page = _open(reader)
    page.click("#breaking .breaking__dismiss button")
    assert page.inner_text("#breaking").strip() == ""
    page.reload()
    page.wait_for_selector('#breaking .breaking[data-stream="open"]', state="attached")
    assert "Dismiss me" not in page.inner_text("#breaking")
    # A newer alert is news again.
    server.publish("Newer than the dismissed one", url=STORY)
    page.wait_for_selector("#breaking .breaking__link", timeout=1000)
    assert "Newer than the dismissed one" in page.inner_text("#breaking")


def test_without_javascript_dismiss_is_a_form_that_remembers(browser, server):
    context = browser.new_context(base_url=server.base_url, java_script_enabled=False)
    try:
        server.publish("Dismiss me without JavaScript", url=STORY)
        page = context.new_page()
        page.goto("/search/?q=harbour")
        assert "Dismiss me without JavaScript" in page.inner_text("#breaking")
        page.click("#breaking .breaking__dismiss button")
        page.wait_for_load_state()
        assert page.url.endswith("/search/?q=harbour")
        assert "Dismiss me without JavaScript" not in page.inner_text("#breaking")
    finally:
        context.close()
