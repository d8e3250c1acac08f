"""Delivery of live events to the readers connected to this server process.

One `Fanout` per process follows the event log: woken by the pub/sub backend
(or, as a safety net, every NEWSDESK_LIVE_POLL_SECONDS), it reads the events
after the last one it has seen, in id order, with one query, and hands each
event's ready-made Server-Sent Events frame to every interested reader's
connection itself (see `Subscriber`). Readers therefore cost a small mailbox
each: no task woken per event, no thread and no database connection; the
database is touched once per event per process, plus one short query when a
reader reconnects and has something to catch up on.

The fan-out also keeps time for the banner: heartbeats for every stream, and
the expiry of the alert shown, when it runs the expiry service.
"""

import asyncio
import contextlib
import gc
import json
import logging
import types
from collections import deque
from datetime import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import pubsub
from .models import LiveEvent

logger = logging.getLogger(__name__)

FETCH_LIMIT = 500
REPLAY_LIMIT = 1000
QUEUE_LIMIT = 256
RETRY_MS = 2000
HEARTBEAT = b": heartbeat\n\n"

# Each open stream keeps dozens of objects alive (uvicorn's protocol, the stream's
# coroutine, its mailbox). One event sent to 10,000 streams allocates a few
# objects per stream; with Python's default thresholds (700, 10, 10) the burst
# promotes them to the old generation and sets off full collections of a million
# objects or more, 0.2 to 2.5 s each (measured with 10,000 readers on the earlier
# Django view). Collecting the young generation less often lets them die first.
GC_THRESHOLDS = (50_000, 20, 100)


def body_message(body: bytes, *, more: bool = True) -> dict:
    """The ASGI message that sends `body` on an open response. One message per
    event is shared by every stream: servers only read it."""
    return {"type": "http.response.body", "body": body, "more_body": more}


HEARTBEAT_MESSAGE = body_message(HEARTBEAT)
END_MESSAGE = body_message(b"", more=False)


def sse_frame(*, event_id: int, type: str, data: dict) -> bytes:
    # json.dumps never emits a raw newline, so the data stays on one "data:" line.
    return f"id: {event_id}\nevent: {type}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def _frame(event: LiveEvent) -> bytes:
    return sse_frame(event_id=event.pk, type=event.type, data=event.payload)


async def db_call(function, *args):
    """Run a short ORM read or write in the shared thread pool, then close its connection.

    thread_sensitive=False: a long-lived stream must not pin a thread, and the
    connection is closed at once so that open streams hold none."""

    def run():
        try:
            return function(*args)
        finally:
            connection.close()

    return await sync_to_async(run, thread_sensitive=False)()


def _log_head() -> tuple[int, dict | None]:
    last_id = LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_alert = LiveEvent.objects.filter(channel=LiveEvent.ALERTS).order_by("-pk").first()
    return last_id, (last_alert.payload if last_alert else None)


def _events_after(last_id: int) -> list[LiveEvent]:
    return list(LiveEvent.objects.filter(pk__gt=last_id).order_by("pk")[:FETCH_LIMIT])


def _replay(last_id: int, channels: frozenset[str]) -> tuple[list[LiveEvent], int | None]:
    """The events a reader missed, or (when there are too many to send) the id to restart from."""
    events = list(LiveEvent.objects.after(last_id, channels=channels)[: REPLAY_LIMIT + 1])
    if len(events) <= REPLAY_LIMIT:
        return events, None
    return [], LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first()


def _expire_due():
    from .services import alert_expire_due

    return alert_expire_due()


@types.coroutine
def _resumed(step, suspended_on):
    """Go on with an awaitable that `Subscriber._send` stepped once and that then
    had to wait (the reader's socket buffer was full): a task runs this to the end.

    Steps with next(): a server's own awaitables (granian's) have no send()."""
    while True:
        try:
            yield suspended_on
        except BaseException as error:
            if not hasattr(step, "throw"):
                raise
            try:
                suspended_on = step.throw(error)
            except StopIteration:
                return
        else:
            try:
                suspended_on = next(step)
            except StopIteration:
                return


async def _send_rest(step, suspended_on) -> None:
    await _resumed(step, suspended_on)


class Subscriber:
    """One open stream: its channels, the server's `send` for its response, and a
    mailbox for the frames that cannot go out at once.

    The fan-out calls `offer` for each event. While nothing is waiting, the frame
    is sent there and then: the server's `send` coroutine is stepped once, and it
    finishes at once unless the reader's socket is full. Only then does a task
    finish that send, and later frames wait in the mailbox behind it, in order.
    So one event costs each reader a `send` call, not a task woken up; and a slow
    reader fills its own mailbox, never the others' (at QUEUE_LIMIT it is ended,
    and its browser reconnects and catches up from the log).

    Until `go_live` (while the stream replays the log) frames wait in the mailbox;
    an event both replayed and offered is sent once, as ids only go up."""

    __slots__ = ("channels", "send", "cursor", "pending", "sending", "live", "ended", "on_failure")

    def __init__(self, channels: frozenset[str], send, on_failure=None):
        self.channels = channels
        self.send = send
        self.cursor = 0
        # Items are (event id, ASGI message); an id of None is a heartbeat or the end.
        self.pending: deque[tuple[int | None, dict]] = deque()
        self.sending: asyncio.Task | None = None
        self.live = False
        self.ended = False
        self.on_failure = on_failure

    def offer(self, event_id: int | None, message: dict) -> bool:
        if self.live and self.sending is None and not self.pending:
            if event_id is not None:
                if event_id <= self.cursor:
                    return True
                self.cursor = event_id
            self._send(message)
            return True
        if len(self.pending) >= QUEUE_LIMIT:
            return False
        self.pending.append((event_id, message))
        return True

    def go_live(self, cursor: int) -> None:
        """The stream has sent everything up to `cursor`: send from here on."""
        self.cursor = cursor
        self.live = True
        self._pump()

    def close(self) -> None:
        # A reader this far behind is ended; its browser reconnects and catches
        # up from the log with Last-Event-ID.
        self.pending.clear()
        self.pending.append((None, END_MESSAGE))
        self._pump()

    def cancel(self) -> None:
        """The stream is over: drop what waits, stop a send under way."""
        self.ended = True
        self.pending.clear()
        if self.sending is not None:
            self.sending.cancel()

    def _pump(self) -> None:
        while self.live and self.sending is None and self.pending and not self.ended:
            event_id, message = self.pending.popleft()
            if event_id is not None:
                if event_id <= self.cursor:
                    continue
                self.cursor = event_id
            self._send(message)

    def _send(self, message: dict) -> None:
        if message is END_MESSAGE:
            self.ended = True
        try:
            step = self.send(message).__await__()
            suspended_on = next(step)
        except StopIteration:
            return
        except Exception:
            self._failed()
            return
        self.sending = asyncio.get_running_loop().create_task(_send_rest(step, suspended_on))
        self.sending.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task) -> None:
        self.sending = None
        if task.cancelled():
            return
        if task.exception() is not None:
            self._failed()
            return
        self._pump()

    def _failed(self) -> None:
        # The server refused the frame (the connection is gone): the stream's own
        # wait for the disconnect ends it; stop sending meanwhile.
        self.ended = True
        self.pending.clear()
        if self.on_failure is not None:
            self.on_failure(self)


class Fanout:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.last_id = 0
        self.subscribers: set[Subscriber] = set()
        self._wake = asyncio.Event()
        self._ready = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._expiry: asyncio.TimerHandle | None = None

    async def started(self) -> None:
        if not self._tasks:
            self._tasks.append(self.loop.create_task(self._follow_log()))
        await self._ready.wait()

    def subscribe(self, channels: frozenset[str], send) -> Subscriber:
        """A new stream's mailbox, sending with the server's ASGI `send`."""
        subscriber = Subscriber(channels, send, on_failure=self.unsubscribe)
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def _notified(self, message: dict) -> None:
        # Messages only say the log has grown; the events are read from it in order.
        if message.get("id", self.last_id + 1) > self.last_id:
            self._wake.set()

    async def _follow_log(self) -> None:
        while True:
            try:
                self.last_id, last_alert = await db_call(_log_head)
                break
            except Exception:
                logger.exception("Live fan-out: cannot read the event log; retrying")
                await asyncio.sleep(1)
        self._expiry_watch(last_alert)
        self._tasks.append(self.loop.create_task(self._listen()))
        self._tasks.append(self.loop.create_task(self._heartbeat()))
        self._ready.set()
        poll = settings.NEWSDESK_LIVE_POLL_SECONDS or None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), poll)
            self._wake.clear()
            try:
                events = await db_call(_events_after, self.last_id)
            except Exception:
                logger.exception("Live fan-out: cannot read the event log; retrying")
                await asyncio.sleep(1)
                self._wake.set()
                continue
            for event in events:
                self._deliver(event)
            if len(events) == FETCH_LIMIT:
                self._wake.set()

    async def _listen(self) -> None:
        # The backends reconnect by themselves; this only keeps a surprise from
        # silencing them for the life of the process (the poll would still deliver).
        while True:
            try:
                await pubsub.backend_get().listen(self._notified)
            except Exception:
                logger.exception("Live fan-out: the pub/sub listener failed; restarting")
                await asyncio.sleep(1)

    def _deliver(self, event: LiveEvent) -> None:
        self.last_id = event.pk
        event_id, channel, message = event.pk, event.channel, body_message(_frame(event))
        for subscriber in list(self.subscribers):
            if channel in subscriber.channels and not subscriber.offer(event_id, message):
                self.unsubscribe(subscriber)
                subscriber.close()
        if event.channel == LiveEvent.ALERTS:
            self._expiry_watch(event.payload)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(settings.NEWSDESK_LIVE_HEARTBEAT_SECONDS)
            for subscriber in list(self.subscribers):
                if not subscriber.offer(None, HEARTBEAT_MESSAGE):
                    self.unsubscribe(subscriber)
                    subscriber.close()

    def _expiry_watch(self, banner: dict | None) -> None:
        """Run the expiry service when the alert shown expires."""
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        alert = (banner or {}).get("alert")
        if not alert or not alert.get("expires_at"):
            return
        delay = (datetime.fromisoformat(alert["expires_at"]) - timezone.now()).total_seconds()
        self._expiry = self.loop.call_later(max(delay, 0), lambda: self.loop.create_task(self._expire()))

    async def _expire(self) -> None:
        try:
            await db_call(_expire_due)
        except Exception:
            logger.exception("Live fan-out: the expiry sweep failed")
        # The event it appends comes back through pub/sub; check the log anyway in
        # case another process announced it first.
        self._wake.set()


_fanout: Fanout | None = None


async def fanout_get() -> Fanout:
    """This process's fan-out, started on first use."""
    global _fanout
    loop = asyncio.get_running_loop()
    if _fanout is None or _fanout.loop is not loop:
        _fanout = Fanout(loop)
        if gc.get_threshold() == (700, 10, 10):  # Python's default: nobody else tuned it
            gc.set_threshold(*GC_THRESHOLDS)
    await _fanout.started()
    return _fanout


async def reader_stream(*, channels: frozenset[str], last_event_id: int | None, send, receive) -> None:
    """One reader's Server-Sent Events on a started ASGI response: the events after
    `last_event_id` from the log, a "ready" event, then each new event as it is
    published, until the reader goes.

    Without `last_event_id` the reader starts from now. Every event carries its
    log id; the reader's browser sends the last one back when it reconnects."""
    fanout = await fanout_get()
    # Subscribe before reading the log: an event committed meanwhile is then
    # both replayed and offered, and the subscriber sends it once.
    subscriber = fanout.subscribe(channels, send)
    try:
        cursor = fanout.last_id if last_event_id is None else last_event_id
        if last_event_id is not None and last_event_id < fanout.last_id:
            events, restart_id = await db_call(_replay, last_event_id, channels)
            if restart_id is not None:
                # Too far behind to replay: tell the page to reload its live parts.
                cursor = restart_id
                await send(body_message(sse_frame(event_id=cursor, type="reset", data={})))
            for event in events:
                cursor = event.pk
                await send(body_message(_frame(event)))
        ready = f"retry: {RETRY_MS}\n".encode() + sse_frame(event_id=cursor, type="ready", data={})
        await send(body_message(ready))
        subscriber.go_live(cursor)
        # The fan-out sends from here on; this only waits for the reader to go
        # (or for the end sent to a reader too far behind, which completes the response).
        while (await receive())["type"] != "http.disconnect":
            pass
    finally:
        fanout.unsubscribe(subscriber)
        subscriber.cancel()
