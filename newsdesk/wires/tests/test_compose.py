"""Articles composed from wire items: body and metadata from the items, a record of the
items used, the attribution line from their agencies, and no publishing under embargo."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import ArticlePage
from newsdesk.wires.models import ArticleWireItem, WireItem
from newsdesk.wires.services import EmbargoError, article_create_from_wires, wire_file_ingest

from .conftest import fixture_bytes


def ninjs_item(source, *, uri, headline, body="<p>Ships returned at dawn.</p>", **extra) -> WireItem:
    payload = json.dumps(
        {
            "uri": uri,
            "version": "1",
            "headlines": [{"role": "main", "value": headline}],
            "bodies": [{"role": "html", "value": body}],
            **extra,
        }
    ).encode()
    return wire_file_ingest(source=source, filename=f"{uri}.json", payload=payload).items[0]


def embargoed_item(source) -> WireItem:
    return wire_file_ingest(source=source, filename="embargoed.xml", payload=fixture_bytes("embargoed.xml")).items[0]


@pytest.fixture
def dpa_item(dpa_source):
    return ninjs_item(
        dpa_source,
        uri="urn:dpa:harbour",
        headline="Harbour reopens after storm",
        body="<p>Ships returned at <strong>dawn</strong>.</p><h2>Damage</h2><p>The wall held.</p>",
        located="Hamburg",
        descriptions=[{"role": "summary", "value": "The port is open again."}],
    )


@pytest.fixture
def afp_item(afp_source):
    return ninjs_item(afp_source, uri="urn:afp:harbour", headline="Hamburg port back in business")


def test_single_item_is_published_in_one_call(dpa_item, section, editor):
    page = article_create_from_wires(items=[dpa_item], section=section, user=editor, publish=True)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert page.title == "Harbour reopens after storm"
    assert page.standfirst == "The port is open again."
    assert page.dateline_place == "Hamburg"
    assert [(block.block_type, str(block.value)) for block in page.body] == [
        ("paragraph", "<p>Ships returned at <b>dawn</b>.</p>"),
        ("subhead", "Damage"),
        ("paragraph", "<p>The wall held.</p>"),
    ]
    assert page.attribution == "Based on reporting by DPA"


def test_article_records_the_items_it_used_in_order(dpa_item, afp_item, section, editor):
    page = article_create_from_wires(items=[afp_item, dpa_item], section=section, user=editor)
    links = ArticleWireItem.objects.filter(page=page).order_by("sort_order")
    assert [link.item for link in links] == [afp_item, dpa_item]
    assert [(link.version, link.content_hash) for link in links] == [
        (1, afp_item.content_hash),
        (1, dpa_item.content_hash),
    ]
    assert page.attribution == "Based on reporting by AFP, DPA"
    assert not page.live


def test_draft_keeps_its_wire_links_when_published_later(dpa_item, section, editor):
    page = article_create_from_wires(items=[dpa_item], section=section, user=editor)
    page.get_latest_revision().publish(user=editor)
    assert ArticleWireItem.objects.filter(page=page).count() == 1


def test_later_items_come_under_a_subhead_naming_their_agency(dpa_item, afp_item, section, editor):
    page = article_create_from_wires(items=[dpa_item, afp_item], section=section, user=editor)
    subheads = [block.value for block in page.body if block.block_type == "subhead"]
    assert subheads[-1] == "AFP: Hamburg port back in business"


def test_editor_can_still_change_the_attribution_line(dpa_item, section, editor):
    page = article_create_from_wires(
        items=[dpa_item], section=section, user=editor, attribution_override="With reporting by dpa in Hamburg"
    )
    assert page.attribution == "With reporting by dpa in Hamburg"


def test_item_under_embargo_cannot_be_published(dpa_source, section, editor):
    item = wire_file_ingest(source=dpa_source, filename="embargoed.xml", payload=fixture_bytes("embargoed.xml")).items[
        0
    ]
    assert item.is_embargoed
    with pytest.raises(EmbargoError, match="under embargo until 2099-01-01 12:00 UTC"):
        article_create_from_wires(items=[item], section=section, user=editor, publish=True)
    assert not ArticlePage.objects.exists()


def test_draft_from_an_embargoed_item_is_held_until_the_embargo_lifts(dpa_source, section, editor):
    item = wire_file_ingest(source=dpa_source, filename="embargoed.xml", payload=fixture_bytes("embargoed.xml")).items[
        0
    ]
    page = article_create_from_wires(items=[item], section=section, user=editor)
    assert page.go_live_at == item.embargoed_until
    page.get_latest_revision().publish(user=editor)  # Wagtail schedules it instead
    page.refresh_from_db()
    assert not page.live


def test_item_whose_embargo_has_passed_can_be_published(dpa_source, section, editor):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    item = ninjs_item(dpa_source, uri="urn:dpa:lifted", headline="Embargo lifted", embargoed=past)
    page = article_create_from_wires(items=[item], section=section, user=editor, publish=True)
    assert page.live


def test_embargoed_items_are_visible_on_the_desk(dpa_source):
    wire_file_ingest(source=dpa_source, filename="embargoed.xml", payload=fixture_bytes("embargoed.xml"))
    assert WireItem.objects.under_embargo().count() == 1
    assert WireItem.objects.cleared().count() == 0
    assert WireItem.objects.for_desk().count() == 1


def test_photo_item_without_body_uses_its_caption(dpa_source, section, editor):
    from .conftest import SAMPLES

    payload = (SAMPLES / "ninjs/examples/2.1/imageLinkedRights.json").read_bytes()
    item = wire_file_ingest(source=dpa_source, filename="photo.json", payload=payload).items[0]
    page = article_create_from_wires(items=[item], section=section, user=editor)
    assert page.body[0].block_type == "paragraph"
    assert "Valentino Rossi" in str(page.body[0].value)


def test_two_articles_with_the_same_headline_get_distinct_slugs(dpa_item, section, editor):
    first = article_create_from_wires(items=[dpa_item], section=section, user=editor)
    second = article_create_from_wires(items=[dpa_item], section=section, user=editor)
    assert first.slug != second.slug


def _admin_request(rf, user):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_admin_publish_is_refused_while_the_embargo_holds(rf, dpa_source, section, editor):
    from newsdesk.wires.wagtail_hooks import refuse_publishing_under_embargo

    page = article_create_from_wires(items=[embargoed_item(dpa_source)], section=section, user=editor)
    page.go_live_at = None  # the editor cleared the go-live time
    response = refuse_publishing_under_embargo(_admin_request(rf, editor), page)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/pages/{page.pk}/edit/")


def test_admin_publish_scheduled_after_the_embargo_is_allowed(rf, dpa_source, section, editor):
    from newsdesk.wires.wagtail_hooks import refuse_publishing_under_embargo

    page = article_create_from_wires(items=[embargoed_item(dpa_source)], section=section, user=editor)
    assert refuse_publishing_under_embargo(_admin_request(rf, editor), page) is None


def test_admin_publish_of_articles_without_wire_copy_is_untouched(rf, article, editor):
    from newsdesk.wires.wagtail_hooks import refuse_publishing_under_embargo

    assert refuse_publishing_under_embargo(_admin_request(rf, editor), article) is None
