"""The wire desk in a real Chromium: an editor signs in, reads the listing newest first,
sees a newly ingested item arrive without a reload (announced in the polite live region),
composes a draft from two agencies' items, and axe checks the listing."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from newsdesk.articles.models import ArticlePage
from newsdesk.wires.services import wire_file_ingest

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # the editor fixture's (conftest.py)
REFRESH_SECONDS = 1  # the desk's production interval is 15 s (data-interval on the listing)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def ninjs(uri: str, headline: str, created: datetime) -> bytes:
    return json.dumps(
        {
            "uri": uri,
            "version": "1",
            "headlines": [{"role": "main", "value": headline}],
            "bodies": [{"role": "html", "value": f"<p>{headline}.</p>"}],
            "versioncreated": created.isoformat().replace("+00:00", "Z"),
            "language": "en",
        }
    ).encode()


def ingest(source, uri: str, headline: str, created: datetime):
    result = wire_file_ingest(source=source, filename=f"{uri}.json", payload=ninjs(uri, headline, created))
    assert not result.quarantined, result.reason
    return result.items[0]


NOW = datetime.now(UTC).replace(microsecond=0)
# Oldest first; the listing shows them the other way round.
EXISTING = [
    ("dpa", "urn:dpa:ferries", "Ferries cancelled along the coast", NOW - timedelta(hours=3)),
    ("afp", "urn:afp:harbour", "Harbour wall breached at high tide", NOW - timedelta(hours=2)),
    ("dpa", "urn:dpa:shelters", "Coastal towns open emergency shelters", NOW - timedelta(hours=1)),
]


@pytest.fixture
def desk(live_server, django_db_serialized_rollback, editor, section, dpa_source, afp_source):
    """Three items on the desk. live_server makes the test transactional, so these are
    committed and the server's thread sees them; serialized rollback brings back the
    home page the migrations made, which the flush after the test would drop."""
    sources = {"dpa": dpa_source, "afp": afp_source}
    for agency, uri, headline, created in EXISTING:
        ingest(sources[agency], uri, headline, created)
    return sources


class Gate:
    """Every request to the live server passes through a route handler, which Playwright
    runs in this thread, and only while this thread is inside a Playwright call. So once
    `settle` has seen no request in flight, the server stays idle while the test uses the
    database (ingest, reads, the flush after the test) until the next Playwright call:
    the test and the server never use the in-memory database at once, which fails with
    "database table is locked" (desk.js asks the server every second here)."""

    def __init__(self, page):
        self.page = page
        self.in_flight = set()
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))

    def settle(self, timeout_ms: int = 10_000) -> None:
        waited = 0
        while self.in_flight:
            assert waited < timeout_ms, f"requests still in flight: {[r.url for r in self.in_flight]}"
            self.page.wait_for_timeout(50)
            waited += 50


def _editing_session_stub(route):
    # Wagtail's page editor pings its editing-session endpoints (and releases the session
    # on unload); concurrent editing is not under test, so the server is not asked.
    route.fulfill(
        status=200,
        json={"session_id": 1, "ping_url": route.request.url, "release_url": route.request.url, "other_sessions": []},
    )


@pytest.fixture
def page(browser, live_server, desk):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.route(re.compile(re.escape(live_server.url) + "/.*"), lambda route: route.continue_())
    context.route("**/admin/editing-sessions/**", _editing_session_stub)
    page = context.new_page()
    page.gate = Gate(page)
    yield page
    # desk.js stops asking once the results are gone; then nothing may reach the server
    # while the live server's database is flushed.
    page.evaluate("document.getElementById('listing-results')?.remove()")
    page.gate.settle()
    page.goto("about:blank")
    page.gate.settle()
    context.close()


def listing_url() -> str:
    return reverse("wagtailsnippets_wires_wireitem:list")


def sign_in(page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def shorten_refresh(page) -> None:
    """Serve the listing page with a shorter data-interval, which desk.js reads; the
    template's 15 s default stays as it is."""
    path = listing_url()

    def handle(route):
        response = route.fetch()
        body = response.text()
        assert 'data-interval="15"' in body
        route.fulfill(response=response, body=body.replace('data-interval="15"', f'data-interval="{REFRESH_SECONDS}"'))

    page.route(re.compile(re.escape(path) + r"(\?.*)?$"), handle)


def headlines(page) -> list[str]:
    return page.locator("#listing-results tbody td.title [id^='snippet_'][id$='_title']").all_inner_texts()


def test_new_items_arrive_in_the_open_listing_and_are_announced(page, desk):
    sign_in(page)
    shorten_refresh(page)
    page.goto(listing_url())
    newest_first = [headline for _, _, headline, _ in reversed(EXISTING)]
    assert [text.strip() for text in headlines(page)] == newest_first
    status = page.locator("[data-wire-desk-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_be_empty()
    # Marks the document: a reload would lose it.
    page.evaluate("window.__notReloaded = true")

    page.gate.settle()
    ingest(desk["afp"], "urn:afp:storm", "Storm surge warning for the North Sea", NOW)

    # Within two refresh rounds, at the top, without a reload.
    first = page.locator("#listing-results tbody td.title [id^='snippet_'][id$='_title']").first
    expect(first).to_have_text("Storm surge warning for the North Sea", timeout=REFRESH_SECONDS * 2_000 + 3_000)
    assert [text.strip() for text in headlines(page)] == ["Storm surge warning for the North Sea", *newest_first]
    assert page.evaluate("window.__notReloaded") is True
    expect(status).to_have_text("1 new wire item")


def test_compose_a_draft_from_two_agencies(page, desk, section):
    sign_in(page)
    page.goto(listing_url())
    # Newest first: the dpa item above the AFP one, so the article's order is DPA, AFP.
    for headline in ("Coastal towns open emergency shelters", "Harbour wall breached at high tide"):
        row = page.locator("#listing-results tbody tr", has_text=headline)
        row.get_by_role("checkbox").check()
    page.get_by_role("link", name="Compose an article from the selected wire items").click()

    expect(page.get_by_role("heading", name="Compose an article")).to_be_visible()
    items = page.locator("main ol li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("DPA: Coastal towns open emergency shelters")
    expect(items.nth(1)).to_contain_text("AFP: Harbour wall breached at high tide")
    page.get_by_label("Section").select_option(label=section.title)
    page.get_by_role("button", name="Create the article").click()

    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator(".messages .success")).to_contain_text(
        "Draft created: Coastal towns open emergency shelters. Based on reporting by DPA, AFP."
    )
    # The editor's attribution field is left empty and says what the sources make of it.
    expect(page.get_by_label("Attribution line")).to_have_value("")
    expect(page.locator(".help", has_text="Leave empty to build it")).to_contain_text("Based on reporting by DPA, AFP")
    page.gate.settle()
    draft = ArticlePage.objects.get(title="Coastal towns open emergency shelters")
    assert not draft.live
    assert draft.attribution == "Based on reporting by DPA, AFP"


def test_desk_listing_has_no_axe_violations(page):
    sign_in(page)
    page.goto(listing_url())
    axe = Axe()
    page.evaluate(axe.axe_script)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        # No rule is excluded: Wagtail 8's listing markup and ours passed every rule run.
        "resultTypes": ["violations"],
    }
    results = page.evaluate("(options) => axe.run(document, options)", options)
    assert results["passes"], "axe ran no rule against the listing"
    violations = results["violations"]
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    if lines:
        pytest.fail("axe found violations on the wire desk:\n" + "\n".join(lines), pytrace=False)
