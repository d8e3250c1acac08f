"""Pub/sub backends that tell server processes "the event log has grown".

Messages carry only the new event's id; every process then reads the events
themselves from the log (see fanout.py), in id order. So a lost message delays
an event until the next poll of the log but never loses it, and a backend only
has to wake processes up.

Chosen by settings.NEWSDESK_LIVE_PUBSUB:
- "local" (the embedded default): every process of this machine that shares
  VAR_DIR (the workers of `manage.py serve`, the CLI, the scheduler), through a
  Unix datagram socket each listener binds in VAR_DIR/live-wake/.
- "redis": Redis PUBLISH/SUBSCRIBE on NEWSDESK_REDIS_URL, across processes and hosts.
- "postgres": PostgreSQL NOTIFY/LISTEN on the default database, across processes.
"""

import asyncio
import functools
import json
import logging
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path

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


class LocalPubSub:
    """Wakes listeners in every process of this machine, with no server to run.

    Each listener binds a datagram socket of its own in `folder`; publish sends the
    message to every socket there. A socket left by a process that died refuses the
    message, and is removed. A datagram cannot be half received, and one that does not
    fit (the listener's queue is full) finds wake-ups already waiting: the log is read
    either way."""

    MAX_MESSAGE = 4096

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def publish(self, message: dict) -> None:
        data = json.dumps(message).encode()[: self.MAX_MESSAGE]
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return  # no listener has started on this machine yet
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.setblocking(False)
            for name in names:
                if not name.endswith(".sock"):
                    continue
                path = self.folder / name
                try:
                    sender.sendto(data, str(path))
                except ConnectionRefusedError:  # its process is gone
                    path.unlink(missing_ok=True)
                except (BlockingIOError, FileNotFoundError):  # wake-ups waiting already; or just closed
                    pass
                except OSError as error:
                    logger.warning("Live pub/sub: cannot wake %s (%s)", path, error)

    async def listen(self, listener: Listener) -> None:
        loop = asyncio.get_running_loop()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{os.getpid()}-{secrets.token_hex(4)}.sock"
        receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            receiver.setblocking(False)
            receiver.bind(str(path))
        except OSError as error:  # a VAR_DIR too long for a socket's name, say: the poll delivers
            receiver.close()
            logger.warning("Live pub/sub: cannot listen at %s (%s); reading the log by the poll only", path, error)
            await asyncio.Future()

        def readable() -> None:
            while True:
                try:
                    data = receiver.recv(self.MAX_MESSAGE)
                except OSError:  # nothing more waiting
                    return
                listener(_parsed(data))

        loop.add_reader(receiver.fileno(), readable)
        listener({})  # anything committed before this listener was bound is in the log
        try:
            await asyncio.Future()  # until cancelled
        finally:
            loop.remove_reader(receiver.fileno())
            receiver.close()
            path.unlink(missing_ok=True)


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
def _backend(name: str, redis_url: str, channel: str, var_dir: str):
    if name == "local":
        return LocalPubSub(Path(var_dir) / "live-wake")
    if name == "redis":
        return RedisPubSub(redis_url, channel)
    if name == "postgres":
        return PostgresPubSub(channel)
    raise ValueError(f"NEWSDESK_LIVE_PUBSUB must be local, redis or postgres, not {name!r}")


def backend_get():
    """The configured backend; one instance per process."""
    return _backend(
        settings.NEWSDESK_LIVE_PUBSUB,
        settings.NEWSDESK_REDIS_URL,
        settings.NEWSDESK_LIVE_CHANNEL,
        str(settings.VAR_DIR),
    )
