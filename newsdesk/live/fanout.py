"""Delivery of live events to the readers connected to this server process.

One `Fanout` per process follows the event log: woken by the pub/sub backend
(or, as a safety net, every NEWSDESK_LIVE_POLL_SECONDS), it reads the events
after the last one it has seen, in id order, with one query, and puts each
event's ready-made Server-Sent Events frame on every interested reader's
mailbox. Readers therefore cost a small mailbox each: no thread and no database
connection; the database is touched once per event per process, plus one
short query when a reader reconnects and has something to catch up on.

The fan-out also keeps time for the banner: heartbeats for every stream, and
the expiry of the alert shown, when it runs the expiry service.
"""

import asyncio
import contextlib
import gc
import json
import logging
from collections import deque
from datetime import datetime

from asgiref.sync import SyncToAsync, sync_to_async
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

# Each open stream keeps about 150 objects alive (Django's request and response,
# uvicorn's protocol, asyncio tasks). One event sent to 10,000 streams allocates a
# few objects per stream; with Python's default thresholds (700, 10, 10) the burst
# promotes them to the old generation and sets off full collections of 1.5 million
# objects, 0.2 to 2.5 s each (measured with 10,000 readers). Collecting the young
# generation less often lets them die first: CPU per event at 10,000 readers fell
# from 350-470 ms to 260-280 ms, without the pauses.
GC_THRESHOLDS = (50_000, 20, 100)


def sse_frame(*, event_id: int, type: str, data: dict) -> bytes:
    # json.dumps never emits a raw newline, so the data stays on one "data:" line.
    return f"id: {event_id}\nevent: {type}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def _frame(event: LiveEvent) -> bytes:
    return sse_frame(event_id=event.pk, type=event.type, data=event.payload)


async def _db(function, *args):
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


class Subscriber:
    """One open stream's mailbox: frames waiting to be sent, and the stream's waiter.

    Lighter than an asyncio.Queue, which matters when one event is offered to
    ten thousand of them in a row."""

    __slots__ = ("channels", "pending", "waiter")

    def __init__(self, channels: frozenset[str]):
        self.channels = channels
        # Items are (event id, frame); an id of None is a heartbeat, a frame of None the end.
        self.pending: deque[tuple[int | None, bytes | None]] = deque()
        self.waiter: asyncio.Future | None = None

    def offer(self, event_id: int | None, frame: bytes | None) -> bool:
        if len(self.pending) >= QUEUE_LIMIT:
            return False
        self.pending.append((event_id, frame))
        waiter = self.waiter
        if waiter is not None:
            self.waiter = None
            if not waiter.done():
                waiter.set_result(None)
        return True

    async def next(self) -> tuple[int | None, bytes | None]:
        while not self.pending:
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter
        return self.pending.popleft()

    def close(self) -> None:
        # A reader this far behind is disconnected; its browser reconnects and
        # catches up from the log with Last-Event-ID.
        self.pending.clear()
        self.offer(None, None)


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

    def subscribe(self, channels: frozenset[str]) -> Subscriber:
        subscriber = Subscriber(channels)
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
                self.last_id, last_alert = await _db(_log_head)
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
                events = await _db(_events_after, self.last_id)
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
        frame = _frame(event)
        for subscriber in list(self.subscribers):
            if event.channel in subscriber.channels and not subscriber.offer(event.pk, frame):
                self.unsubscribe(subscriber)
                subscriber.close()
        if event.channel == LiveEvent.ALERTS:
            self._expiry_watch(event.payload)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(settings.NEWSDESK_LIVE_HEARTBEAT_SECONDS)
            for subscriber in list(self.subscribers):
                subscriber.offer(None, HEARTBEAT)

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
            await _db(_expire_due)
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


def _release_request_thread() -> None:
    """Let go of the thread Django's ASGI handler keeps for this request.

    The handler runs each request's synchronous parts (WhiteNoise and the other
    sync middleware, signal receivers) on a one-thread executor that lives until
    the response is finished; for an open stream that is a thread per reader,
    idle for hours. Those parts are done once the stream starts, so shut it
    down now; anything synchronous at the very end gets a fresh one.
    """
    context = SyncToAsync.thread_sensitive_context.get(None)
    executor = SyncToAsync.context_to_thread_executor.pop(context, None) if context else None
    if executor is not None:
        executor.shutdown(wait=False)


async def reader_stream(*, channels: frozenset[str], last_event_id: int | None):
    """One reader's Server-Sent Events: the events after `last_event_id` from the
    log, a "ready" event, then each new event as it is published.

    Without `last_event_id` the reader starts from now. Every event carries its
    log id; the reader's browser sends the last one back when it reconnects."""
    _release_request_thread()
    fanout = await fanout_get()
    # Subscribe before reading the log: an event committed meanwhile is then
    # both replayed and queued, and the id check below drops the copy.
    subscriber = fanout.subscribe(channels)
    try:
        cursor = fanout.last_id if last_event_id is None else last_event_id
        if last_event_id is not None and last_event_id < fanout.last_id:
            events, restart_id = await _db(_replay, last_event_id, channels)
            if restart_id is not None:
                # Too far behind to replay: tell the page to reload its live parts.
                cursor = restart_id
                yield sse_frame(event_id=cursor, type="reset", data={})
            for event in events:
                cursor = event.pk
                yield _frame(event)
        yield f"retry: {RETRY_MS}\n".encode() + sse_frame(event_id=cursor, type="ready", data={})
        while True:
            event_id, frame = await subscriber.next()
            if frame is None:
                return
            if event_id is None:
                yield frame
            elif event_id > cursor:
                cursor = event_id
                yield frame
    finally:
        fanout.unsubscribe(subscriber)
