"""The local PostgreSQL and Redis the scale-out tests run against, and a TCP
proxy that lets a test take the database away and bring it back."""

import asyncio
import os
import socket
import threading

import pytest

POSTGRES = ("127.0.0.1", 5432)
REDIS_URL = os.environ.get("NEWSDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_postgres():
    if not reachable(*POSTGRES):
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES[0]}:{POSTGRES[1]} (the scale-out tests need it)")


def require_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); the scale-out tests need it")


class TCPProxy:
    """Forwards a local port to a server; stop() is the server going down, start() it coming back."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer))

    async def _start(self):
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _stop(self):
        self.server.close()
        await self.server.wait_closed()
        for writer in list(self.writers):
            writer.close()
        self.writers.clear()

    def start(self):
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(5)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(5)

    def close(self):
        if self.server is not None and self.server.is_serving():
            self.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
