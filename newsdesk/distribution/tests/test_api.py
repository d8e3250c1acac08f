import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from newsdesk.distribution import api as partner_api
from newsdesk.distribution.models import PartnerKey
from newsdesk.distribution.services import article_correction_publish, partner_key_create, partner_key_revoke

from .conftest import HIDDEN_TITLES, bulk_articles
from .schemas import errors, ninjs_validator

PROFILE_3_1 = 'application/json; profile="http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"'


@pytest.fixture(autouse=True)
def _no_settling(monkeypatch):
    """Articles made in a test are seconds old; the settling delay is tested on its own."""
    monkeypatch.setattr(partner_api, "SETTLE_SECONDS", 0)
    cache.clear()


@pytest.fixture
def key(db):
    return partner_key_create(name="Regional Daily", requests_per_minute=1000)[1]


def _get(client, key, url, **headers):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


def _ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def _local(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer nd_not-a-key", "Basic dXNlcjpwYXNz"])
def test_the_api_refuses_requests_without_a_valid_key(client, article, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/api/articles", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


@pytest.mark.django_db
def test_a_revoked_key_is_refused_at_once(client, article):
    record, key = partner_key_create(name="Former partner")
    assert _get(client, key, "/api/articles").status_code == 200
    partner_key_revoke(partner_key=record)
    assert _get(client, key, "/api/articles").status_code == 401


@pytest.mark.django_db
def test_keys_are_stored_as_digests_only(db):
    record, key = partner_key_create(name="Regional Daily")
    record.refresh_from_db()
    assert key.startswith("nd_") and len(key) > 40
    assert key not in str(PartnerKey.objects.filter(pk=record.pk).values().get())
    assert record.key_hash == PartnerKey.digest(key) and record.prefix == key[:10]


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_list_and_item_validate_against_the_official_ninjs_schema(client, key, topic_article, version):
    validator = ninjs_validator(version)
    listing = _ok(_get(client, key, f"/api/articles?ninjs={version}"))
    (item,) = listing["items"]
    assert not errors(validator, item)
    single = _ok(_get(client, key, f"/api/articles/{topic_article.pk}?ninjs={version}"))
    assert not errors(validator, single)
    assert single == item
    assert item["standard"] == {
        "name": "ninjs",
        "version": version,
        "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#",
    }


@pytest.mark.django_db
def test_ninjs_2_2_is_the_default_and_3_1_comes_with_the_accept_profile(client, key, article):
    default = _get(client, key, f"/api/articles/{article.pk}")
    assert _ok(default)["standard"]["version"] == "2.2"
    assert "ninjs-schema_2.2.json" in default["Content-Type"]
    negotiated = _get(client, key, f"/api/articles/{article.pk}", HTTP_ACCEPT=PROFILE_3_1)
    assert _ok(negotiated)["standard"]["version"] == "3.1"
    assert "ninjs-schema_3.1.json" in negotiated["Content-Type"]
    assert negotiated["Vary"] == "Accept"


@pytest.mark.django_db
def test_a_ninjs_item_carries_the_story(client, key, topic_article):
    item = _ok(_get(client, key, f"/api/articles/{topic_article.pk}?ninjs=3.1"))
    assert item["uri"] == f"http://localhost/api/articles/{topic_article.pk}"
    assert item["headlines"] == [{"role": "main", "contentType": "text/plain", "value": topic_article.title}]
    assert item["pubStatus"] == "usable" and item["type"] == "text" and item["language"] == "en-GB"
    (body,) = item["bodies"]
    assert body["contentType"] == "text/html" and "Water rose over the harbour wall" in body["value"]
    assert body["wordCount"] > 10
    assert item["by"] == "Lena Fischer"
    assert item["people"] == [
        {"name": "Lena Fischer", "rel": "author", "uri": "http://localhost/authors/lena-fischer/"}
    ]
    assert [s["name"] for s in item["infoSources"]] == ["Deutsche Presse-Agentur", "Agence France-Presse", "Newsdesk"]
    assert [(s["rel"], s["name"]) for s in item["subjects"]] == [
        ("section", "World"),
        ("topic", "Shipping"),
        ("topic", "Storms"),
    ]
    assert item["located"] == "Hamburg"
    (photo,) = item["associations"]
    assert photo["type"] == "picture" and photo["by"] == "Newsdesk illustration"
    assert {
        "role": "alt",
        "contentType": "text/plain",
        "value": "Fishing boats moored in a calm harbour at sunrise",
    } in (photo["descriptions"])
    assert [(r["name"], r["aspectRatio"]) for r in photo["renditions"]] == [
        ("16x9", "16:9"),
        ("4x3", "4:3"),
        ("1x1", "1:1"),
    ]
    assert item["altIds"] == [{"role": "url", "value": topic_article.get_full_url()}]


@pytest.mark.django_db
def test_since_cursor_pages_through_every_article_once_then_gives_only_what_changed(client, key, section):
    from django.utils import timezone

    bulk_articles(section, 7, published_at=timezone.now(), title="Story")
    seen, url = [], "/api/articles?limit=3"
    while True:
        page = _ok(_get(client, key, url))
        seen += [item["headlines"][0]["value"] for item in page["items"]]
        assert len(page["items"]) <= 3
        url = _local(page["next"])
        if not page["has_more"]:
            break
    assert sorted(seen) == [f"Story {i}" for i in range(7)]
    assert _ok(_get(client, key, url))["items"] == []  # nothing new: an empty poll

    from newsdesk.articles.models import ArticlePage

    corrected = ArticlePage.objects.get(title="Story 3")
    article_correction_publish(article=corrected, text="The story misspelt a name.")
    (item,) = _ok(_get(client, key, url))["items"]
    assert item["headlines"][0]["value"] == "Story 3"
    assert any(d.get("role") == "correction" for d in item["descriptions"])


@pytest.mark.django_db
def test_changed_since_takes_an_iso_date_time(client, key, section):
    from datetime import timedelta

    from django.utils import timezone

    bulk_articles(section, 2, published_at=timezone.now() - timedelta(days=3), title="Old")
    bulk_articles(section, 1, published_at=timezone.now() - timedelta(hours=1), title="New")
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    page = _ok(_get(client, key, f"/api/articles?changed_since={since}"))
    assert [i["headlines"][0]["value"] for i in page["items"]] == ["New 0"]
    assert _ok(_get(client, key, _local(page["next"])))["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["since=garbage", "since=12.x", "changed_since=yesterday", "limit=0", "limit=101", "ninjs=1.0"]
)
def test_bad_parameters_get_a_problem_response(client, key, article, query):
    response = _get(client, key, f"/api/articles?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_drafts_embargoed_unpublished_and_private_stories_never_reach_partners(client, key, article, hidden_articles):
    body = _get(client, key, "/api/articles?limit=100").content.decode()
    assert article.title in body
    for title in HIDDEN_TITLES:
        assert title not in body
    for hidden in hidden_articles:
        response = _get(client, key, f"/api/articles/{hidden.pk}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_story_published_a_moment_ago_waits_for_the_next_poll(client, key, article, monkeypatch):
    monkeypatch.setattr(partner_api, "SETTLE_SECONDS", 60)
    assert _ok(_get(client, key, "/api/articles"))["items"] == []
    monkeypatch.setattr(partner_api, "SETTLE_SECONDS", 0)
    assert len(_ok(_get(client, key, "/api/articles"))["items"]) == 1


@pytest.mark.django_db
def test_each_key_is_rate_limited_on_its_own(client, article, monkeypatch):
    import types

    from newsdesk.distribution import ratelimit

    # The middle of the current minute, for every request: a slow run that crossed into
    # the next window would start counting again (seen once under CI load).
    middle = time.time() // ratelimit.WINDOW_SECONDS * ratelimit.WINDOW_SECONDS + 30
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: middle))
    _, slow = partner_key_create(name="Small partner", requests_per_minute=3)
    _, other = partner_key_create(name="Big partner", requests_per_minute=100)
    assert [_get(client, slow, "/api/articles").status_code for _ in range(3)] == [200, 200, 200]
    refused = _get(client, slow, "/api/articles")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert _get(client, other, "/api/articles").status_code == 200


def test_the_rate_limit_window_starts_again_each_minute(db):
    from newsdesk.distribution.ratelimit import rate_limit_hit

    cache.clear()
    start = (time.time() // 60) * 60
    assert rate_limit_hit(key_id=999, limit=1, now=start + 1) is None
    assert rate_limit_hit(key_id=999, limit=1, now=start + 2) == pytest.approx(58)
    assert rate_limit_hit(key_id=999, limit=1, now=start + 61) is None


@pytest.mark.django_db
def test_a_correction_raises_the_ninjs_version(client, key, article):
    first = _ok(_get(client, key, f"/api/articles/{article.pk}?ninjs=3.1"))
    assert first["version"] == "1"
    article_correction_publish(article=article, text="An earlier version misnamed the harbour master.")
    second = _ok(_get(client, key, f"/api/articles/{article.pk}?ninjs=3.1"))
    assert second["version"] == "2"
    assert second["versionCreated"] > first["versionCreated"]
    assert second["descriptions"][-1]["role"] == "correction"
    assert "misnamed the harbour master" in second["descriptions"][-1]["value"]
    assert "misnamed the harbour master" in second["bodies"][0]["value"]
    assert not errors(ninjs_validator("3.1"), second)


@pytest.mark.django_db
def test_administrators_make_and_revoke_partner_keys_in_the_admin(client, administrator, article):
    client.force_login(administrator)
    response = client.post(
        "/admin/partner_keys/new/", {"name": "Regional Daily", "contact": "", "requests_per_minute": 30}
    )
    assert response.status_code == 200
    record = PartnerKey.objects.get(name="Regional Daily")
    key = response.context["key"]
    assert key in response.content.decode() and record.key_hash == PartnerKey.digest(key)
    assert client.get("/admin/partner_keys/").status_code == 200
    assert key not in client.get(f"/admin/partner_keys/edit/{record.pk}/").content.decode()
    client.logout()
    assert _get(client, key, "/api/articles").status_code == 200
    client.force_login(administrator)
    assert client.post(f"/admin/partner_keys/delete/{record.pk}/").status_code == 302
    client.logout()
    assert _get(client, key, "/api/articles").status_code == 401
    assert PartnerKey.objects.filter(pk=record.pk, revoked_at__isnull=False).exists()


@pytest.mark.django_db
def test_editors_cannot_manage_partner_keys(client, editor):
    client.force_login(editor)
    assert client.get("/admin/partner_keys/").status_code in (302, 403)


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_the_ninjs_schemas_refuse_a_broken_item(version):
    broken = {"uri": "not a uri", "versioncreated": "yesterday", "headline": "not a ninjs property"}
    assert len(errors(ninjs_validator(version), broken)) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment", ["0534-09-20T03:15:36-20:19", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
)
def test_changed_since_with_any_iso_offset_is_answered(client, moment):
    from newsdesk.distribution.services import partner_key_create

    _, key = partner_key_create(name="Offsets", requests_per_minute=1000)
    response = client.get("/api/articles", {"changed_since": moment}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
