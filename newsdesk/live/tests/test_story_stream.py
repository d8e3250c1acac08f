"""Live story updates on the event stream: each story on its own channel, replayed exactly."""

import threading
import time

from .servers import SSEClient, story_create, update_post


def _ready(server, query: str = "", **kwargs) -> tuple[SSEClient, int]:
    client = SSEClient(server.base_url, query=query, **kwargs)
    ready, _ = client.until("ready")
    return client, int(ready.id)


def test_an_update_reaches_the_readers_of_its_story_within_a_second_and_no_one_else(server, sqlite_site):
    story, _ = story_create(sqlite_site, "Floods, live")
    other, _ = story_create(sqlite_site, "Elections, live")
    reader, _ = _ready(server, f"?story={story}")
    bystander, _ = _ready(server, f"?story={other}")
    with reader, bystander:
        # Post from another thread: the CLI process takes a while to exit after committing.
        posted = []
        poster = threading.Thread(target=lambda: posted.extend(update_post(sqlite_site, story, "The river crested")))
        poster.start()
        event, _ = reader.until("update", timeout=10)
        received = time.time()
        poster.join()
        update_id, latency = posted[0], received - posted[1]
        assert event.json["update"]["id"] == update_id
        assert "The river crested" in event.json["html"]
        assert latency < 1, f"{latency * 1000:.0f} ms"
        print(f"update latency (CLI process -> stream): {latency * 1000:.0f} ms")
        # Only heartbeats for the other story's reader.
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            try:
                seen = bystander.next(timeout=max(deadline - time.monotonic(), 0.01))
            except TimeoutError:
                break
            assert seen.comment is not None or seen.event not in {"update", "update-changed", "update-deleted"}


def test_a_story_reader_resuming_after_last_event_id_gets_its_missed_updates_once_in_order(server, sqlite_site):
    story, _ = story_create(sqlite_site, "Strike, live")
    other, _ = story_create(sqlite_site, "Eclipse, live")
    client, start = _ready(server, f"?story={story}")
    client.close()
    posted = []
    for n in range(3):
        posted.append(update_post(sqlite_site, story, f"Strike update {n}")[0])
        update_post(sqlite_site, other, f"Eclipse update {n}")

    for resume in (
        {"last_event_id": start, "query": f"?story={story}"},
        {"query": f"?story={story}&last_event_id={start}"},
    ):
        client = SSEClient(server.base_url, **resume)
        ready, replayed = client.until("ready")
        client.close()
        updates = [event for event in replayed if event.event == "update"]
        ids = [int(event.id) for event in updates]
        assert ids == sorted(set(ids)) and ids[0] > start
        assert [event.json["update"]["id"] for event in updates] == posted
        assert all(event.json["update"]["story"] == story for event in updates)


def test_a_stream_without_a_story_gets_no_story_updates(server, sqlite_site):
    story, _ = story_create(sqlite_site, "Quiet, live")
    client, start = _ready(server)
    client.close()
    update_post(sqlite_site, story, "Not for the front page stream")
    client = SSEClient(server.base_url, last_event_id=start)
    _, replayed = client.until("ready")
    client.close()
    assert [event for event in replayed if event.event.startswith("update")] == []


def test_the_updates_of_an_unpublished_story_are_not_streamed(server, sqlite_site):
    story, _ = story_create(sqlite_site, "Draft, live")
    script = f"from newsdesk.articles.models import ArticlePage; ArticlePage.objects.get(pk={story}).unpublish()"
    sqlite_site.manage("shell", "-v", "0", "-c", script)
    client, start = _ready(server, f"?story={story}")
    client.close()
    update_post(sqlite_site, story, "Not for readers yet")
    client = SSEClient(server.base_url, query=f"?story={story}", last_event_id=start)
    _, replayed = client.until("ready")
    client.close()
    assert [event for event in replayed if event.event.startswith("update")] == []
