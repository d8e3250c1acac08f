"""Pull and push sources: HTTP feeds polled with a conditional GET, and the push endpoint
agencies POST their files to."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsdesk.wires import services
from newsdesk.wires.models import QuarantinedFile, WireItem, WireSource
from newsdesk.wires.services import FeedResponse, wire_feed_poll

from .conftest import fixture_bytes


class FakeFeed:
    """Answers like a server that supports ETag and Last-Modified. No network in tests."""

    def __init__(self, body: bytes, etag: str = '"v1"'):
        self.body, self.etag, self.requests = body, etag, []

    def __call__(self, url, headers, limit):
        self.requests.append((url, dict(headers)))
        if headers.get("If-None-Match") == self.etag:
            return FeedResponse(304, {})
        return FeedResponse(200, {"etag": self.etag, "last-modified": "Fri, 01 Mar 2024 10:00:00 GMT"}, self.body)


def test_feed_is_ingested_and_its_validators_kept(afp_source):
    feed = FakeFeed(fixture_bytes("rss_feed.xml"))
    result = wire_feed_poll(source=afp_source, fetch=feed)
    assert result.count("created") == 2
    afp_source.refresh_from_db()
    assert afp_source.feed_etag == '"v1"'
    assert afp_source.feed_last_modified == "Fri, 01 Mar 2024 10:00:00 GMT"
    assert afp_source.last_checked_at is not None


def test_unchanged_feed_is_not_downloaded_again(afp_source):
    feed = FakeFeed(fixture_bytes("rss_feed.xml"))
    wire_feed_poll(source=afp_source, fetch=feed)
    afp_source.refresh_from_db()
    assert wire_feed_poll(source=afp_source, fetch=feed) is None
    url, headers = feed.requests[-1]
    assert url == "https://afp.example/feed"
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Fri, 01 Mar 2024 10:00:00 GMT"
    assert WireItem.objects.count() == 2


def test_unreachable_feed_is_tried_again_later(afp_source):
    def down(url, headers, limit):
        raise OSError("connection refused")

    assert wire_feed_poll(source=afp_source, fetch=down) is None
    afp_source.refresh_from_db()
    assert afp_source.feed_etag == ""
    assert afp_source.last_checked_at is not None


def test_broken_feed_is_quarantined(afp_source):
    result = wire_feed_poll(source=afp_source, fetch=FakeFeed(fixture_bytes("xml_bomb.xml")))
    assert result.status == "quarantined"
    assert QuarantinedFile.objects.get().original_bytes == fixture_bytes("xml_bomb.xml")


def test_watch_command_polls_feeds(afp_source, monkeypatch, capsys):
    monkeypatch.setattr(services, "_feed_fetch", FakeFeed(fixture_bytes("atom_feed.xml")))
    call_command("wires_watch", "--once")
    assert "AFP feed: 2 created" in capsys.readouterr().out


@pytest.fixture
def push_source(agencies):
    dpa, _ = agencies
    return WireSource.objects.create(name="dpa push", agency=dpa, kind=WireSource.Kind.PUSH)


def push(client, source, body, token=None, **headers):
    return client.post(
        reverse("wires:push", args=[source.pk]),
        data=body,
        content_type="application/octet-stream",
        headers={"Authorization": f"Bearer {token or source.push_token}", **headers},
    )


def test_pushed_file_is_ingested(client, push_source):
    response = push(client, push_source, fixture_bytes("embargoed.xml"), **{"X-Filename": "rate.xml"})
    assert response.status_code == 202
    assert response.json() == {
        "status": "ingested",
        "items": [{"guid": "urn:newsml:dpa.com:20990101:embargo-test", "version": 1, "outcome": "created"}],
    }
    assert WireItem.objects.get().payload.filename == "rate.xml"


def test_pushing_the_same_file_again_is_a_duplicate(client, push_source):
    push(client, push_source, fixture_bytes("embargoed.xml"))
    assert push(client, push_source, fixture_bytes("embargoed.xml")).json()["items"][0]["outcome"] == "duplicate"


def test_unreadable_push_is_kept_and_explained(client, push_source):
    response = push(client, push_source, fixture_bytes("malformed.json"))
    assert response.status_code == 422
    assert response.json()["reason"].startswith("The JSON is malformed")
    assert QuarantinedFile.objects.get().original_bytes == fixture_bytes("malformed.json")


@pytest.mark.parametrize("token", ["wrong-token", ""])
def test_push_with_a_wrong_token_is_refused(client, push_source, token):
    response = client.post(
        reverse("wires:push", args=[push_source.pk]),
        data=fixture_bytes("embargoed.xml"),
        content_type="application/xml",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401
    assert not WireItem.objects.exists()


def test_push_to_a_source_that_is_not_a_push_source_is_refused(client, dpa_source):
    assert push(client, dpa_source, fixture_bytes("embargoed.xml")).status_code == 401


def test_push_needs_post(client, push_source):
    assert client.get(reverse("wires:push", args=[push_source.pk])).status_code == 405


def test_oversized_push_is_refused(client, push_source, settings):
    settings.NEWSDESK_WIRES_MAX_FILE_BYTES = 1000
    response = push(client, push_source, fixture_bytes("huge.json"))
    assert response.status_code == 413
    assert not QuarantinedFile.objects.exists()
