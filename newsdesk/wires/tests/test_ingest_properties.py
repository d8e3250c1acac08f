"""Property: however a valid wire file is corrupted, ingest neither crashes nor loses it.
Every delivery ends as stored items or as a quarantined file holding its exact bytes."""

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.wires.models import QuarantinedFile, WireItem, WirePayload
from newsdesk.wires.parsers import WireParseError, parse_payload
from newsdesk.wires.services import wire_file_ingest

from .conftest import SAMPLES, fixture_bytes

VALID = [
    (SAMPLES / "ninjs/examples/1.4/ninjsExComplex1.json").read_bytes(),
    (SAMPLES / "ninjs/examples/2.1/dpa_text.json").read_bytes(),
    (SAMPLES / "ninjs/examples/3.0/tt_text_image_3.json").read_bytes(),
    (SAMPLES / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml").read_bytes(),
    (SAMPLES / "newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml").read_bytes(),
    fixture_bytes("rss_feed.xml"),
    fixture_bytes("atom_feed.xml"),
    fixture_bytes("embargoed.xml"),
    fixture_bytes("odd_offsets.json"),
]


@st.composite
def corrupted(draw):
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate", "reencode"]))
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            hostile = st.sampled_from([b"<script>alert(1)</script>", b"&", b"<", b'"', b"\x00", b"\xff\xfe", b"]]>"])
            data[at:at] = draw(st.binary(max_size=20) | hostile)
        elif kind == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=200))]
        elif kind == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=200))]
        elif kind == "reencode":
            data = bytearray(
                bytes(data).decode("utf-8", "replace").encode(draw(st.sampled_from(["utf-16", "cp1252"])), "replace")
            )
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | corrupted())
def test_parser_raises_only_a_parse_error(payload):
    try:
        parsed = parse_payload(payload)
    except WireParseError as error:
        assert str(error)
    else:
        assert parsed.items and all(item.guid and item.headline for item in parsed.items)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=corrupted())
def test_corrupted_file_is_never_lost(dpa_source, payload):
    result = wire_file_ingest(source=dpa_source, filename="corrupted", payload=payload)
    digest = hashlib.sha256(payload).hexdigest()
    if result.status == "quarantined":
        kept = QuarantinedFile.objects.get(pk=result.quarantined.pk)
        assert kept.sha256 == digest
        assert kept.original_bytes == payload
        assert kept.reason
    else:
        assert result.outcomes
        for outcome in result.outcomes:
            assert WireItem.objects.filter(pk=outcome.item.pk).exists()
        if any(outcome.outcome != "duplicate" for outcome in result.outcomes):
            assert WirePayload.objects.get(sha256=digest).data == payload
        else:
            assert all(outcome.item.content_hash for outcome in result.outcomes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(1, 7)), repeats=st.lists(st.integers(min_value=1, max_value=6), max_size=4))
def test_any_delivery_order_ends_with_the_newest_version_and_every_version_once(dpa_source, order, repeats):
    import json

    guid = f"urn:property:{'-'.join(map(str, order))}:{len(repeats)}"
    WireItem.objects.filter(guid=guid).delete()

    def version(number):
        item = {"uri": guid, "version": str(number), "headline": f"Version {number}"}
        return json.dumps(item).encode()

    for number in [*order, *repeats]:  # every version once, then some re-deliveries
        wire_file_ingest(source=dpa_source, filename=f"v{number}", payload=version(number))
    item = WireItem.objects.get(guid=guid)
    assert item.version == 6
    assert sorted(v.version for v in item.history()) == [1, 2, 3, 4, 5, 6]
