"""Versions and duplicates: a newer version replaces the older one on the desk with the
history kept; a late older version never overwrites a newer one; an exact re-delivery
changes nothing."""

import json

from newsdesk.wires.models import WireItem, WireItemVersion, WirePayload
from newsdesk.wires.services import wire_file_ingest


def ninjs(version: int, headline: str, created: str = "", **extra) -> bytes:
    item = {
        "uri": "urn:newsml:dpa.com:20240301:harbour",
        "version": str(version),
        "versioncreated": created or f"2024-03-01T1{version}:00:00Z",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "html", "contenttype": "text/html", "value": f"<p>{headline}.</p>"}],
        **extra,
    }
    return json.dumps(item).encode()


def ingest(source, payload, name="item.json"):
    return wire_file_ingest(source=source, filename=name, payload=payload)


def test_new_item_is_created_with_one_version(dpa_source):
    result = ingest(dpa_source, ninjs(1, "Harbour closes"))
    assert [o.outcome for o in result.outcomes] == ["created"]
    item = WireItem.objects.get()
    assert item.history() == [item]
    assert item.agency == dpa_source.agency


def test_exact_redelivery_changes_nothing(dpa_source):
    ingest(dpa_source, ninjs(1, "Harbour closes"))
    item = WireItem.objects.get()
    result = ingest(dpa_source, ninjs(1, "Harbour closes"), name="again.json")
    assert [o.outcome for o in result.outcomes] == ["duplicate"]
    again = WireItem.objects.get()
    assert (again.updated_at, again.content_hash, again.payload_id) == (
        item.updated_at,
        item.content_hash,
        item.payload_id,
    )
    assert not WireItemVersion.objects.exists()
    assert WirePayload.objects.count() == 1


def test_same_copy_in_different_bytes_is_a_duplicate(dpa_source):
    ingest(dpa_source, ninjs(1, "Harbour closes"))
    reformatted = json.dumps(json.loads(ninjs(1, "Harbour closes")), indent=4).encode()
    assert ingest(dpa_source, reformatted).outcomes[0].outcome == "duplicate"
    assert WirePayload.objects.count() == 1


def test_newer_version_replaces_the_older_and_keeps_history(dpa_source):
    ingest(dpa_source, ninjs(1, "Harbour closes"))
    result = ingest(dpa_source, ninjs(2, "Harbour closes as storm nears"))
    assert result.outcomes[0].outcome == "updated"
    item = WireItem.objects.get()
    assert item.version == 2
    assert item.headline == "Harbour closes as storm nears"
    assert [(v.version, v.headline) for v in item.history()] == [
        (2, "Harbour closes as storm nears"),
        (1, "Harbour closes"),
    ]
    assert item.versions.get().original_bytes == ninjs(1, "Harbour closes")
    assert item.original_bytes == ninjs(2, "Harbour closes as storm nears")


def test_late_older_version_never_overwrites_a_newer_one(dpa_source):
    ingest(dpa_source, ninjs(3, "Harbour reopens"))
    result = ingest(dpa_source, ninjs(2, "Harbour closes as storm nears"))
    assert result.outcomes[0].outcome == "stale"
    item = WireItem.objects.get()
    assert (item.version, item.headline) == (3, "Harbour reopens")
    assert [v.version for v in item.history()] == [3, 2]


def test_versions_in_any_order_end_with_the_newest_on_the_desk(dpa_source):
    for version in (2, 4, 1, 3):
        ingest(dpa_source, ninjs(version, f"Version {version}"))
    item = WireItem.objects.get()
    assert (item.version, item.headline) == (4, "Version 4")
    assert [v.version for v in item.history()] == [4, 3, 2, 1]


def test_redelivery_of_an_old_version_is_a_duplicate(dpa_source):
    ingest(dpa_source, ninjs(1, "Harbour closes"))
    ingest(dpa_source, ninjs(2, "Harbour reopens"))
    assert ingest(dpa_source, ninjs(1, "Harbour closes")).outcomes[0].outcome == "duplicate"
    assert len(WireItem.objects.get().history()) == 2


def test_without_version_numbers_the_version_time_decides(dpa_source):
    def rss(title, date):
        return (
            f"<rss version='2.0'><channel><item><guid>urn:rss:1</guid><title>{title}</title>"
            f"<pubDate>{date}</pubDate></item></channel></rss>"
        ).encode()

    ingest(dpa_source, rss("Later", "Fri, 01 Mar 2024 12:00:00 GMT"))
    assert ingest(dpa_source, rss("Earlier", "Fri, 01 Mar 2024 10:00:00 GMT")).outcomes[0].outcome == "stale"
    assert ingest(dpa_source, rss("Latest", "Fri, 01 Mar 2024 13:00:00 GMT")).outcomes[0].outcome == "updated"
    assert WireItem.objects.get().headline == "Latest"


def test_same_guid_from_two_agencies_is_two_items(dpa_source, afp_source):
    ingest(dpa_source, ninjs(1, "Harbour closes"))
    ingest(afp_source, ninjs(1, "Harbour closes"))
    assert WireItem.objects.count() == 2


def test_one_payload_row_serves_every_item_of_a_file(dpa_source):
    from .conftest import fixture_bytes

    result = ingest(dpa_source, fixture_bytes("odd_offsets.json"))
    assert len({item.payload_id for item in result.items}) == 1
    assert WirePayload.objects.get().data == fixture_bytes("odd_offsets.json")


def test_a_file_with_one_unreadable_item_is_quarantined_whole(dpa_source):
    good = json.loads(ninjs(1, "Readable"))
    bad = dict(good, uri="urn:other", versioncreated="the day after tomorrow")
    result = ingest(dpa_source, json.dumps([good, bad]).encode())
    assert result.status == "quarantined"
    assert result.reason.startswith("Item 2 of 2 in the list:")
    assert not WireItem.objects.exists()
