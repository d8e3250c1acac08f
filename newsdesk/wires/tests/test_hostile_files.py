"""Hostile and broken files, one fixture each: none stops ingest, none is lost. What can be
read is normalised; what cannot is quarantined with its bytes and a reason for a person."""

import pytest

from newsdesk.wires.models import QuarantinedFile, WireItem
from newsdesk.wires.services import wire_file_ingest

from .conftest import fixture_bytes


def ingest(source, name):
    return wire_file_ingest(source=source, filename=name, payload=fixture_bytes(name))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("xml_bomb.xml", "declares entities"),
        ("xml_external_entity.xml", "declares entities"),
        ("xml_parameter_entity.xml", "declares entities"),
        ("malformed.json", "The JSON is malformed: Unterminated string"),
        ("malformed.xml", "not well-formed: Opening and ending tag mismatch"),
        ("empty.xml", "The file is empty."),
        ("whitespace_only.json", "The file is empty."),
        ("not_a_wire_file.png", "neither JSON nor XML"),
        ("xml_schema.xsd", "XML Schema"),
        ("unreadable_date.xml", 'The embargo time "next Tuesday after lunch" is not a date we can read.'),
        ("bad_urgency.json", 'The urgency "very high" is not a number from 1 to 9.'),
        ("infinite_urgency.json", 'The urgency "1e999" is not a number from 1 to 9.'),
        ("deeply_nested.json", "nested too deeply"),
        ("deeply_nested.xml", "nested more than 256 elements deep"),
    ],
)
def test_unreadable_file_is_quarantined_with_its_reason_and_bytes(dpa_source, name, reason):
    result = ingest(dpa_source, name)
    assert result.status == "quarantined"
    assert reason in result.reason
    stored = QuarantinedFile.objects.get()
    assert stored.original_bytes == fixture_bytes(name)
    assert stored.filename == name
    assert stored.source == dpa_source
    assert not WireItem.objects.exists()


def test_external_entity_is_never_resolved(dpa_source):
    result = ingest(dpa_source, "xml_external_entity.xml")
    assert "root:" not in result.reason


def test_external_dtd_is_not_fetched_and_the_feed_is_read(dpa_source, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the parser tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = ingest(dpa_source, "xml_external_dtd.xml")
    assert result.status == "ingested"


def test_huge_file_is_refused_with_its_size(dpa_source, settings):
    settings.NEWSDESK_WIRES_MAX_FILE_BYTES = 100 * 1024
    result = ingest(dpa_source, "huge.json")
    assert result.status == "quarantined"
    assert result.reason == "The file is 208.7 KB, over the 100.0 KB limit for one wire file; not read."
    assert QuarantinedFile.objects.get().size == len(fixture_bytes("huge.json"))


def test_file_under_the_size_limit_is_read(dpa_source):
    assert ingest(dpa_source, "huge.json").status == "ingested"


@pytest.mark.parametrize("name", ["script_and_handlers.json", "script_in_newsml_xhtml.xml", "script_in_rss.xml"])
def test_scripts_event_handlers_and_javascript_urls_are_removed(dpa_source, name):
    item = ingest(dpa_source, name).items[0]
    stored = " ".join([item.headline, item.byline, item.body, item.summary, str(item.media)]).lower()
    for hostile in ("<script", "alert(", "onclick", "onerror", "onmouseover", "onload", "onfocus", "javascript:"):
        assert hostile not in stored
    for hostile in ("<iframe", "<object", "<embed", "<svg", "style=", "data:text"):
        assert hostile not in item.body


def test_safe_links_and_text_survive_sanitising(dpa_source):
    item = ingest(dpa_source, "script_and_handlers.json").items[0]
    assert item.headline == "Harbour reopens"
    assert item.byline == "Ana Ruiz"
    assert '<a href="https://example.org/port" rel="noopener noreferrer nofollow">Port notice</a>' in item.body
    assert item.media[0]["href"] == "https://example.org/harbour.jpg"
    assert [r["name"] for r in item.media[0]["renditions"]] == ["good"]


def test_xhtml_head_is_not_part_of_the_body(dpa_source):
    item = ingest(dpa_source, "script_in_newsml_xhtml.xml").items[0]
    assert "Not part of the story" not in item.body
    assert item.body.startswith("<p>The storm passed overnight.</p>")


@pytest.mark.parametrize("name", ["latin1_declared_utf8.xml", "latin1_declared_latin1.xml"])
def test_latin1_xml_is_decoded_whatever_it_declares(dpa_source, name):
    item = ingest(dpa_source, name).items[0]
    assert item.headline == "Müller gewinnt in Köln"
    assert item.byline == "Jürgen Groß"
    assert item.body == "<p>Der Fußballverein feierte den Sieg über Düsseldorf.</p>"


def test_latin1_json_is_decoded(dpa_source):
    item = ingest(dpa_source, "latin1.json").items[0]
    assert item.headline == "Éléphants à Besançon: la fête continue"
    assert item.body == "<p>Les éléphants sont arrivés à Besançon.</p><p>La fête a duré jusqu'à l'aube.</p>"


def test_utf16_json_with_byte_order_mark_is_decoded(dpa_source):
    assert ingest(dpa_source, "utf16_bom.json").items[0].headline == "Zürich: Überraschung im Stadtrat"


def test_empty_dates_are_missing_and_padded_ones_are_read(dpa_source):
    item = ingest(dpa_source, "empty_and_padded_dates.json").items[0]
    assert item.first_created_at is None
    assert item.embargoed_until is None
    assert item.version_created_at.isoformat() == "2024-03-01T10:00:00+00:00"
    assert item.version == 3
    assert item.urgency == 2
    assert item.headline == "Dates with blanks and padding"


def test_non_iso_offsets_are_normalised_to_utc(dpa_source):
    result = ingest(dpa_source, "odd_offsets.json")
    assert result.count("created") == 8
    assert {item.version_created_at.isoformat() for item in result.items} == {"2024-03-01T10:00:00+00:00"}


def test_rss_items_are_read(dpa_source):
    result = ingest(dpa_source, "rss_feed.xml")
    ferries, wall = result.items
    assert ferries.guid == "urn:example:rss:ferries-resume"
    assert ferries.byline == "Maria Ortiz"
    assert ferries.keywords == ["Transport", "Weather"]
    assert ferries.media[0]["caption"] == "A ferry leaves the harbour."
    assert ferries.version_created_at.isoformat() == "2024-03-01T09:00:00+00:00"
    assert ferries.language == "en-gb"
    assert wall.guid == "https://agency.example/world/harbour-wall"
    assert wall.media[0]["kind"] == "video"


def test_atom_entries_are_read(dpa_source):
    comet, eclipse = ingest(dpa_source, "atom_feed.xml").items
    assert comet.body == "<p>A bright comet can be seen after dusk <b>all week</b>.</p><p>Look west.</p>"
    assert comet.summary == "A bright comet can be seen after dusk."
    assert comet.byline == "Ken Ito"
    assert comet.first_created_at.isoformat() == "2024-03-01T07:00:00+00:00"
    assert eclipse.headline == "Eclipse tomorrow"
    assert comet.format == eclipse.format == "atom"
