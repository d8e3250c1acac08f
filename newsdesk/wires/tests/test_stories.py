"""Items from different agencies about the same story are grouped, and an editor can
compare them side by side."""

import json

import pytest
from django.urls import reverse

from newsdesk.wires.models import Agency, WireItem, WireSource, WireStory
from newsdesk.wires.services import wire_file_ingest, wire_stories_group

FERRY = {
    "dpa": (
        "Storm halts ferry traffic across the Baltic Sea",
        "Ferry operators cancelled crossings between Kiel, Gothenburg and Oslo as a winter storm "
        "with gusts of 120 km/h swept across the Baltic. Stena Line and Color Line said sailings would resume.",
    ),
    "afp": (
        "Baltic ferry crossings cancelled as winter storm hits",
        "A winter storm forced ferry operators Stena Line and Color Line to cancel Baltic crossings from Kiel "
        "to Oslo and Gothenburg, with wind gusts reaching 120 km/h.",
    ),
    "reuters": (
        "Stena Line, Color Line cancel Baltic ferries in storm",
        "Stena Line and Color Line cancelled ferry sailings from Kiel to Gothenburg and Oslo on Tuesday as "
        "a storm brought gusts of 120 km/h to the Baltic Sea.",
    ),
}
UNRELATED = (
    "Central bank keeps interest rates unchanged",
    "The central bank left its main refinancing rate at 4.5 percent, citing stubborn inflation in services.",
)


def item(source, uri, headline, text, created="2024-03-05T10:00:00Z"):
    payload = json.dumps({"uri": uri, "headline": headline, "body_text": text, "versioncreated": created}).encode()
    return wire_file_ingest(source=source, filename=f"{uri}.json", payload=payload).items[0]


@pytest.fixture
def sources(agencies):
    dpa, afp = agencies
    reuters = Agency.objects.create(name="Reuters", short_name="Reuters", code="reuters")
    return {
        agency.code: WireSource.objects.create(name=f"{agency.code} drop", agency=agency)
        for agency in (dpa, afp, reuters)
    }


@pytest.fixture
def ferry_items(sources):
    return [item(sources[code], f"urn:{code}:ferry", *FERRY[code]) for code in ("dpa", "afp", "reuters")]


def test_the_same_story_from_three_agencies_is_grouped(ferry_items, sources):
    bank = item(sources["dpa"], "urn:dpa:bank", *UNRELATED)
    assert wire_stories_group() == 3
    story = WireStory.objects.get()
    assert story.label == "3 versions of this story: DPA, AFP, Reuters"
    assert {i.pk for i in story.items.all()} == {i.pk for i in ferry_items}
    bank.refresh_from_db()
    assert bank.story is None


def test_grouping_again_changes_nothing_and_keeps_the_key(ferry_items):
    wire_stories_group()
    key = WireStory.objects.get().key
    assert wire_stories_group() == 0
    assert WireStory.objects.get().key == key


def test_a_later_item_joins_the_existing_story(ferry_items, sources):
    wire_stories_group()
    key = WireStory.objects.get().key
    late = item(
        sources["afp"],
        "urn:afp:ferry-2",
        "Baltic ferries resume after storm",
        "Stena Line and Color Line resumed ferry crossings from Kiel to Oslo and Gothenburg after the winter storm.",
    )
    wire_stories_group()
    late.refresh_from_db()
    assert late.story.key == key
    assert late.story.size == 4


def test_items_outside_the_window_are_not_grouped(sources):
    from datetime import timedelta

    from django.utils import timezone

    for code in ("dpa", "afp"):
        item(sources[code], f"urn:{code}:ferry", *FERRY[code])
    WireItem.objects.update(received_at=timezone.now() - timedelta(days=5))
    assert wire_stories_group() == 0


def test_story_is_shown_in_the_listing_and_compared_side_by_side(client, administrator, ferry_items):
    wire_stories_group()
    story = WireStory.objects.get()
    client.force_login(administrator)
    url = reverse("wagtailsnippets_wires_wireitem:story", args=[story.key])
    listing = client.get(reverse("wagtailsnippets_wires_wireitem:list")).content.decode()
    assert "3 versions of this story: DPA, AFP, Reuters" in listing
    assert url in listing
    page = client.get(url).content.decode()
    for code in ("dpa", "afp", "reuters"):
        assert FERRY[code][0] in page
    compose = reverse("wagtail_bulk_action", args=("wires", "wireitem", "compose"))
    assert compose in page


def test_import_groups_what_it_imported(tmp_path, sources):
    import io

    from django.core.management import call_command

    for code in ("dpa", "afp"):
        headline, text = FERRY[code]
        entry = {"uri": f"urn:{code}:f", "headline": headline, "body_text": text}
        (tmp_path / f"{code}.json").write_text(json.dumps(entry))
    call_command("wires_import", str(tmp_path), "--agency", "dpa", stdout=io.StringIO())
    assert WireStory.objects.get().size == 2
