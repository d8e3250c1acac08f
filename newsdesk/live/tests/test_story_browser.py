"""Chromium on a live story page served by uvicorn: an update arrives within a second,
waits behind "New updates: 1" without moving the page, and is revealed at the top."""

import pytest

from .servers import story_create, update_correct, update_delete, update_post
from .test_browser import _axe_violations

pytestmark = pytest.mark.browser


def test_a_live_story_page_receives_an_update_within_a_second_and_reveals_it_on_request(reader, server, sqlite_site):
    story, path = story_create(sqlite_site, "Storm, live from the coast")
    first_id, _ = update_post(sqlite_site, story, "Ferries cancelled for the day.", pinned=True)
    page = reader.new_page()
    page.goto(path)
    page.wait_for_selector('#live-story[data-stream="open"]', state="attached")
    assert page.is_hidden(".live-story__reveal")
    assert _axe_violations(page) == []
    page.evaluate("window.__notReloaded = true")
    page.evaluate(
        """() => new MutationObserver((_, observer) => {
            const button = document.querySelector('.live-story__reveal');
            if (!button.hidden) { window.__shownAt = Date.now(); observer.disconnect(); }
        }).observe(document.querySelector('.live-story__notice'), {subtree: true, attributes: true, childList: true})"""
    )
    list_top = page.evaluate("document.querySelector('[data-list=updates]').getBoundingClientRect().top")

    update_id, committed = update_post(sqlite_site, story, "The sea wall at Husum has held.")
    page.wait_for_selector(".live-story__reveal:not([hidden])", timeout=2000)
    latency = page.evaluate("window.__shownAt") / 1000 - committed
    print(f"live story update latency (commit -> button shown): {latency * 1000:.0f} ms")
    assert latency < 1, f"{latency * 1000:.0f} ms"

    # Waiting, announced politely, and nothing under the reader has moved.
    assert page.inner_text(".live-story__reveal") == "New updates: 1"
    assert page.get_attribute(".live-story__notice", "role") == "status"
    assert page.locator(f"#update-{update_id}").count() == 0
    assert page.evaluate("document.querySelector('[data-list=updates]').getBoundingClientRect().top") == (
        pytest.approx(list_top, abs=1)
    )
    assert page.evaluate("window.__notReloaded") is True
    assert _axe_violations(page) == []

    page.click(".live-story__reveal")
    page.wait_for_selector(f"#update-{update_id}")
    assert page.is_hidden(".live-story__reveal")
    assert "The sea wall at Husum has held." in page.inner_text("[data-list=updates] .live-update:first-child")
    assert page.evaluate("document.activeElement.id") == f"update-{update_id}"
    assert page.locator(f"#update-{first_id}").count() == 1
    assert _axe_violations(page) == []


def test_corrected_updates_change_in_place_and_deleted_ones_disappear(reader, server, sqlite_site):
    story, path = story_create(sqlite_site, "Storm, corrections live")
    kept, _ = update_post(sqlite_site, story, "Three ferries cancelled.")
    dropped, _ = update_post(sqlite_site, story, "Posted by mistake.")
    page = reader.new_page()
    page.goto(path)
    page.wait_for_selector('#live-story[data-stream="open"]', state="attached")

    update_correct(sqlite_site, kept, "Four ferries cancelled.", "Four, not three.")
    page.wait_for_selector(f"#update-{kept} .live-update__correction", timeout=2000)
    assert "Four ferries cancelled." in page.inner_text(f"#update-{kept}")
    assert "Four, not three." in page.inner_text(f"#update-{kept}")

    update_delete(sqlite_site, dropped)
    page.wait_for_selector(f"#update-{dropped}", state="detached", timeout=2000)
    assert page.is_hidden(".live-story__reveal")
