"""`manage.py serve`, the production server (granian, several workers), run for real.

A breaking story brings every reader at once, and every open page holds an event
stream: the server must go on answering with more pages open than granian's
defaults allow, stop when told although streams never end, and replace a worker
that dies (docs/decisions/0016)."""

import asyncio
import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from newsdesk.live.tests.servers import ProductionServer, Site, site_env

ROOT = Path(__file__).resolve().parent.parent
# More open pages than granian's default lets all its workers hold (its listen
# backlog, 1,024, shared among them).
OPEN_PAGES = 1_300

pytestmark = pytest.mark.skipif(
    resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 4 * OPEN_PAGES,
    reason=f"the open-files hard limit (ulimit -Hn) is below {4 * OPEN_PAGES}: too low to hold {OPEN_PAGES} streams",
)


@pytest.fixture(scope="module")
def site():
    var_dir = Path(tempfile.mkdtemp(prefix="newsdesk-serve-"))
    try:
        yield Site(env=site_env(NEWSDESK_VAR_DIR=str(var_dir))).set_up()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture
def open_files():
    """Room in this process for the streams' client ends."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * OPEN_PAGES)), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def soft_open_files_limit(limit: int):
    """For a child process: the open-files limit many systems start services with."""

    def set_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    return set_limit


@contextlib.contextmanager
def serving(site: Site, *, workers: int = 2, open_files_limit: int = 512):
    """`manage.py serve`, started with a soft open-files limit of `open_files_limit`."""
    server = ProductionServer(site, workers=workers, preexec_fn=soft_open_files_limit(open_files_limit))
    try:
        yield server.start()
    finally:
        server.kill()


async def open_stream(port: int):
    """A reader's open page: an event stream, its response head read."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /live/stream/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    return reader, writer, head


async def read_until(reader, marker: bytes, timeout: float) -> bool:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        chunk = await asyncio.wait_for(reader.read(4096), max(deadline - time.monotonic(), 0.01))
        if not chunk:
            return False
        seen = seen[-len(marker) :] + chunk
    return True


def get(url: str, timeout: float = 5) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        response.read()
        return response.status, time.monotonic() - started


def test_with_more_pages_open_than_granian_holds_by_default_pages_are_served_and_alerts_reach_all(site, open_files):
    """With granian's defaults, 1,024 open pages stopped the site: page requests waited
    for a connection to close, and streams past that never opened."""
    with serving(site) as server:
        port, base_url = server.port, server.base_url
        assert len(server.worker_pids()) == 2

        async def scenario():
            streams = await asyncio.gather(*(open_stream(port) for _ in range(OPEN_PAGES)))
            assert all(head.startswith(b"HTTP/1.1 200") for _, _, head in streams)
            status, seconds = await asyncio.to_thread(get, base_url + "/live/banner/")
            assert status == 200 and seconds < 2
            alert_url = base_url + "/api/alerts/"
            request = urllib.request.Request(  # noqa: S310 - loopback
                alert_url,
                data=b'{"text": "Dam gates opened upstream", "url": "https://example.org/dam"}',
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {site.editor_token}"},
            )
            await asyncio.to_thread(urllib.request.urlopen, request, timeout=10)
            reached = await asyncio.gather(*(read_until(reader, b"event: alert", 15) for reader, _, _ in streams))
            for _, writer, _ in streams:
                writer.close()
            return reached

        reached = asyncio.run(scenario())
        assert sum(reached) == OPEN_PAGES


def test_a_restart_does_not_wait_for_open_pages_to_close(site, open_files):
    """granian waits for every connection to end before it stops, and event streams never do."""
    with serving(site) as server:

        async def scenario():
            streams = [await open_stream(server.port) for _ in range(20)]
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            ended = await asyncio.gather(*(read_until(reader, b"\0never\0", 20) for reader, _, _ in streams))
            return ended, time.monotonic() - started

        ended, seconds = asyncio.run(scenario())
        assert server.process.wait(timeout=20) == 0
        # The streams were cut (read_until saw their end, not the marker), within a few seconds.
        assert ended == [False] * 20
        assert seconds < 10


def test_a_worker_that_dies_is_replaced(site):
    with serving(site) as server:
        base_url = server.base_url
        first = server.worker_pids()
        assert len(first) == 2
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            now = server.worker_pids()
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"workers {first} -> {server.worker_pids()}")
        # While the new worker starts, granian's listening sockets (one per worker,
        # SO_REUSEPORT) can refuse connections for a moment; then every request is answered.
        while True:
            try:
                get(base_url + "/live/banner/")
                break
            except OSError:
                assert time.monotonic() < deadline, "no answer after the new worker started"
                time.sleep(0.05)
        assert server.process.poll() is None
        assert [get(base_url + "/live/banner/")[0] for _ in range(20)] == [200] * 20


def serve_print(site: Site, *, hard_limit: int | None = None, **env) -> subprocess.CompletedProcess:
    def limit():
        if hard_limit:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard_limit, hard_limit))

    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--workers", "3", "--print"],
        cwd=ROOT,
        env={**site.env, **env},
        preexec_fn=limit,  # noqa: PLW1509 - no threads start before exec
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_each_worker_holds_the_connections_the_setting_asks_for_as_far_as_open_files_allow(site):
    result = serve_print(site, NEWSDESK_CONNECTIONS_PER_WORKER="3000")
    assert result.returncode == 0, result.stderr
    assert "--workers 3" in result.stdout and "--backpressure 3000" in result.stdout
    assert result.stderr == ""

    capped = serve_print(site, hard_limit=1000, NEWSDESK_CONNECTIONS_PER_WORKER="3000")
    assert capped.returncode == 0, capped.stderr
    assert "--backpressure 744" in capped.stdout
    assert "ulimit -n" in capped.stderr and "744" in capped.stderr

    refused = serve_print(site, NEWSDESK_CONNECTIONS_PER_WORKER="0")
    assert refused.returncode != 0 and "NEWSDESK_CONNECTIONS_PER_WORKER" in refused.stderr
