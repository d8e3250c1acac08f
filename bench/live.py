"""Live delivery benchmark: N readers on /live/stream/, an editor publishing alerts
through the API, the delay until the last reader has each alert (p50, p99), the
server's memory per open stream, and alerts lost or received twice. In the same
run, the anchor: a minimal asyncio SSE server broadcasting the same bytes.

Readers run in separate load-generator processes (at most 5,000 connections each,
under the 20,000 open-files limit), reading raw HTTP like an EventSource does and
reconnecting with Last-Event-ID when the connection drops. The Newsdesk server is
one uvicorn process on SQLite: the embedded default. Its streams are the plain ASGI
app newsdesk/live/stream.py, and the fan-out calls every stream's `send` itself, so
per event and reader the server does about what the anchor does (one socket write)
plus uvicorn's send; the rest of the delay is the alert's way through the API, the
commit and one read of the event log.

Then the same readers on the production server (`manage.py serve`: granian, 2
workers by default), where an alert published through one worker wakes the
other with a datagram (the embedded default's pub/sub; Redis across machines).

    make bench-live      # or: .venv/bin/python bench/live.py [--readers 10000] [--alerts 20] [--quick]

The last line printed is JSON: {"bench": "live", "runs": [...]}.
"""

import argparse
import asyncio
import json
import math
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_GENERATOR = 5000
CONNECT_BATCH = 250
ALERT_TIMEOUT = 15.0
# Opened files besides the connections: the server needs a few hundred at most.
FD_HEADROOM = 600
VERBOSE = bool(__import__("os").environ.get("BENCH_VERBOSE"))

SSE_ID = re.compile(rb"(?m)^id: (\d+)")
ALERT_ID = re.compile(rb'"alert":\{"id":(\d+)')


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def raise_open_files_limit() -> int:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# The anchor: the least a server can do, broadcasting pre-made frames to sockets.


async def anchor_serve(port: int, frame_size: int) -> None:
    writers: set[asyncio.StreamWriter] = set()
    counter = 0
    padding = "x" * max(frame_size - 160, 0)

    async def handle(reader, writer):
        nonlocal counter
        head = await reader.readuntil(b"\r\n\r\n")
        if head.startswith(b"POST /publish"):
            counter += 1
            data = json.dumps(
                {"alert": {"id": counter, "text": "Anchor alert", "link": "/", "expires_at": None}, "html": padding},
                separators=(",", ":"),
            )
            frame = f"id: {counter}\nevent: alert\ndata: {data}\n\n".encode()
            chunk = b"%x\r\n%s\r\n" % (len(frame), frame)
            for other in list(writers):
                other.write(chunk)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            await writer.drain()
            writer.close()
            return
        ready = b"retry: 2000\nid: 0\nevent: ready\ndata: {}\n\n"
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            + b"%x\r\n%s\r\n" % (len(ready), ready)
        )
        writers.add(writer)
        try:
            await reader.read()  # until the reader goes
        finally:
            writers.discard(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    print("anchor ready", flush=True)
    async with server:
        await server.serve_forever()


# Load generator: one process, many readers.


class Reader(asyncio.Protocol):
    """One reader's connection, parsed in data_received: no task per reader, so the
    load generator costs little per frame and the measurement is the server's."""

    def __init__(self, readers: "Readers", index: int):
        self.readers, self.index = readers, index
        self.buffer = b""
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport
        readers = self.readers
        last_id = readers.last_ids[self.index]
        resume = f"Last-Event-ID: {last_id}\r\n" if last_id is not None else ""
        transport.write(
            f"GET {readers.path} HTTP/1.1\r\nHost: {readers.host}\r\nAccept: text/event-stream\r\n{resume}\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data
        end = buffer.rfind(b"\n\n")
        if end < 0:
            self.buffer = buffer
            return
        self.buffer = buffer[end + 2 :]
        for frame in buffer[:end].split(b"\n\n"):
            self.readers.frame(self.index, frame)

    def connection_lost(self, exc) -> None:
        if not self.closed.done():
            self.closed.set_result(None)


class Readers:
    def __init__(self, host: str, port: int, count: int, path: str):
        self.host, self.port, self.count, self.path = host, port, count, path
        self.ready = 0
        self.is_ready = [False] * count
        self.last_ids: list[int | None] = [None] * count
        self.received: dict[int, int] = {}
        self.duplicated = 0
        self.seen: list[set[int]] = [set() for _ in range(count)]
        self.stopping = False

    def emit(self, message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    def frame(self, index: int, frame: bytes) -> None:
        if b"event: alert" in frame:
            now = time.time()
            self.last_ids[index] = int(SSE_ID.search(frame).group(1))
            alert_id = int(ALERT_ID.search(frame).group(1))
            seen = self.seen[index]
            if alert_id in seen:
                self.duplicated += 1
                return
            seen.add(alert_id)
            count = self.received[alert_id] = self.received.get(alert_id, 0) + 1
            if count == self.count:
                self.emit({"done": alert_id, "last": now})
        elif b"event: ready" in frame:
            self.last_ids[index] = int(SSE_ID.search(frame).group(1))
            if not self.is_ready[index]:
                self.is_ready[index] = True
                self.ready += 1
                if self.ready == self.count:
                    self.emit({"ready": self.count})

    async def reader(self, index: int, connecting: asyncio.Semaphore) -> None:
        loop = asyncio.get_running_loop()
        first = True
        while not self.stopping:
            try:
                if first:
                    async with connecting:
                        _, protocol = await loop.create_connection(lambda: Reader(self, index), self.host, self.port)
                        first = False
                else:
                    _, protocol = await loop.create_connection(lambda: Reader(self, index), self.host, self.port)
                await protocol.closed
            except OSError:
                pass
            # As an EventSource does: wait a moment, then resume after the last id.
            await asyncio.sleep(random.uniform(0.2, 1.5))  # noqa: S311

    async def run(self) -> None:
        connecting = asyncio.Semaphore(CONNECT_BATCH)
        tasks = [asyncio.create_task(self.reader(index, connecting)) for index in range(self.count)]
        loop = asyncio.get_running_loop()
        commands = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
        while line := await commands.readline():
            command = json.loads(line)
            if command["cmd"] == "report":
                expected = set(command["expected"])
                lost = sum(len(expected - seen) for seen in self.seen)
                self.emit({"report": True, "lost": lost, "duplicated": self.duplicated})
            elif command["cmd"] == "stop":
                break
        self.stopping = True
        for task in tasks:
            task.cancel()


def generator_main(host: str, port: int, count: int, path: str) -> None:
    raise_open_files_limit()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(Readers(host, port, count, path).run())


# The coordinator.


class Generators:
    def __init__(self, port: int, readers: int, path: str = "/live/stream/"):
        self.processes = []
        self.lines: asyncio.Queue = asyncio.Queue()
        self.port, self.readers, self.path = port, readers, path
        self.done: dict[int, list[float]] = {}

    async def start(self) -> None:
        count = math.ceil(self.readers / PER_GENERATOR)
        sizes = [self.readers // count + (1 if i < self.readers % count else 0) for i in range(count)]
        for size in sizes:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "generate",
                "--port",
                str(self.port),
                "--count",
                str(size),
                "--path",
                self.path,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            self.processes.append(process)
            asyncio.create_task(self._follow(process))
        ready = 0
        deadline = time.monotonic() + 60 + self.readers / 200
        while ready < len(self.processes):
            message = await asyncio.wait_for(self.lines.get(), max(deadline - time.monotonic(), 0.1))
            ready += "ready" in message

    async def _follow(self, process) -> None:
        while line := await process.stdout.readline():
            message = json.loads(line)
            if "done" in message:
                self.done.setdefault(message["done"], []).append(message["last"])
            else:
                await self.lines.put(message)

    async def delivered(self, alert_id: int, timeout: float = ALERT_TIMEOUT) -> float | None:
        """When the last reader got the alert, or None if some never did."""
        deadline = time.monotonic() + timeout
        while len(self.done.get(alert_id, [])) < len(self.processes):
            if time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.002)
        return max(self.done[alert_id])

    async def report(self, expected: list[int]) -> tuple[int, int]:
        for process in self.processes:
            process.stdin.write((json.dumps({"cmd": "report", "expected": expected}) + "\n").encode())
            await process.stdin.drain()
        lost = duplicated = 0
        for _ in self.processes:
            message = await asyncio.wait_for(self.lines.get(), 30)
            lost += message["lost"]
            duplicated += message["duplicated"]
        return lost, duplicated

    async def stop(self) -> None:
        for process in self.processes:
            try:
                process.stdin.write(b'{"cmd": "stop"}\n')
                await process.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):
                pass
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()


def post(url: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        raw = response.read()
    return json.loads(raw) if raw.startswith(b"{") else {}


def publish_alert(base_url: str, token: str) -> int:
    """An editor's alert through the API; its id."""
    body = {"text": "Storm surge floods the northern harbour district", "url": "https://example.org/storm"}
    return post(base_url + "/api/alerts/", body, token=token)["id"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


async def measure(*, port: int, memory_kb, readers: int, alerts: int, publish, baseline_kb: int) -> dict:
    generators = Generators(port, readers)
    await generators.start()
    await asyncio.sleep(1)
    kb_per_connection = (memory_kb() - baseline_kb) / readers
    # One alert first, not counted: template compilation, first queries, warm caches.
    warm_up = await asyncio.to_thread(publish)
    await generators.delivered(warm_up)
    delays, expected = [warm_up], []
    delays.clear()
    expected.append(warm_up)
    for _ in range(alerts):
        started = time.time()
        alert_id = await asyncio.to_thread(publish)
        answered = time.time()
        expected.append(alert_id)
        last = await generators.delivered(alert_id)
        if last is not None:
            delays.append((last - started) * 1000)
            if VERBOSE:
                call_ms = (answered - started) * 1000
                print(f"    alert {alert_id}: publish call {call_ms:.1f} ms, last reader {delays[-1]:.1f} ms")
        await asyncio.sleep(0.2)
    lost, duplicated = await generators.report(expected)
    await generators.stop()
    return {
        "p50_ms": round(statistics.median(delays), 1) if delays else None,
        "p99_ms": round(percentile(delays, 0.99), 1) if delays else None,
        "lost": lost,
        "duplicated": duplicated,
        "kb_per_connection": round(kb_per_connection, 1),
    }


def newsdesk_server(site, port: int):
    from newsdesk.live.tests.servers import Server

    # Quiet: stopping uvicorn with thousands of open streams logs each one cancelled.
    return Server(site, port=port, uvicorn_args=["--backlog", "4096", "--log-level", "critical"]).start()


async def run_newsdesk(site, readers: int, alerts: int) -> dict:
    from newsdesk.live.tests.servers import free_port

    server = await asyncio.to_thread(newsdesk_server, site, free_port())
    try:
        await asyncio.sleep(1)
        baseline = rss_kb(server.process.pid)

        pid = server.process.pid
        return await measure(
            port=server.port,
            memory_kb=lambda: rss_kb(pid),
            readers=readers,
            alerts=alerts,
            publish=lambda: publish_alert(server.base_url, site.editor_token),
            baseline_kb=baseline,
        )
    finally:
        await asyncio.to_thread(server.stop)


async def run_production(site, readers: int, alerts: int, workers: int) -> dict:
    """The same readers on `manage.py serve`, the production server: granian, `workers`
    processes; an alert published through one wakes the others with a datagram each,
    and each reads it from the event log."""
    from newsdesk.live.tests.servers import ProductionServer

    server = await asyncio.to_thread(ProductionServer(site, workers=workers).start)
    try:
        await asyncio.sleep(1)
        baseline = server.memory_kb()

        return await measure(
            port=server.port,
            memory_kb=server.memory_kb,
            readers=readers,
            alerts=alerts,
            publish=lambda: publish_alert(server.base_url, site.editor_token),
            baseline_kb=baseline,
        )
    finally:
        await asyncio.to_thread(server.stop)  # its workers cut the open streams after 3 s


async def run_anchor(readers: int, alerts: int) -> dict:
    from newsdesk.live.tests.servers import free_port

    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "anchor", "--port", str(port), stdout=asyncio.subprocess.PIPE
    )
    await process.stdout.readline()
    try:
        await asyncio.sleep(0.5)
        baseline = rss_kb(process.pid)
        counter = iter(range(1, 10**9))

        def publish() -> int:
            post(f"http://127.0.0.1:{port}/publish")
            return next(counter)

        return await measure(
            port=port,
            memory_kb=lambda: rss_kb(process.pid),
            readers=readers,
            alerts=alerts,
            publish=publish,
            baseline_kb=baseline,
        )
    finally:
        process.kill()
        await process.wait()


async def run_restart(site, readers: int, alerts: int) -> dict:
    """Publish half the alerts, stop the server, publish some while it is down, start
    it again on the same port, publish the rest: every reader must end with every alert once."""
    from newsdesk.live.tests.servers import free_port

    port = free_port()
    server = await asyncio.to_thread(newsdesk_server, site, port)
    generators = Generators(port, readers)
    await generators.start()
    expected, delays = [], []
    down = max(alerts // 10, 1)
    up_before = (alerts - down) // 2

    async def publish_live() -> None:
        started = time.time()
        alert_id = await asyncio.to_thread(publish_alert, server.base_url, site.editor_token)
        expected.append(alert_id)
        last = await generators.delivered(alert_id)
        if last is not None:
            delays.append((last - started) * 1000)
        await asyncio.sleep(0.05)

    for _ in range(up_before):
        await publish_live()
    await asyncio.to_thread(server.stop)
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from newsdesk.live.services import alert_publish\n"
        "editor = get_user_model().objects.get(username='editor')\n"
        f"for n in range({down}):\n"
        "    print(alert_publish(text=f'Published while the server was down {n}',"
        " url='https://example.org/down', user=editor).pk)\n"
    )
    output = await asyncio.to_thread(site.manage, "shell", "-v", "0", "-c", script)
    expected += [int(line) for line in output.stdout.split()]
    server = await asyncio.to_thread(newsdesk_server, site, port)
    try:
        for alert_id in expected[-down:]:
            await generators.delivered(alert_id, timeout=30)
        for _ in range(alerts - up_before - down):
            await publish_live()
        lost, duplicated = await generators.report(expected)
    finally:
        await generators.stop()
        await asyncio.to_thread(server.stop)
    return {
        "p50_ms": round(statistics.median(delays), 1),
        "p99_ms": round(percentile(delays, 0.99), 1),
        "lost": lost,
        "duplicated": duplicated,
    }


def prepare_site():
    from newsdesk.live.tests.servers import Site, site_env

    work = tempfile.mkdtemp(prefix="newsdesk-bench-live-")
    env = site_env(
        NEWSDESK_VAR_DIR=work,
        DJANGO_SETTINGS_MODULE="newsdesk.settings.dev",
        NEWSDESK_LOG_LEVEL="ERROR",
    )
    return Site(env=env).set_up()


async def main(args) -> None:
    limit = raise_open_files_limit()
    largest = min(args.max_readers, limit - FD_HEADROOM)
    print(f"Open-files limit {limit} per process; the one server process can hold about {largest} readers.")
    print("Newsdesk: one uvicorn process, SQLite, local pub/sub (the embedded default).")
    site = await asyncio.to_thread(prepare_site)
    runs = []
    sizes = [args.readers] if args.quick else [args.readers, largest]
    for readers in sizes:
        print(f"\n{readers} readers, {args.alerts} alerts")
        anchor = await run_anchor(readers, args.alerts)
        print(
            f"  anchor:   p50 {anchor['p50_ms']} ms, p99 {anchor['p99_ms']} ms, {anchor['kb_per_connection']} KB/conn"
        )
        ours = await run_newsdesk(site, readers, args.alerts)
        print(
            f"  newsdesk: p50 {ours['p50_ms']} ms, p99 {ours['p99_ms']} ms, {ours['kb_per_connection']} KB/conn, "
            f"lost {ours['lost']}, duplicated {ours['duplicated']}"
        )
        if ours["p99_ms"] and anchor["p99_ms"]:
            print(f"  p99 ratio to the anchor: {ours['p99_ms'] / anchor['p99_ms']:.2f}x")
        runs.append(
            {
                "readers": readers,
                "alerts": args.alerts,
                "restart": False,
                "server": "uvicorn, 1 process",
                **ours,
                "anchor_p50_ms": anchor["p50_ms"],
                "anchor_p99_ms": anchor["p99_ms"],
                "anchor_kb_per_connection": anchor["kb_per_connection"],
            }
        )
    print(
        f"\n{args.readers} readers, {args.alerts} alerts, on the production server (manage.py serve, "
        f"{args.workers} workers, SQLite: the other workers woken by a datagram)"
    )
    production = await run_production(site, args.readers, args.alerts, args.workers)
    print(
        f"  newsdesk: p50 {production['p50_ms']} ms, p99 {production['p99_ms']} ms, "
        f"{production['kb_per_connection']} KB/conn, lost {production['lost']}, duplicated {production['duplicated']}"
    )
    if production["p99_ms"] and runs[0]["anchor_p99_ms"]:
        ratio = production["p99_ms"] / runs[0]["anchor_p99_ms"]
        print(f"  p99 ratio to the anchor of {args.readers} readers: {ratio:.2f}x")
    runs.append(
        {
            "readers": args.readers,
            "alerts": args.alerts,
            "restart": False,
            "server": f"manage.py serve, {args.workers} workers",
            **production,
            "anchor_p50_ms": runs[0]["anchor_p50_ms"],
            "anchor_p99_ms": runs[0]["anchor_p99_ms"],
            "anchor_kb_per_connection": runs[0]["anchor_kb_per_connection"],
        }
    )
    print(f"\n{args.restart_readers} readers, {args.restart_alerts} alerts, server restarted in the middle")
    restart = await run_restart(site, args.restart_readers, args.restart_alerts)
    print(f"  newsdesk: lost {restart['lost']}, duplicated {restart['duplicated']}, p99 {restart['p99_ms']} ms")
    runs.append(
        {
            "readers": args.restart_readers,
            "alerts": args.restart_alerts,
            "restart": True,
            "server": "uvicorn, 1 process",
            **restart,
            "anchor_p99_ms": None,
            "kb_per_connection": None,
        }
    )
    print(json.dumps({"bench": "live", "runs": runs}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="role")
    anchor = sub.add_parser("anchor")
    anchor.add_argument("--port", type=int, required=True)
    anchor.add_argument("--frame-size", type=int, default=900)
    generate = sub.add_parser("generate")
    generate.add_argument("--port", type=int, required=True)
    generate.add_argument("--count", type=int, required=True)
    generate.add_argument("--path", default="/live/stream/")
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--alerts", type=int, default=20)
    parser.add_argument("--max-readers", type=int, default=19_000)
    parser.add_argument("--workers", type=int, default=2, help="processes of the production server run")
    parser.add_argument("--restart-readers", type=int, default=1_000)
    parser.add_argument("--restart-alerts", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="only --readers, no largest-N run")
    args = parser.parse_args()
    if args.role == "anchor":
        import uvloop  # the event loop uvicorn serves Newsdesk on

        uvloop.install()
        raise_open_files_limit()
        asyncio.run(anchor_serve(args.port, args.frame_size))
    elif args.role == "generate":
        generator_main("127.0.0.1", args.port, args.count, args.path)
    else:
        asyncio.run(main(args))
