"""Wagtail's site, route and view restrictions, the banner and the live story,
remembered per cache generation (reader/routing.py): fast, and never stale."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.reader import pagecache, routing
from newsdesk.reader.pagecache import FileGeneration


@pytest.fixture
def remembering(settings, tmp_path, django_capture_on_commit_callbacks):
    """Fragments cached and remembered, as in production; every commit bumps the generation."""
    settings.NEWSDESK_FRAGMENT_CACHE_SECONDS = 60
    pagecache._generation = FileGeneration(tmp_path / "generation", check_seconds=0)
    cache.clear()
    routing.sites.clear()
    routing.routes.clear()
    yield django_capture_on_commit_callbacks
    pagecache._generation = None
    cache.clear()
    routing.sites.clear()
    routing.routes.clear()


def committed(capture, function, *args, **kwargs):
    """Run a service and its on-commit reactions (the generation bump among them)."""
    with capture(execute=True):
        return function(*args, **kwargs)


@pytest.mark.django_db
def test_an_article_rendered_again_under_the_same_generation_runs_no_query(client, article, remembering):
    first = client.get(article.url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(article.url)
    assert again.status_code == 200 and again.content == first.content
    assert [query["sql"] for query in queries] == []


@pytest.mark.django_db
def test_edits_unpublishing_and_view_restrictions_are_seen_at_once(client, section, editor, remembering):
    from wagtail.models import PageViewRestriction

    from newsdesk.articles.services import article_create, article_update

    page = committed(
        remembering, article_create, section=section, title="Harbour reopens", standfirst="First.", body=[]
    )
    assert "First." in client.get(page.url).content.decode()
    committed(remembering, article_update, article=page, changes={"standfirst": "Second."})
    assert "Second." in client.get(page.url).content.decode()

    restriction = committed(
        remembering, PageViewRestriction.objects.create, page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(page.url).status_code == 302, "the section now needs a login"
    client.force_login(editor)
    assert client.get(page.url).status_code == 200
    client.logout()
    committed(remembering, restriction.delete)
    assert client.get(page.url).status_code == 200

    committed(remembering, page.unpublish)
    assert client.get(page.url).status_code == 404


@pytest.mark.django_db
def test_a_remembered_alert_leaves_the_banner_when_it_expires(client, article, editor, remembering):
    from newsdesk.live.services import alert_publish

    expires = timezone.now() + timedelta(minutes=5)
    committed(
        remembering,
        alert_publish,
        text="Bridge closed to traffic",
        url="https://example.org/bridge",
        expires_at=expires,
        user=editor,
    )
    assert "Bridge closed to traffic" in client.get(article.url).content.decode()
    # No expiry event yet (no timer has fired): the remembered alert must not outlive its expiry.
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert "Bridge closed to traffic" not in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_a_live_story_shows_a_new_update_on_the_next_load(client, section, editor, remembering):
    from newsdesk.articles.services import article_create
    from newsdesk.live.services import live_update_post

    page = committed(remembering, article_create, section=section, title="Storm live", standfirst="s", body=[])
    page.is_live_story = True
    committed(remembering, page.save_revision().publish)
    assert "No updates yet." in client.get(page.url).content.decode()
    committed(
        remembering,
        live_update_post,
        page=page,
        body=[("paragraph", "<p>Ferries suspended until noon.</p>")],
        user=editor,
    )
    html = client.get(page.url).content.decode()
    assert "Ferries suspended until noon." in html and "No updates yet." not in html


@pytest.mark.django_db
def test_nothing_is_remembered_where_fragments_are_not_cached(client, article, settings):
    settings.NEWSDESK_FRAGMENT_CACHE_SECONDS = 0
    routing.routes.clear()
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert len(queries) > 0


def test_a_memo_answers_only_for_the_generation_it_was_filled_in_and_stays_bounded(settings):
    settings.NEWSDESK_FRAGMENT_CACHE_SECONDS = 60
    memo = routing.GenerationMemo(max_entries=2)
    memo.set("g1", "a", 1)
    assert memo.get("g1", "a") == 1
    assert memo.get("g2", "a") is routing.MISSING
    memo.set("g2", "b", 2)
    assert memo.get("g1", "a") is routing.MISSING, "a new generation forgets the old one's entries"
    memo.set("g2", "c", 3)
    memo.set("g2", "d", 4)
    assert memo.get("g2", "d") is routing.MISSING and memo.get("g2", "c") == 3


@pytest.fixture
def connection_kept():
    """As Django's test client does: a request must not close the test's database
    connection (on PostgreSQL its transaction holds the test's pages)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_server_handler_remembers_which_view_a_path_resolves_to(article, settings, connection_kept):
    import io

    from django.urls import URLResolver

    handler = routing.WSGIHandler()

    def get(path: str) -> tuple[str, bytes]:
        started = []
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "SCRIPT_NAME": "", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        }  # fmt: skip
        body = b"".join(handler(environ, lambda status, headers, exc_info=None: started.append(status)))
        return started[0], body

    path = article.url
    routing._resolve.cache_clear()
    resolve = URLResolver.resolve
    with mock.patch.object(URLResolver, "resolve", autospec=True, side_effect=resolve) as tried:
        first = get(path)
        assert first[0].startswith("200") and article.title.encode() in first[1]
        resolved_once = tried.call_count
        assert get(path) == first
        assert tried.call_count == resolved_once  # the second request matched nothing afresh
        # A path longer than any reader's is matched afresh each time, not remembered.
        long_path = "/" + "a/" * 300
        get(long_path)
        before = tried.call_count
        get(long_path)
        assert tried.call_count > before
        # A path that matches nothing is tried afresh each time, and still answers 404.
        assert get("/no-such/%00page/")[0].startswith(("404", "400"))
        assert get("/no-such/%00page/")[0].startswith(("404", "400"))
    # The memo follows the URLconf setting: under one without Wagtail's pages, the path matches nothing.
    from django.test import RequestFactory
    from django.urls import Resolver404

    settings.ROOT_URLCONF = "newsdesk.distribution.urls"
    with pytest.raises(Resolver404):
        handler.resolve_request(RequestFactory().get(path))
