"""The wire desk in the admin: items newest first with filters and search, read-only;
the quarantine with its retry action."""

import json

import pytest
from django.urls import reverse

from newsdesk.wires.models import QuarantinedFile, WireItem
from newsdesk.wires.services import wire_file_ingest

from .conftest import fixture_bytes


def ninjs(uri, headline, *, created, **extra) -> bytes:
    return json.dumps({"uri": uri, "headline": headline, "versioncreated": created, **extra}).encode()


@pytest.fixture
def desk(dpa_source, afp_source):
    wire_file_ingest(
        source=dpa_source,
        filename="a.json",
        payload=ninjs(
            "urn:a",
            "Older harbour story",
            created="2024-03-01T08:00:00Z",
            urgency=3,
            language="de",
            subjects=[{"name": "Schifffahrt"}],
        ),
    )
    wire_file_ingest(
        source=afp_source,
        filename="b.json",
        payload=ninjs("urn:b", "Newer election story", created="2024-03-01T09:00:00Z", urgency=1, language="fr"),
    )
    wire_file_ingest(source=dpa_source, filename="embargoed.xml", payload=fixture_bytes("embargoed.xml"))


@pytest.fixture
def admin(client, administrator):
    client.force_login(administrator)
    return client


def listing(client, **params):
    response = client.get(reverse("wagtailsnippets_wires_wireitem:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def order_of(html, *headlines):
    return sorted(headlines, key=html.index)


def test_items_are_listed_newest_first(admin, desk):
    html = listing(admin)
    assert order_of(html, "Older harbour story", "Newer election story", "Central bank to publish") == [
        "Central bank to publish",
        "Newer election story",
        "Older harbour story",
    ]


def test_embargo_is_shown_in_the_listing(admin, desk):
    assert "Embargo until 2099-01-01 12:00" in listing(admin)


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"urgency": "1"}, "Newer election story", "Older harbour story"),
        ({"language": "de"}, "Older harbour story", "Newer election story"),
        ({"subject": "schifffahrt"}, "Older harbour story", "Newer election story"),
        ({"q": "election"}, "Newer election story", "Older harbour story"),
        ({"embargo": "true"}, "Central bank to publish", "Older harbour story"),
    ],
)
def test_listing_filters_and_search(admin, desk, params, shown, hidden):
    html = listing(admin, **params)
    assert shown in html
    assert hidden not in html


def test_listing_filters_by_agency(admin, desk, agencies):
    _, afp = agencies
    html = listing(admin, agency=afp.pk)
    assert "Newer election story" in html
    assert "Older harbour story" not in html


def test_listing_queries_do_not_grow_with_items(admin, desk, dpa_source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        listing(admin)
    for n in range(30):
        payload = ninjs(f"urn:n{n}", f"Story {n}", created="2024-03-02T00:00:00Z")
        wire_file_ingest(source=dpa_source, filename=f"{n}.json", payload=payload)
    with CaptureQueriesContext(connection) as many:
        listing(admin)
    assert len(many) == len(few)


def test_wire_items_cannot_be_added_or_edited(admin, desk):
    item = WireItem.objects.first()
    assert admin.get(reverse("wagtailsnippets_wires_wireitem:add")).status_code in (302, 403)
    assert admin.get(reverse("wagtailsnippets_wires_wireitem:edit", args=[item.pk])).status_code in (302, 403)
    inspect = admin.get(reverse("wagtailsnippets_wires_wireitem:inspect", args=[item.pk]))
    assert inspect.status_code == 200
    assert item.headline in inspect.content.decode()


def test_quarantine_lists_reasons_with_a_retry_action(admin, dpa_source):
    wire_file_ingest(source=dpa_source, filename="broken.json", payload=fixture_bytes("malformed.json"))
    quarantined = QuarantinedFile.objects.get()
    html = admin.get(reverse("wagtailsnippets_wires_quarantinedfile:list")).content.decode()
    assert "The JSON is malformed" in html
    assert reverse("wagtailsnippets_wires_quarantinedfile:retry", args=[quarantined.pk]) in html


def test_retry_with_a_corrected_upload_ingests_it(admin, dpa_source):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wire_file_ingest(source=dpa_source, filename="broken.json", payload=fixture_bytes("malformed.json"))
    quarantined = QuarantinedFile.objects.get()
    url = reverse("wagtailsnippets_wires_quarantinedfile:retry", args=[quarantined.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert "Unterminated string" in page.content.decode()
    fixed = SimpleUploadedFile("fixed.json", b'{"uri": "urn:test:fixed", "headline": "Whole again"}')
    response = admin.post(url, {"corrected": fixed})
    assert response.status_code == 302
    quarantined.refresh_from_db()
    assert quarantined.status == QuarantinedFile.Status.RESOLVED
    assert WireItem.objects.get().headline == "Whole again"


def test_reporter_cannot_retry(client, reporter, dpa_source):
    wire_file_ingest(source=dpa_source, filename="broken.json", payload=fixture_bytes("malformed.json"))
    client.force_login(reporter)
    url = reverse("wagtailsnippets_wires_quarantinedfile:retry", args=[QuarantinedFile.objects.get().pk])
    assert client.post(url).status_code in (302, 403)
    assert QuarantinedFile.objects.get().status == QuarantinedFile.Status.WAITING


def compose_url(*items):
    url = reverse("wagtail_bulk_action", args=("wires", "wireitem", "compose"))
    return url + "?" + "&".join(f"id={item.pk}" for item in items)


def test_compose_action_lists_the_items_in_the_chosen_order(admin, desk):
    newer, older = WireItem.objects.get(guid="urn:b"), WireItem.objects.get(guid="urn:a")
    html = admin.get(compose_url(older, newer)).content.decode()
    assert html.index("Older harbour story") < html.index("Newer election story")
    assert "Create the article" in html


def test_compose_action_publishes_from_one_item_in_one_step(admin, desk, section):
    from newsdesk.articles.models import ArticlePage

    item = WireItem.objects.get(guid="urn:b")
    response = admin.post(compose_url(item), {"section": section.pk, "publish": "on"})
    page = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.live
    assert page.title == "Newer election story"
    assert page.attribution == "Based on reporting by AFP"


def test_compose_action_drafts_from_several_items(admin, desk, section):
    from newsdesk.articles.models import ArticlePage

    items = [WireItem.objects.get(guid="urn:a"), WireItem.objects.get(guid="urn:b")]
    admin.post(compose_url(*items), {"section": section.pk, "title": "Harbour and election"})
    page = ArticlePage.objects.get()
    assert not page.live
    assert page.title == "Harbour and election"
    assert page.attribution == "Based on reporting by DPA, AFP"


def test_compose_action_refuses_to_publish_under_embargo(admin, desk, section):
    from newsdesk.articles.models import ArticlePage

    item = WireItem.objects.get(guid="urn:newsml:dpa.com:20990101:embargo-test")
    response = admin.post(compose_url(item), {"section": section.pk, "publish": "on"})
    assert response.status_code == 200
    assert "under embargo until 2099-01-01 12:00 UTC" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_reporter_cannot_publish_from_the_wires(client, reporter, desk, section):
    from newsdesk.articles.models import ArticlePage

    client.force_login(reporter)
    item = WireItem.objects.get(guid="urn:b")
    client.post(compose_url(item), {"section": section.pk, "publish": "on"})
    assert not ArticlePage.objects.live().exists()


def test_listing_offers_compose_for_each_item(admin, desk):
    item = WireItem.objects.get(guid="urn:b")
    assert compose_url(item).replace("&", "&amp;") in listing(admin) or compose_url(item) in listing(admin)


def test_compose_without_items_explains_instead_of_failing(admin, section):
    response = admin.post(
        reverse("wagtail_bulk_action", args=("wires", "wireitem", "compose")), {"section": section.pk}
    )
    assert response.status_code == 200
    assert "Choose at least one wire item" in response.content.decode()


def test_listing_refreshes_itself_from_its_results_url(admin, desk):
    html = listing(admin, agency="", q="story")
    results_url = reverse("wagtailsnippets_wires_wireitem:list_results")
    assert f'data-results-url="{results_url}"' in html
    assert "wires/desk.js" in html
    assert 'aria-live="polite"' in html
    results = admin.get(results_url, {"q": "story"}).content.decode()
    assert order_of(results, "Older harbour story", "Newer election story") == [
        "Newer election story",
        "Older harbour story",
    ]
    assert "<html" not in results


def test_quarantined_file_can_only_be_dismissed_in_its_edit_form(admin, dpa_source):
    wire_file_ingest(source=dpa_source, filename="broken.json", payload=fixture_bytes("malformed.json"))
    quarantined = QuarantinedFile.objects.get()
    url = reverse("wagtailsnippets_wires_quarantinedfile:edit", args=[quarantined.pk])
    response = admin.post(url, {"status": "dismissed", "reason": "edited", "filename": "other.json"})
    assert response.status_code == 302
    quarantined.refresh_from_db()
    assert quarantined.status == QuarantinedFile.Status.DISMISSED
    assert (quarantined.filename, quarantined.original_bytes) == ("broken.json", fixture_bytes("malformed.json"))
    assert quarantined.reason.startswith("The JSON is malformed")
