"""The event stream, served by uvicorn as in production, read as a browser reads it."""

import asyncio
import http.client
import os
import threading
import time
from datetime import UTC, datetime, timedelta

from newsdesk.live.fanout import QUEUE_LIMIT, Fanout
from newsdesk.live.models import LiveEvent

from .servers import Server, SSEClient

STORY = "https://example.org/story"


def _ready(server, **kwargs) -> tuple[SSEClient, int]:
    client = SSEClient(server.base_url, **kwargs)
    ready, _ = client.until("ready")
    return client, int(ready.id)


def test_stream_is_an_event_stream_with_a_retry_hint_and_a_ready_event(server):
    with SSEClient(server.base_url) as client:
        assert client.status == 200
        assert client.headers["content-type"].startswith("text/event-stream")
        assert {"no-cache", "no-store", "no-transform"} <= set(client.headers["cache-control"].split(", "))
        assert client.headers["x-accel-buffering"] == "no"
        assert client.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in client.headers
        ready, before = client.until("ready")
    assert before == []
    assert ready.retry and ready.retry > 0
    assert ready.id.isdigit()


def test_the_served_stream_refuses_other_methods(server):
    for method in ("POST", "PUT", "DELETE"):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request(method, "/live/stream/")
        response = connection.getresponse()
        assert (response.status, response.getheader("Allow")) == (405, "GET")
        connection.close()


def test_published_alert_reaches_an_open_stream_within_a_second(server):
    client, _ = _ready(server)
    with client:
        started = time.monotonic()
        alert = server.publish("Bridge closed after collision", url=STORY)
        event, _ = client.until("alert", timeout=1)
        elapsed = time.monotonic() - started
    assert elapsed < 1
    assert event.json["alert"]["id"] == alert["id"]
    assert "Bridge closed after collision" in event.json["html"]
    assert event.id.isdigit()


def test_a_reader_resuming_after_last_event_id_gets_every_missed_event_once(server):
    client, start = _ready(server)
    client.close()
    published = [server.publish(f"Update {n}", url=STORY)["id"] for n in range(5)]

    for resume in ({"last_event_id": start}, {"query": f"?last_event_id={start}"}):
        client, cursor = _ready(server, **resume)
        client.close()
        client = SSEClient(server.base_url, **resume)
        ready, replayed = client.until("ready")
        client.close()
        ids = [int(event.id) for event in replayed]
        assert ids == sorted(set(ids)) and ids[0] > start
        assert [event.json["alert"]["id"] for event in replayed] == published
        assert int(ready.id) == ids[-1] == cursor


def test_events_published_while_readers_connect_are_neither_lost_nor_duplicated(server):
    client, start = _ready(server)
    client.close()
    count = 15
    publisher = threading.Thread(target=lambda: [server.publish(f"Rush {n}", url=STORY) for n in range(count)])
    publisher.start()
    sequences = []
    while publisher.is_alive() or len(sequences) < 3:
        # Each reader replays from `start`, then follows live, whatever moment it connects at.
        client = SSEClient(server.base_url, last_event_id=start)
        ids = []
        while True:
            event = client.next(timeout=5)
            if event.event == "alert":
                ids.append(int(event.id))
            if event.event == "alert" and event.json["alert"]["text"] == f"Rush {count - 1}":
                break
        client.close()
        sequences.append(ids)
    publisher.join()
    client, _ = _ready(server)
    client.close()
    for ids in sequences:
        assert len(ids) == count, ids
        assert ids == sorted(set(ids)), ids
    assert all(ids == sequences[0] for ids in sequences)


def test_after_a_server_restart_a_reader_gets_what_was_published_while_it_was_down(sqlite_site):
    server = Server(sqlite_site).start()
    client, _ = _ready(server)
    server.publish("Before the restart", url=STORY)
    seen, _ = client.until("alert")
    server.stop()
    client.close()

    sqlite_site.manage("alert_publish", "While the server was down", "--url", STORY, "--user", "editor")
    server = Server(sqlite_site, port=server.port).start()
    try:
        client = SSEClient(server.base_url, last_event_id=seen.id)
        ready, replayed = client.until("ready")
        client.close()
    finally:
        server.stop()
    assert [event.json["alert"]["text"] for event in replayed] == ["While the server was down"]
    assert int(ready.id) == int(replayed[0].id) > int(seen.id)


def test_an_alert_from_the_command_line_reaches_open_streams(server, sqlite_site):
    client, _ = _ready(server)
    with client:
        sqlite_site.manage("alert_publish", "Published from the CLI", "--url", STORY, "--user", "editor")
        published = time.monotonic()
        event, _ = client.until("alert", timeout=3)
        elapsed = time.monotonic() - published
    assert event.json["alert"]["text"] == "Published from the CLI"
    # The CLI is another process: the server finds its event by polling the log.
    assert elapsed < 1


def test_an_idle_stream_gets_heartbeats(server):
    client, _ = _ready(server)
    with client:
        beat = client.next(timeout=3)  # NEWSDESK_LIVE_HEARTBEAT_SECONDS=1 for these servers
    assert beat.comment == "heartbeat" and beat.id is None


def test_withdrawing_and_expiry_clear_open_streams(server):
    client, _ = _ready(server)
    with client:
        alert = server.publish("Withdrawn soon", url=STORY)
        client.until("alert")
        status, _ = server.api("DELETE", f"/api/alerts/{alert['id']}/", token=server.site.editor_token)
        assert status == 200
        cleared, _ = client.until("cleared")
        assert cleared.json == {"alert": None, "html": "", "cause": "withdrawn"}

        expires = (datetime.now(UTC) + timedelta(seconds=1.5)).isoformat()
        server.publish("Expires by itself", url=STORY, expires_at=expires)
        client.until("alert")
        cleared, before = client.until("cleared", timeout=4)
    assert cleared.json["cause"] == "expired"
    assert all(event.comment == "heartbeat" for event in before)


def test_open_streams_hold_no_thread_and_no_database_connection(server, sqlite_site):
    def database_files():
        fds = f"/proc/{server.process.pid}/fd"
        return sum("newsdesk.sqlite3" in _readlink(f"{fds}/{fd}") for fd in _listdir(fds))

    baseline = server.threads()
    clients = [_ready(server)[0] for _ in range(40)]
    try:
        server.publish("Forty readers", url=STORY)
        for client in clients:
            client.until("alert")
        assert server.threads() <= baseline + 2
        # The publishing request and the fan-out's read close theirs as they finish.
        deadline = time.monotonic() + 2
        while database_files() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert database_files() == 0
    finally:
        for client in clients:
            client.close()


def test_a_reader_whose_socket_is_full_holds_up_no_one_and_is_ended_when_its_mailbox_fills():
    async def scenario():
        fanout = Fanout(asyncio.get_running_loop())
        socket_full = asyncio.Event()
        fast, slow = [], []

        async def fast_send(message):
            fast.append(message)

        async def slow_send(message):
            await socket_full.wait()
            slow.append(message)

        for send in (fast_send, slow_send):
            fanout.subscribe(frozenset({LiveEvent.ALERTS}), send).go_live(0)
        count = QUEUE_LIMIT + 3
        for pk in range(1, count + 1):
            fanout._deliver(LiveEvent(pk=pk, channel=LiveEvent.ALERTS, type="alert", payload={"n": pk}))
        # The fast reader had every frame as it was published, nothing waiting on the slow one.
        assert [message["body"].split(b"\n")[0] for message in fast] == [
            f"id: {pk}".encode() for pk in range(1, count + 1)
        ]
        assert len(fanout.subscribers) == 1
        socket_full.set()
        for _ in range(5):
            await asyncio.sleep(0)
        # The frame under way went out, then the end of the response: its browser reconnects.
        return slow

    slow = asyncio.run(scenario())
    assert [message["body"].split(b"\n")[0] for message in slow] == [b"id: 1", b""]
    assert slow[-1]["more_body"] is False


def _listdir(path):
    return os.listdir(path)


def _readlink(path):
    try:
        return os.readlink(path)
    except OSError:
        return ""
