"""Every IPTC sample in the shared wire-samples folder is ingested, or quarantined with a
reason that says why it is not a news item. Samples: iptc/newsinjson (MIT) and
iptc/newsml-g2 (CC BY 4.0), see the folder's README and licence files."""

import pytest

from newsdesk.wires.models import QuarantinedFile, WireItem
from newsdesk.wires.services import wire_file_ingest

from .conftest import SAMPLES

# Samples that are not (complete) news items, and the reason a person would give.
NOT_NEWS_ITEMS = {
    "newsml-g2/examples/LISTING_24_News_Message_conveying_a_complete_News_Package.xml": "has no headline",
    "newsml-g2/examples/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": "fragment",
    "newsml-g2/examples/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": "fragment",
    "newsml-g2/examples/LISTING_29_Hop_History.xml": "has no headline",
    "newsml-g2/examples/LISTING_6_Simple_NewsML-G2_Package.xml": "package",
    "newsml-g2/examples/NewsML-G2_2.35-spec-All-Power.xsd": "empty",
    "newsml-g2/examples/ap_metadata_example.xml": "has no headline",
    "ninjs/examples/2.1/schema-extension/extension-schema.json": "JSON Schema",
    "ninjs/schema/ninjs-schema_1.6.json": "JSON Schema",
    "ninjs/schema/ninjs-schema_2.2.json": "JSON Schema",
    "ninjs/schema/ninjs-schema_3.1.json": "JSON Schema",
}


def _sample_files():
    if not SAMPLES.is_dir():
        return []
    return sorted(
        str(path.relative_to(SAMPLES))
        for path in SAMPLES.rglob("*")
        if path.is_file() and path.suffix in (".json", ".xml", ".xsd")
    )


def test_the_samples_folder_is_there():
    assert len(_sample_files()) >= 50, f"expected the IPTC samples in {SAMPLES}"


@pytest.mark.parametrize("relative", _sample_files())
def test_sample_is_ingested_or_quarantined_with_its_reason(relative, dpa_source):
    payload = (SAMPLES / relative).read_bytes()
    result = wire_file_ingest(source=dpa_source, filename=relative, payload=payload)
    if relative in NOT_NEWS_ITEMS:
        assert result.status == "quarantined"
        assert NOT_NEWS_ITEMS[relative] in result.reason
        assert QuarantinedFile.objects.get().original_bytes == payload
    else:
        assert result.status == "ingested", result.reason
        assert result.items and all(item.headline for item in result.items)
        assert all(item.original_bytes == payload for item in WireItem.objects.all())


def test_ninjs_2_dpa_sample_is_normalised(dpa_source):
    result = wire_file_ingest(
        source=dpa_source, filename="dpa_text.json", payload=(SAMPLES / "ninjs/examples/2.1/dpa_text.json").read_bytes()
    )
    item = result.items[0]
    assert item.guid == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert item.version == 2
    assert item.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert item.byline == "Von Christian Hollmann, dpa"
    assert item.language == "de"
    assert item.urgency == 4
    assert item.version_created_at.isoformat() == "2019-05-10T14:02:28+00:00"
    assert item.body.startswith("<p>Für Lucien Favre")
    assert item.format == "ninjs"


def test_ninjs_3_and_2_versions_of_the_same_item_are_one_item(dpa_source):
    for version in ("2.1", "3.0"):
        payload = (SAMPLES / f"ninjs/examples/{version}/dpa_text.json").read_bytes()
        wire_file_ingest(source=dpa_source, filename=f"{version}.json", payload=payload)
    assert WireItem.objects.count() == 1


def test_ninjs_1_association_becomes_a_photo_with_caption(dpa_source):
    payload = (SAMPLES / "ninjs/examples/1.4/ninjsExComplex1.json").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="complex.json", payload=payload).items[0]
    assert item.dateline == "Grossetto, Italy"
    [photo] = item.media
    assert photo["kind"] == "photo"
    assert photo["caption"].startswith("The Costa Concordia cruise ship lies on its side")
    assert photo["href"].endswith("-big.jpg")


def test_ninjs_3_nitf_body_is_read(dpa_source):
    name = (
        "ninjs/examples/3.0/"
        "20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json"
    )
    item = wire_file_ingest(source=dpa_source, filename="nitf.json", payload=(SAMPLES / name).read_bytes()).items[0]
    assert "<p>" in item.body and "Tour Down Under" in item.body
    assert item.subjects[0] == {"name": "Sport", "code": "http://cv.iptc.org/newscodes/mediatopic/15000000"}


def test_ninjs_collection_gives_one_item_per_entry(dpa_source):
    payload = (SAMPLES / "ninjs/examples/3.0/collection/20231016-event-timeline-sample.json").read_bytes()
    result = wire_file_ingest(source=dpa_source, filename="timeline.json", payload=payload)
    assert result.count("created") == 14


def test_newsml_g2_nitf_text_is_normalised(dpa_source):
    payload = (SAMPLES / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="text.xml", payload=payload).items[0]
    assert item.guid == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert item.version == 11
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.byline == "Meredith Jameson"
    assert item.dateline == "New York, NY"
    assert item.language == "en-US"
    assert [s["name"] for s in item.subjects] == [
        "economy, business and finance",
        "central bank",
        "money and monetary policy",
    ]
    assert item.body.count("<p>") == 2
    assert item.format == "newsml-g2"


def test_newsml_g2_embargo_is_read(dpa_source):
    payload = (SAMPLES / "newsml-g2/examples/LISTING_1_A_NewsML-G2_News_Item.xml").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="embargo.xml", payload=payload).items[0]
    assert item.embargoed_until.isoformat() == "2018-10-23T12:00:00+00:00"
    assert item.version_created_at.isoformat() == "2018-10-21T21:25:32+00:00"


def test_newsml_g2_photo_keeps_renditions_and_caption(dpa_source):
    payload = (SAMPLES / "newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="photo.xml", payload=payload).items[0]
    [photo] = item.media
    assert photo["kind"] == "photo"
    assert photo["credit"] == "Getty Images"
    assert photo["caption"].startswith("A general view of part of downtown")
    assert "gamble" in item.keywords


def test_newsml_g2_video_without_headline_takes_one_from_its_description(dpa_source):
    payload = (SAMPLES / "newsml-g2/examples/LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="video.xml", payload=payload).items[0]
    assert item.headline.startswith("Amir Hussein Abdullahian")
    assert item.media[0]["kind"] == "video"
    assert item.media[0]["href"] == "http://components.afp.com/3e353716caa.1920x1080.mp4"
