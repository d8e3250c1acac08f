"""Kept pages written as files for nginx (reader/pagefiles.py), through the page cache's ASGI interface.

tests/test_nginx.py runs nginx itself on them."""

import asyncio
import gzip
import os

import pytest

from newsdesk.reader.pagecache import FileGeneration, LRUStore, PageCacheMiddleware
from newsdesk.reader.pagefiles import headers_digest

from .test_pagecache import FakeDjango, request

HOST = ("host", "news.example.org:8000")


def make(inner, generation, files):
    return PageCacheMiddleware(inner, store=LRUStore(100, 10_000_000), generation=generation, files=files)


def written(files) -> list[str]:
    """The page files nginx would find now, as paths under the current generation's folder."""
    current = files.root / "current"
    if not current.exists():
        return []
    paths = (str(path.relative_to(current)) for path in current.rglob("*") if path.is_file())
    return sorted(path for path in paths if not path.startswith(".warming/"))  # reader/pagewarm.py's own


def test_a_kept_page_is_written_where_nginx_looks_with_its_compressed_copy(generation, files):
    inner = FakeDjango()
    _, headers, body = request(make(inner, generation, files), "/world/harbour/", headers=[HOST])
    digest = headers_digest([(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", inner.cache_control)])
    folder = f"{digest}/news.example.org/world/harbour"
    assert written(files) == [f"{folder}/index.html", f"{folder}/index.html.gz"]
    page = files.root / "current" / folder / "index.html"
    assert page.read_bytes() == body
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == body
    assert page.stat().st_mode & 0o777 == 0o644  # nginx's workers run as another user


def test_each_text_size_and_dismissed_alert_has_a_file_of_its_own(generation, files):
    app = make(FakeDjango(), generation, files)
    request(app, "/", headers=[HOST, ("cookie", "newsdesk_text_size=lg; other=1")])
    request(app, "/", headers=[HOST, ("cookie", "newsdesk_dismissed_alert=12.40")])
    request(app, "/", headers=[HOST, ("cookie", "newsdesk_text_size=xs; newsdesk_dismissed_alert=7")])
    names = {path.rsplit("/", 1)[1] for path in written(files) if not path.endswith(".gz")}
    assert names == {"index,lg,.html", "index,,12.40.html", "index,xs,7.html"}


@pytest.mark.parametrize(
    ("path", "headers", "query"),
    [
        ("/world/harbour/", [HOST], b"page=2"),  # a query string
        ("/world/harbour/", [HOST, ("cookie", "sessionid=abc")], b""),  # an editor
        ("/world/harbour/", [HOST, ("cookie", "newsdesk_text_size=../../etc")], b""),
        ("/world/harbour/", [HOST, ("cookie", "newsdesk_dismissed_alert=1,2")], b""),
        ("/world/harbour", [HOST], b""),  # no trailing slash: nginx's $uri + index.html would differ
        ("/world/../harbour/", [HOST], b""),
        ("/world/.hidden/", [HOST], b""),
        ("/world/a b/", [HOST], b""),
        ("/world/harbour/", [("host", "[::1]:8000")], b""),
        ("/world/harbour/", [("host", "bad/host")], b""),
    ],
)
def test_nothing_is_written_that_nginx_would_not_look_for(generation, files, path, headers, query):
    app = make(FakeDjango(), generation, files)
    scope_query = query

    async def with_query(scope, receive, send):
        return await app({**scope, "query_string": scope_query}, receive, send)

    request(with_query, path, headers=headers)
    assert written(files) == []


def test_only_html_pages_answered_200_are_written(generation, files):
    class JSONDjango(FakeDjango):
        async def __call__(self, scope, receive, send):
            async def as_json(message):
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [(b"content-type", b"application/json"), *message["headers"][1:]]}
                await send(message)

            return await super().__call__(scope, receive, as_json)

    request(make(FakeDjango(status=404), generation, files), "/missing/", headers=[HOST])
    request(make(JSONDjango(), generation, files), "/data/", headers=[HOST])
    assert written(files) == []


def test_a_change_points_nginx_at_an_empty_folder_and_the_old_files_go(generation, files):
    app = make(FakeDjango(), generation, files)
    request(app, "/world/harbour/", headers=[HOST])
    old = os.readlink(files.root / "current")
    generation.bump()
    request(app, "/world/other/", headers=[HOST])  # this process sees the change on its next request
    assert os.readlink(files.root / "current") != old
    assert [path.rsplit("/", 2)[1] for path in written(files)] == ["other", "other"]
    files.prune()
    assert [folder.name for folder in files.root.glob("gen-*")] == [os.readlink(files.root / "current")]


def test_a_page_rendered_across_a_change_is_not_written(generation, files):
    """It may show what was there before the change: the next reader renders it again."""

    class ChangedMeanwhile(FakeDjango):
        async def __call__(self, scope, receive, send):
            await super().__call__(scope, receive, send)
            generation.bump()
            await generation.current()  # another request of this process sees the change

    request(make(ChangedMeanwhile(), generation, files), "/world/harbour/", headers=[HOST])
    assert written(files) == []


def test_a_process_never_points_nginx_back_at_a_generation_it_left(files):
    assert files.follow("1") and files.follow("2")
    assert not files.follow("1")  # a render that began before this process's own change
    assert os.readlink(files.root / "current") == "gen-2"


def test_the_watcher_follows_a_change_made_elsewhere_without_any_request(generation, files):
    async def scenario():
        watcher = asyncio.create_task(files.watch(generation, interval=0.01))
        await asyncio.sleep(0.05)
        first = os.readlink(files.root / "current")
        FileGeneration(generation.path, check_seconds=0).bump()  # another process, or the admin
        await asyncio.sleep(0.1)
        watcher.cancel()
        return first, os.readlink(files.root / "current")

    first, now = asyncio.run(scenario())
    assert first != now and now == f"gen-{generation.token()}"


def test_headers_digest_ignores_what_nginx_sets_itself_and_the_order():
    kept = [(b"content-security-policy", b"default-src 'self'"), (b"cache-control", b"public, s-maxage=300")]
    own = [(b"ETag", b'"abc"'), (b"Content-Length", b"10"), (b"X-Cache", b"HIT"), (b"Vary", b"Cookie")]
    assert headers_digest(kept) == headers_digest([*reversed(kept), *own])
    assert headers_digest(kept) != headers_digest([kept[0], (b"cache-control", b"public, s-maxage=60")])


@pytest.mark.django_db
def test_nginx_config_gives_nginx_a_reader_pages_headers_and_their_folder(client, article, settings, tmp_path):
    import io

    from newsdesk.reader.pagecache import generation_token

    settings.VAR_DIR = tmp_path

    from django.core.management import call_command

    response = client.get(article.url)
    policy = response["Content-Security-Policy"]
    # The same policy in every process: django-csp joins its directives in set order.
    assert policy.split("; ") == sorted(policy.split("; "))
    out = io.StringIO()
    call_command("nginx_config", "--scheme", "http", "--app", "127.0.0.1:9000", "--listen", "8080", stdout=out)
    config = out.getvalue()
    assert f'add_header Content-Security-Policy "{policy}";' in config
    assert f'add_header Cache-Control "{response["Cache-Control"]}";' in config
    assert f"/page-files/current/{headers_digest(response.headers.items())};" in config
    settings_lines = [line for line in config.splitlines() if not line.lstrip().startswith("#")]
    assert not any("@@" in line for line in settings_lines)
    assert "server 127.0.0.1:9000;" in config and "listen 8080;" in config
    # nginx keys its micro-cache by the folder `current` points at: it exists before the app starts.
    current = settings.VAR_DIR / "page-files" / "current"
    assert current.is_dir() and os.readlink(current) == f"gen-{generation_token()}"
