"""Quarantined files keep their bytes and reason, and an editor can retry them after a fix."""

import json

from newsdesk.wires import parsers
from newsdesk.wires.models import QuarantinedFile, WireItem
from newsdesk.wires.services import quarantined_file_retry, wire_file_ingest

from .conftest import fixture_bytes


def test_retry_with_a_corrected_copy_ingests_it_and_resolves_the_record(dpa_source, editor):
    quarantined = wire_file_ingest(
        source=dpa_source, filename="broken.json", payload=fixture_bytes("malformed.json")
    ).quarantined
    fixed = json.dumps({"uri": "urn:test:truncated", "headline": "Cut off in the middle, now whole"}).encode()
    result = quarantined_file_retry(quarantined=quarantined, user=editor, payload=fixed)
    assert result.status == "ingested"
    quarantined.refresh_from_db()
    assert quarantined.status == QuarantinedFile.Status.RESOLVED
    assert quarantined.resolved_by == editor
    assert quarantined.retry_count == 1
    assert quarantined.original_bytes == fixture_bytes("malformed.json")  # the original stays on record
    assert WireItem.objects.get().headline == "Cut off in the middle, now whole"


def test_retry_after_a_fix_in_newsdesk_reads_the_original_bytes(dpa_source, monkeypatch):
    payload = fixture_bytes("rss_feed.xml")

    def broken(*args, **kwargs):
        raise KeyError("a parser bug")

    with monkeypatch.context() as patch:
        patch.setattr(parsers.rss, "parse_root", broken)
        result = wire_file_ingest(source=dpa_source, filename="feed.xml", payload=payload)
    assert result.status == "quarantined"
    assert "fault in Newsdesk" in result.reason
    retried = quarantined_file_retry(quarantined=result.quarantined)
    assert retried.status == "ingested"
    assert retried.count("created") == 2


def test_failed_retry_updates_the_reason_and_keeps_the_record_waiting(dpa_source):
    quarantined = wire_file_ingest(
        source=dpa_source, filename="date.xml", payload=fixture_bytes("unreadable_date.xml")
    ).quarantined
    result = quarantined_file_retry(quarantined=quarantined, payload=fixture_bytes("bad_urgency.json"))
    assert result.status == "quarantined"
    quarantined.refresh_from_db()
    assert quarantined.status == QuarantinedFile.Status.WAITING
    assert quarantined.reason == 'The urgency "very high" is not a number from 1 to 9.'
    assert quarantined.retry_count == 1
    assert QuarantinedFile.objects.count() == 1


def test_the_same_bad_file_twice_is_one_record(dpa_source):
    for _ in range(2):
        wire_file_ingest(source=dpa_source, filename="bomb.xml", payload=fixture_bytes("xml_bomb.xml"))
    assert QuarantinedFile.objects.count() == 1


def test_a_file_without_a_source_is_quarantined(db):
    result = wire_file_ingest(source=None, filename="orphan.json", payload=fixture_bytes("latin1.json"))
    assert "no source" in result.reason


def test_a_failure_while_storing_quarantines_the_file_instead_of_raising(dpa_source, monkeypatch):
    from newsdesk.wires import services

    def broken(*args, **kwargs):
        raise RuntimeError("a storage bug")

    monkeypatch.setattr(services, "_item_store", broken)
    result = wire_file_ingest(source=dpa_source, filename="feed.xml", payload=fixture_bytes("rss_feed.xml"))
    assert result.status == "quarantined"
    assert "could not be stored" in result.reason and "a storage bug" in result.reason
    assert not WireItem.objects.exists()
    assert QuarantinedFile.objects.get().original_bytes == fixture_bytes("rss_feed.xml")
