"""newsdesk/bridge.py: Django's WSGI handler called from the ASGI server on a thread pool."""

import asyncio
import concurrent.futures
import threading
import time

import pytest

from newsdesk.bridge import BACKGROUND, WSGIBridge


def call(app, *, method="GET", path="/", body_chunks=(b"",), headers=(), **extra):
    scope = {
        **extra,
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": path,
        "query_string": b"a=1",
        "headers": [(k.encode(), v.encode()) for k, v in headers],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
    }
    incoming = [
        {"type": "http.request", "body": chunk, "more_body": i < len(body_chunks) - 1}
        for i, chunk in enumerate(body_chunks)
    ]
    sent = []

    async def receive():
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent


class Echo:
    """A WSGI app that answers with what it was sent, and notes the thread and its closing."""

    def __init__(self, streaming=False):
        self.streaming = streaming
        self.threads = set()
        self.closed = 0

    def __call__(self, environ, start_response):
        self.threads.add(threading.current_thread().name)
        body = environ["wsgi.input"].read()
        start_response("201 Created", [("Content-Type", "text/plain"), ("X-Path", environ["PATH_INFO"])])
        parts = [environ["REQUEST_METHOD"].encode(), b" ", environ["QUERY_STRING"].encode(), b" ", body]
        echo = self

        class Response:
            streaming = self.streaming

            def __iter__(self):
                return iter(parts)

            def close(self):
                echo.closed += 1

        return Response()


def test_a_request_body_in_several_messages_reaches_django_and_the_answer_comes_back_whole():
    echo = Echo()
    sent = call(WSGIBridge(echo, threads=2, spool_bytes=10), method="POST", body_chunks=(b"x" * 30, b"y" * 30))
    assert sent[0]["status"] == 201 and (b"x-path", b"/") in sent[0]["headers"]
    assert sent[1:] == [{"type": "http.response.body", "body": b"POST a=1 " + b"x" * 30 + b"y" * 30}]
    assert echo.closed == 1 and all(name.startswith("django") for name in echo.threads)


def test_a_streaming_response_is_sent_chunk_by_chunk_and_closed():
    echo = Echo(streaming=True)
    sent = call(WSGIBridge(echo, threads=2, spool_bytes=1024))
    bodies = [message["body"] for message in sent[1:]]
    assert bodies == [b"GET", b" ", b"a=1", b" ", b"", b""] and sent[-1].get("more_body") is None
    assert echo.closed == 1


def test_head_gets_the_headers_and_no_body():
    sent = call(WSGIBridge(Echo(), threads=1, spool_bytes=1024), method="HEAD")
    assert sent[0]["status"] == 201 and b"".join(m["body"] for m in sent[1:]) == b""


def test_a_client_gone_before_its_body_arrived_never_reaches_django():
    echo = Echo()
    bridge = WSGIBridge(echo, threads=1, spool_bytes=1024)
    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"", "headers": []}

    async def receive():
        return {"type": "http.disconnect"}

    async def send(message):
        raise AssertionError("nothing is sent to a client that left")

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, bridge(scope, receive, send)).result()
    assert echo.threads == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_application_serves_pages_and_views_through_the_bridge(article):
    from newsdesk.asgi import application

    sent = call(application, path=article.url, headers=[("host", "localhost"), ("cookie", "sessionid=x")])
    assert sent[0]["status"] == 200
    assert article.title.encode() in b"".join(message.get("body", b"") for message in sent[1:])
    sent = call(application, path="/robots.txt", headers=[("host", "localhost")])
    assert sent[0]["status"] == 200 and b"User-agent" in b"".join(message.get("body", b"") for message in sent[1:])


def test_readers_pages_run_on_their_own_pool_and_a_slow_editor_request_does_not_hold_them_up():
    release = threading.Event()
    seen = {}

    def app(environ, start_response):
        seen[environ["REQUEST_METHOD"] + " " + environ["PATH_INFO"]] = threading.current_thread().name
        if environ["PATH_INFO"] == "/admin/slow/":
            assert release.wait(10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    bridge = WSGIBridge(app, threads=1, reader_threads=1, spool_bytes=1024)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        slow = pool.submit(call, bridge, path="/admin/slow/")
        # The general pool's one thread is held by the editor; a reader's page is answered meanwhile.
        assert call(bridge, path="/world/story/")[0]["status"] == 200
        assert call(bridge, method="HEAD", path="/")[0]["status"] == 200
        assert not slow.done()
        release.set()
        assert slow.result(10)[0]["status"] == 200
    call(bridge, method="POST", path="/search/")
    call(bridge, path="/api/alerts/")
    assert seen["GET /world/story/"].startswith("django-reader") and seen["HEAD /"].startswith("django-reader")
    for request in ("GET /admin/slow/", "POST /search/", "GET /api/alerts/"):
        assert not seen[request].startswith("django-reader"), request


def test_a_slow_readers_request_does_not_hold_up_the_other_readers():
    release = threading.Event()
    slow_started = threading.Event()
    seen = {}

    def app(environ, start_response):
        seen[environ["PATH_INFO"]] = threading.current_thread().name
        if environ["PATH_INFO"] == "/search/":
            slow_started.set()
            assert release.wait(10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    bridge = WSGIBridge(app, threads=2, reader_threads=1, spool_bytes=1024, overflow_after=0.3)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        slow = pool.submit(call, bridge, path="/search/")
        assert slow_started.wait(10)
        # Not yet stuck: the next reader waits its turn on the reader thread.
        waiting = pool.submit(call, bridge, path="/world/first/")
        time.sleep(0.4)
        assert not waiting.done()
        # Stuck past overflow_after: another reader is answered at once, on the general pool.
        assert call(bridge, path="/world/second/")[0]["status"] == 200
        assert not slow.done()
        release.set()
        assert slow.result(10)[0]["status"] == 200 and waiting.result(10)[0]["status"] == 200
    assert seen["/search/"].startswith("django-reader") and seen["/world/first/"].startswith("django-reader")
    assert not seen["/world/second/"].startswith("django-reader")
    assert bridge.reader_started == {}
    # Once the reader thread is free again, readers are back on it.
    call(bridge, path="/world/third/")
    assert seen["/world/third/"].startswith("django-reader")


def test_a_page_the_app_renders_ahead_of_readers_leaves_their_thread_to_them():
    echo = Echo()
    bridge = WSGIBridge(echo, threads=1, reader_threads=1, spool_bytes=1024)
    call(bridge, path="/world/story/", **{BACKGROUND: True})  # reader/pagewarm.py, after a change
    assert echo.threads and not any(name.startswith("django-reader") for name in echo.threads)
    call(bridge, path="/world/story/")
    assert any(name.startswith("django-reader") for name in echo.threads)


def test_without_reader_threads_every_request_shares_the_general_pool():
    echo = Echo()
    call(WSGIBridge(echo, threads=1, reader_threads=0, spool_bytes=1024), path="/world/story/")
    assert echo.threads and not any(name.startswith("django-reader") for name in echo.threads)


def test_a_process_freezes_what_its_first_requests_loaded_once_they_are_done(monkeypatch):
    import gc

    from newsdesk.asgi import FreezeAfterWarmUp

    calls = []
    monkeypatch.setattr(gc, "collect", lambda *args: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    warm_up = FreezeAfterWarmUp(requests=3)
    warm_up.count()
    warm_up.count()
    assert calls == []
    warm_up.count()
    assert calls == ["collect", "freeze"]
    for _ in range(5):
        warm_up.count()
    assert calls == ["collect", "freeze"]  # once only
