"""The full-page cache in front of Django, driven through the ASGI interface."""

import asyncio
import concurrent.futures
import gzip
import hashlib
import os

import pytest

from newsdesk.reader.pagecache import FileGeneration, LRUStore, PageCacheMiddleware, content_etag

PUBLIC = b"public, max-age=0, s-maxage=300, stale-if-error=600"


class FakeDjango:
    """Stands in for Django: answers with a body that counts the renders."""

    def __init__(self, cache_control=PUBLIC, status=200, set_cookie=False):
        self.calls = 0
        self.cache_control = cache_control
        self.status = status
        self.set_cookie = set_cookie

    async def __call__(self, scope, receive, send):
        self.calls += 1
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        if self.cache_control:
            headers.append((b"cache-control", self.cache_control))
        if self.set_cookie:
            headers.append((b"set-cookie", b"a=b"))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": f"render {self.calls} ".encode() * 200})


def request(app, path="/", method="GET", headers=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in headers],
    }
    messages = []
    sent_request = []

    async def receive():
        if not sent_request:
            sent_request.append(True)
            return {"type": "http.request", "body": b""}
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        messages.append(message)

    # A thread of its own: other tests (Playwright's sync API) may leave an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = messages[0]
    body = b"".join(m.get("body", b"") for m in messages[1:])
    return start["status"], dict(start["headers"]), body


def make(inner, generation):
    return PageCacheMiddleware(inner, store=LRUStore(100, 10_000_000), generation=generation)


def test_a_public_page_is_rendered_once_then_served_from_memory(generation):
    inner = FakeDjango()
    app = make(inner, generation)
    first = request(app)
    second = request(app)
    assert inner.calls == 1
    assert first[2] == second[2]
    assert second[1][b"x-cache"] == b"HIT"


def test_pages_that_set_cookies_or_are_not_public_are_never_cached(generation):
    for inner in (FakeDjango(set_cookie=True), FakeDjango(cache_control=b"private, no-cache")):
        app = make(inner, generation)
        request(app)
        request(app)
        assert inner.calls == 2


@pytest.mark.parametrize(
    "path,method,headers",
    [
        ("/admin/pages/", "GET", ()),
        ("/live/stream/", "GET", ()),
        ("/api/alerts/", "GET", ()),
        ("/", "POST", ()),
        ("/", "GET", (("cookie", "sessionid=abc"),)),
    ],
)
def test_editors_apis_and_writes_go_straight_to_django(generation, path, method, headers):
    inner = FakeDjango()
    app = make(inner, generation)
    request(app, path, method, headers)
    request(app, path, method, headers)
    assert inner.calls == 2


def test_each_text_size_is_cached_separately(generation):
    inner = FakeDjango()
    app = make(inner, generation)
    request(app, headers=(("cookie", "newsdesk_text_size=lg"),))
    request(app, headers=(("cookie", "newsdesk_text_size=xs"),))
    request(app, headers=(("cookie", "newsdesk_text_size=lg; other=1"),))
    assert inner.calls == 2


def test_a_generation_bump_makes_every_page_render_again(generation):
    inner = FakeDjango()
    app = make(inner, generation)
    request(app, "/a/")
    request(app, "/b/")
    generation.bump()
    request(app, "/a/")
    request(app, "/b/")
    assert inner.calls == 4


def kept_then_changed_by_another_process(tmp_path, check_seconds):
    """A page kept by this process (reader), then a change made by another (its generation, writer)."""
    reader = FileGeneration(tmp_path / "generation", check_seconds=check_seconds)
    writer = FileGeneration(tmp_path / "generation", check_seconds=check_seconds)
    inner = FakeDjango()
    app = make(inner, reader)
    request(app)
    writer.bump()
    return reader, writer, inner, app


def test_another_process_bump_is_seen_within_the_check_interval(tmp_path):
    _, _, inner, app = kept_then_changed_by_another_process(tmp_path, check_seconds=0.05)
    import time

    time.sleep(0.06)
    request(app)
    assert inner.calls == 2


def test_a_generation_nginx_already_follows_is_looked_at_at_once(tmp_path, monkeypatch):
    """nginx keys its micro-cache by the page files' generation (deploy/nginx/newsdesk.conf):
    a process that had not looked yet would have it keep the old page under the new one."""
    reader, writer, inner, app = kept_then_changed_by_another_process(tmp_path, check_seconds=60)
    request(app)
    assert inner.calls == 1  # not looked yet: the check interval is a minute
    nginx_follows = ("x-newsdesk-generation", "/srv/newsdesk/var/page-files/gen-" + writer.token())
    assert request(app, headers=(nginx_follows,))[2].startswith(b"render 2 ")
    # A folder that never becomes the generation (made up, or left behind) costs one look, not one a request.
    reads = []
    monkeypatch.setattr(reader, "_read", lambda original=reader._read: reads.append(1) or original())
    for _ in range(3):
        request(app, headers=(("x-newsdesk-generation", "/srv/newsdesk/var/page-files/gen-made-up"),))
    assert len(reads) == 1 and inner.calls == 2


def test_the_token_is_read_once_per_check_interval_and_an_own_bump_at_once(tmp_path):
    reader = FileGeneration(tmp_path / "generation", check_seconds=60)
    other = FileGeneration(tmp_path / "generation", check_seconds=60)
    first = reader.token()
    other.bump()  # another process: not seen until the interval has passed
    assert reader.token() == first
    reader.bump()  # this process: seen by its next render
    own = reader.token()
    assert own != first and own == FileGeneration(tmp_path / "generation", check_seconds=0).token()


def test_another_process_bump_changes_the_token_within_the_check_interval(tmp_path):
    reader = FileGeneration(tmp_path / "generation", check_seconds=0.05)
    first = reader.token()
    FileGeneration(tmp_path / "generation", check_seconds=0.05).bump()
    import time

    time.sleep(0.06)
    assert reader.token() != first


def test_the_token_is_never_older_than_the_generation_the_event_loop_saw(tmp_path):
    # A page is kept under the generation the event loop saw; rendered from older
    # fragments, it would stay stale until the next change.
    reader = FileGeneration(tmp_path / "generation", check_seconds=60)
    first = reader.token()
    asyncio.run(reader.current())
    FileGeneration(tmp_path / "generation", check_seconds=60).bump()  # another process
    reader.next_check = 0.0  # the event loop's next look is due before the thread's
    asyncio.run(reader.current())
    assert reader.token() != first and reader.token() == reader.seen


def test_a_read_that_races_a_bump_is_not_kept(tmp_path, monkeypatch):
    generation = FileGeneration(tmp_path / "generation", check_seconds=60)
    generation.bump()
    real_stat = os.stat

    def stat_then_bump(path):  # the old file read, then a bump by another thread of this process
        result = real_stat(path)
        monkeypatch.setattr(os, "stat", real_stat)
        generation.bump()
        return result

    monkeypatch.setattr(os, "stat", stat_then_bump)
    stale = generation.token()
    assert generation.token() != stale


def test_the_etag_is_the_sha256_of_the_body_in_any_size():
    for size in (0, 1, 2047, 2048, 4095, 37_000):
        body = os.urandom(size)
        assert content_etag(body) == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def test_when_django_fails_the_last_good_page_is_served(generation):
    inner = FakeDjango()
    app = make(inner, generation)
    _, _, good = request(app)
    generation.bump()
    inner.status = 503
    status, headers, body = request(app)
    assert status == 200 and body == good and headers[b"x-cache"] == b"STALE"


def test_revalidation_with_the_etag_gets_304(generation):
    app = make(FakeDjango(), generation)
    request(app)
    _, headers, _ = request(app)
    status, _, body = request(app, headers=(("if-none-match", headers[b"etag"].decode()),))
    assert status == 304 and body == b""


def test_the_compressed_and_the_plain_page_have_etags_of_their_own(generation):
    """A strong ETag differs between content codings (RFC 9110, 8.8.3): a cache that
    revalidates one copy must not be told the other is the same."""
    app = make(FakeDjango(), generation)
    request(app)
    _, plain, _ = request(app)
    _, compressed, _ = request(app, headers=(("accept-encoding", "gzip"),))
    assert plain[b"etag"] != compressed[b"etag"]
    for etag, expected in ((compressed[b"etag"], 304), (plain[b"etag"], 200)):
        status, headers, _ = request(app, headers=(("accept-encoding", "gzip"), ("if-none-match", etag.decode())))
        assert status == expected and headers[b"etag"] == compressed[b"etag"]
    status, _, _ = request(app, headers=(("if-none-match", compressed[b"etag"].decode()),))
    assert status == 200


def test_gzip_when_the_client_accepts_it(generation):
    app = make(FakeDjango(), generation)
    _, _, plain = request(app)
    status, headers, body = request(app, headers=(("accept-encoding", "gzip, br"),))
    assert headers[b"content-encoding"] == b"gzip" and gzip.decompress(body) == plain
    assert int(headers[b"content-length"]) == len(body)


def test_a_miss_is_sent_compressed_to_a_client_that_accepts_gzip(generation):
    """nginx asks for its gzip copy right after a publish: it gets one, not the plain page to compress per hit."""
    inner = FakeDjango()
    app = make(inner, generation)
    status, headers, body = request(app, headers=(("accept-encoding", "gzip"),))
    assert inner.calls == 1 and status == 200 and headers[b"x-cache"] == b"MISS"
    assert headers[b"content-encoding"] == b"gzip" and int(headers[b"content-length"]) == len(body)
    hit_status, hit_headers, hit_body = request(app, headers=(("accept-encoding", "gzip"),))
    assert inner.calls == 1 and hit_headers[b"x-cache"] == b"HIT" and hit_body == body
    assert hit_headers[b"etag"] == headers[b"etag"]
    assert gzip.decompress(body) == request(app)[2]  # the plain copy


def test_a_miss_that_cannot_be_kept_goes_out_as_django_sent_it(generation):
    for inner in (FakeDjango(cache_control=b"private, no-cache"), FakeDjango(set_cookie=True)):
        status, headers, body = request(make(inner, generation), headers=(("accept-encoding", "gzip"),))
        assert status == 200 and b"content-encoding" not in headers and body == b"render 1 " * 200


def test_a_page_too_long_to_keep_streams_through_whole(generation, monkeypatch):
    monkeypatch.setattr("newsdesk.reader.pagecache.MAX_PAGE_BYTES", 1_000)

    class Chunks(FakeDjango):
        async def __call__(self, scope, receive, send):
            headers = [(b"content-type", b"text/html"), (b"cache-control", PUBLIC)]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            for number in range(5):
                await send({"type": "http.response.body", "body": bytes([65 + number]) * 400, "more_body": True})
            await send({"type": "http.response.body", "body": b""})

    app = make(Chunks(), generation)
    status, headers, body = request(app, headers=(("accept-encoding", "gzip"),))
    assert status == 200 and body == b"A" * 400 + b"B" * 400 + b"C" * 400 + b"D" * 400 + b"E" * 400
    assert b"content-encoding" not in headers and len(app.store) == 0


class SlowDjango(FakeDjango):
    """FakeDjango whose renders take until `release` is set."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        await self.release.wait()
        return await super().__call__(scope, receive, send)


def at_once(app, count, release_after=0.05, method="GET"):
    """`count` readers ask for the same page at once; what each got (status, headers, body), and the renders."""

    async def scenario():
        inner = app.app
        readers = [asyncio.create_task(_ask(app, method)) for _ in range(count)]
        await asyncio.sleep(release_after)
        inner.release.set()
        return await asyncio.gather(*readers)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result()


async def _ask(app, method):
    messages = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "method": method, "path": "/world/", "query_string": b"", "headers": []}
    await app(scope, receive, send)
    return messages[0]["status"], dict(messages[0]["headers"]), b"".join(m.get("body", b"") for m in messages[1:])


def test_readers_who_miss_on_a_page_being_rendered_wait_for_that_render(generation):
    """A breaking story: after each change, every reader of it misses at once. One render serves them all."""
    inner = SlowDjango()
    app = PageCacheMiddleware(inner, store=LRUStore(100, 10_000_000), generation=generation)
    answers = at_once(app, 20)
    assert inner.calls == 1
    assert {body for _, _, body in answers} == {b"render 1 " * 200}
    assert [headers.get(b"x-cache") for _, headers, _ in answers].count(b"HIT") == 19
    assert app.coalesced == 19 and app._rendering == {}


def test_when_the_render_cannot_be_kept_each_waiting_reader_gets_its_own(generation):
    inner = SlowDjango(set_cookie=True)
    app = PageCacheMiddleware(inner, store=LRUStore(100, 10_000_000), generation=generation)
    answers = at_once(app, 3)
    assert inner.calls == 3 and all(status == 200 for status, _, _ in answers)
    assert app._rendering == {}


def test_the_store_is_bounded():
    store = LRUStore(max_entries=2, max_bytes=10_000)
    from newsdesk.reader.pagecache import Entry

    for key in "abc":
        store.set(key, Entry(0, 0, 0, 200, [], b"x" * 10, None, b"", b""))
    assert len(store) == 2 and store.get("a") is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_through_django_updates_the_cached_home_page(section, settings, tmp_path):
    from django.core.asgi import get_asgi_application

    from newsdesk.articles.services import article_create
    from newsdesk.reader import pagecache

    settings.NEWSDESK_PAGE_CACHE_CHECK_SECONDS = 0
    pagecache._generation = FileGeneration(tmp_path / "gen", check_seconds=0)
    try:
        app = PageCacheMiddleware(get_asgi_application())
        headers = (("host", "localhost"),)
        article_create(section=section, title="First story of the day", standfirst="s", body=[])
        status, _, before = request(app, "/", headers=headers)
        assert status == 200 and b"First story of the day" in before
        assert request(app, "/", headers=headers)[1][b"x-cache"] == b"HIT"
        article_create(section=section, title="Second story arrives", standfirst="s", body=[])
        _, response_headers, after = request(app, "/", headers=headers)
        assert b"Second story arrives" in after and b"x-cache" not in response_headers
    finally:
        pagecache._generation = None


def test_the_same_path_on_two_hosts_is_kept_twice(generation):
    inner = FakeDjango()
    app = make(inner, generation)
    _, _, first = request(app, "/", headers=(("host", "news.example"),))
    _, headers, other = request(app, "/", headers=(("host", "sport.example"),))
    assert inner.calls == 2 and other != first and b"x-cache" not in headers
    _, headers, again = request(app, "/", headers=(("host", "news.example"),))
    assert again == first and headers[b"x-cache"] == b"HIT"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_wagtail_sites_with_a_page_at_the_same_path_get_their_own(section, settings, tmp_path):
    from django.core.asgi import get_asgi_application
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["localhost", "sport.example"]
    Site.objects.create(hostname="sport.example", port=80, root_page=section, site_name="Sport")
    app = make(get_asgi_application(), FileGeneration(tmp_path / "gen", check_seconds=0))
    _, _, home = request(app, "/", headers=(("host", "localhost"),))
    _, headers, sport = request(app, "/", headers=(("host", "sport.example"),))
    assert b"x-cache" not in headers and home != sport
    assert b"<title>World" in sport and b"<title>World" not in home
    _, headers, again = request(app, "/", headers=(("host", "localhost"),))
    assert headers[b"x-cache"] == b"HIT" and again == home


@pytest.mark.django_db
def test_database_failure_gets_a_friendly_503_at_once(client, monkeypatch, article):
    import time

    from django.db import OperationalError

    from newsdesk.articles.models import ArticlePage

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    client.get(article.url)  # photo renditions are made once, before the failure
    monkeypatch.setattr(ArticlePage, "related_articles", broken)
    started = time.monotonic()
    response = client.get(article.url)
    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_anonymous_pages_are_public_and_editors_pages_private(client, article, editor):
    response = client.get(article.url)
    assert "s-maxage=" in response["Cache-Control"] and "stale-if-error=" in response["Cache-Control"]
    assert "stale-while-revalidate=" in response["Cache-Control"]
    # It differs with the text-size cookie: a shared cache must not hand one reader's size to another.
    assert "Cookie" in response["Vary"]
    assert response.has_header("ETag")
    assert client.get(article.url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    client.force_login(editor)
    assert "public" not in client.get(article.url)["Cache-Control"]


@pytest.mark.django_db
def test_the_etag_is_a_hash_of_the_page_and_answers_revalidation(client, article):
    import hashlib

    response = client.get(article.url)
    assert response["ETag"] == '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    not_modified = client.get(article.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(article.url, HTTP_IF_NONE_MATCH='"another-version"').status_code == 200
    # HEAD has no body to hash: Django's rule, kept.
    assert not client.head(article.url).has_header("ETag")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rendered_fragments_are_reused_until_something_is_published(client, settings, section, editor, tmp_path):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from newsdesk.articles.services import article_create, article_update
    from newsdesk.reader import fragments, pagecache

    settings.NEWSDESK_FRAGMENT_CACHE_SECONDS = 60
    pagecache._generation = FileGeneration(tmp_path / "gen", check_seconds=0)
    cache.clear()
    try:
        page = article_create(section=section, title="Budget vote delayed", standfirst="First version.", body=[])
        article_create(section=section, title="Tram strike ends", standfirst="s", body=[])
        first = client.get(page.url).content.decode()
        assert "First version." in first and "Tram strike ends" in first
        cache.clear()
        fragments.memo.clear()
        with CaptureQueriesContext(connection) as uncached:
            client.get(page.url)
        with CaptureQueriesContext(connection) as warm:
            client.get(page.url)
        assert len(warm) < len(uncached), "fragments save queries"
        # Another process (the memo forgotten) finds them in the shared cache.
        fragments.memo.clear()
        with CaptureQueriesContext(connection) as shared:
            client.get(page.url)
        assert len(shared) == len(warm)
        article_update(article=page, changes={"standfirst": "Second version."})
        assert "Second version." in client.get(page.url).content.decode()

        # An editor's preview of a draft is never answered from (or stored in) the fragment cache.
        draft = page.get_latest_revision_as_object()
        draft.standfirst = "Draft version."
        draft.save_revision()
        client.force_login(editor)
        preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
        assert "Draft version." in preview
        client.logout()
        assert "Second version." in client.get(page.url).content.decode()
    finally:
        pagecache._generation = None
        cache.clear()
        fragments.memo.clear()


@pytest.mark.django_db
def test_an_alert_expiring_invalidates_cached_pages(editor, tmp_path, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from newsdesk.live.models import BreakingAlert
    from newsdesk.live.services import alert_expire_due, alert_publish
    from newsdesk.reader import pagecache

    pagecache._generation = FileGeneration(tmp_path / "gen", check_seconds=0)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            alert = alert_publish(text="Bridge closed", url="https://example.org/", user=editor)
        BreakingAlert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        before = pagecache.generation_token()
        with django_capture_on_commit_callbacks(execute=True):
            alert_expire_due()
        assert pagecache.generation_token() != before
    finally:
        pagecache._generation = None
