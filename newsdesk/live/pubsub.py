"""Pub/sub backends that tell server processes "the event log has grown".

Messages carry only the new event's id; every process then reads the events
themselves from the log (see fanout.py), in id order. So a lost message delays
an event until the next poll of the log but never loses it, and a backend only
has to wake processes up.

Chosen by settings.NEWSDESK_LIVE_PUBSUB:
- "inprocess" (the embedded default): fan-out inside this process. Writers in
  other processes (the CLI, the scheduler) reach readers through the poll.
- "redis": Redis PUBLISH/SUBSCRIBE on NEWSDESK_REDIS_URL, across processes and hosts.
- "postgres": PostgreSQL NOTIFY/LISTEN on the default database, across processes.
"""

import asyncio
import functools
import json
import logging
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

Listener = Callable[[dict], None]

RECONNECT_SECONDS = 1.0


def _parsed(data: bytes | str) -> dict:
    # Whatever else is sent on the channel, it still means "look at the log".
    try:
        message = json.loads(data)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}


class InProcessPubSub:
    """Hands messages to listeners on this process's event loop(s)."""

    def __init__(self):
        self._listeners: set[tuple[asyncio.AbstractEventLoop, Listener]] = set()

    def publish(self, message: dict) -> None:
        # Called from whichever thread committed the transaction.
        for loop, listener in list(self._listeners):
            if not loop.is_closed():
                loop.call_soon_threadsafe(listener, message)

    async def listen(self, listener: Listener) -> None:
        entry = (asyncio.get_running_loop(), listener)
        self._listeners.add(entry)
        listener({})  # anything committed before this listener was added is in the log
        try:
            await asyncio.Future()  # until cancelled
        finally:
            self._listeners.discard(entry)


class RedisPubSub:
    def __init__(self, url: str, channel: str):
        self.url = url
        self.channel = channel

    @functools.cached_property
    def _client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def publish(self, message: dict) -> None:
        self._client.publish(self.channel, json.dumps(message))

    async def listen(self, listener: Listener) -> None:
        import redis.asyncio as aioredis
        from redis.exceptions import RedisError

        while True:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2)
            try:
                async with client.pubsub() as subscription:
                    await subscription.subscribe(self.channel)
                    # Anything published while this process was not subscribed is in the log.
                    listener({})
                    async for message in subscription.listen():
                        if message["type"] == "message":
                            listener(_parsed(message["data"]))
            except (RedisError, OSError) as error:
                logger.warning("Live pub/sub: Redis unavailable (%s); retrying in %ss", error, RECONNECT_SECONDS)
                await asyncio.sleep(RECONNECT_SECONDS)
            finally:
                await client.aclose()


class PostgresPubSub:
    def __init__(self, channel: str):
        self.channel = channel

    def publish(self, message: dict) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [self.channel, json.dumps(message)])

    async def listen(self, listener: Listener) -> None:
        import psycopg
        from django.db import connections
        from psycopg import sql

        database = connections["default"].settings_dict
        params = {
            "dbname": database["NAME"],
            "user": database["USER"] or None,
            "password": database["PASSWORD"] or None,
            "host": database["HOST"] or None,
            "port": database["PORT"] or None,
        }
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(autocommit=True, **params) as conn:
                    await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    listener({})
                    async for notification in conn.notifies():
                        listener(_parsed(notification.payload))
            except psycopg.Error as error:
                logger.warning("Live pub/sub: PostgreSQL unavailable (%s); retrying in %ss", error, RECONNECT_SECONDS)
                await asyncio.sleep(RECONNECT_SECONDS)


@functools.cache
def _backend(name: str, redis_url: str, channel: str):
    if name == "inprocess":
        return InProcessPubSub()
    if name == "redis":
        return RedisPubSub(redis_url, channel)
    if name == "postgres":
        return PostgresPubSub(channel)
    raise ValueError(f"NEWSDESK_LIVE_PUBSUB must be inprocess, redis or postgres, not {name!r}")


def backend_get():
    """The configured backend; one instance per process."""
    return _backend(settings.NEWSDESK_LIVE_PUBSUB, settings.NEWSDESK_REDIS_URL, settings.NEWSDESK_LIVE_CHANNEL)
