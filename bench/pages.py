"""Benchmark: article pages against nginx serving the same bytes as a static file.

Run with `make bench-pages`. It builds a throwaway site (migrate + demo content)
in a temporary NEWSDESK_VAR_DIR, starts granian and nginx on loopback ports, and
loads them with wrk (-t2 -c64 -d10s by default; the load shares the 2 cores with
the servers). Every figure is measured in this run. The last line is JSON.

Scheduling: Linux shares the CPU between sessions before threads when
autogroup is on (/proc/sys/kernel/sched_autogroup_enabled, 1 here). A server in
a session of its own (nginx as a daemon, or started with a new session) gets
half the machine against wrk's half, whatever its threads; measured here, that
cut the cached app from ~29k to ~19k req/s and nginx from ~63k to ~52k. So
every server here runs in the benchmark's own session, as wrk does, and the
CPU is shared among all their threads alike.

Each figure is the median of --rounds runs (3 by default), with the anchor
measured just before each run of the app, and each ratio the median of the
ratios within rounds: on this shared machine one 10-second run of the same
server varies by 10-15% from the next.

"nginx without sendfile" is nginx as compiled, without the `sendfile on` that
Debian's nginx.conf, the shipped config and the anchor set: on these machines it
sends the article at about the issue's anchor for nginx (100,000 req/s), where
the anchor does about 130,000. The cached page is given as a ratio to it too;
the target stays against the anchor.

"ASGI floor" is granian with the same workers running a bare ASGI application
that sends the same bytes and headers (bench/asgi_floor.py): the most any ASGI
application can do on this server and machine. The cached page is also given
as a ratio to it, so what the page cache costs and what the server costs can be
told apart.

"nginx in front" is the shipped config as `manage.py nginx_config` fills it in:
nginx sends the article from the file the app wrote when it kept the page
(reader/pagefiles.py, decision 0014). "Readers accepting gzip" (every browser):
nginx in front again, asked with Accept-Encoding: gzip, against nginx serving the
app's own compressed copy of the page as a static file (gzip_static): the same
bytes again.

"Uncached" is the same server restarted with its page cache off: every request
goes through Django, which renders the page with its fragment cache and
remembered routing warm, as it does on a page-cache miss in production; 3 s
of load first, not counted, so every worker has compiled its templates.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from newsdesk.reader.management.commands.serve import granian_command  # noqa: E402

# What `manage.py serve` gives each worker by default (NEWSDESK_CONNECTIONS_PER_WORKER).
CONNECTIONS_PER_WORKER = 10_000


def met(passed: bool) -> str:
    """Said in words, so a ratio printed rounded (0.897 as 0.90) is not read as a pass."""
    return "met" if passed else "not met"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except Exception as error:  # noqa: BLE001 - not up yet
            last = error
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up: {last}")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def wrk(url: str, *, seconds: int, connections: int, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    # Two seconds of the same load first, unmeasured: every worker process of every
    # server (and its caches) is warm, so the figures are the steady state.
    subprocess.run([*command, "-d2s", url], capture_output=True, text=True, check=True)
    output = subprocess.run([*command, f"-d{seconds}s", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * factor, "non_2xx": int(errors.group(1)) if errors else 0}


def median_of(runs: list[dict], anchors: list[dict] | None = None) -> dict:
    """The median req/s and p99 of several runs, their range, and the median ratio to the anchor's runs."""
    rps = sorted(run["rps"] for run in runs)
    p99 = sorted(run["p99_ms"] for run in runs)
    summary = {
        "rps": statistics.median(rps),
        "p99_ms": statistics.median(p99),
        "spread": f"{rps[0]:.0f}-{rps[-1]:.0f} req/s, p99 {p99[0]:.1f}-{p99[-1]:.1f} ms",
    }
    if anchors:
        ratios = [run["rps"] / anchor["rps"] for run, anchor in zip(runs, anchors, strict=True)]
        summary["ratio"] = statistics.median(ratios)
    return summary


def rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its children, in MB."""
    pids, total = [root_pid], 0
    while pids:
        pid = pids.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            pids += [int(child) for child in children]
        except (FileNotFoundError, AttributeError, ProcessLookupError):
            continue
    return total / 1024


def granian(target: str, workers: int, port: int) -> list[str]:
    """The production server command (`manage.py serve`), on a loopback port."""
    return granian_command(
        workers=workers, host="127.0.0.1", port=port, connections=CONNECTIONS_PER_WORKER, target=target,
        extra=("--log-level", "warning", "--no-access-log"),
    )  # fmt: skip


class Site:
    def __init__(self, var_dir: Path, workers: int):
        self.var_dir = var_dir
        self.workers = workers
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings.production",
            "NEWSDESK_SECRET_KEY": "bench-" + os.urandom(32).hex(),
            "NEWSDESK_SSL_REDIRECT": "0",
            "NEWSDESK_VAR_DIR": str(var_dir),
            "NEWSDESK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSDESK_BASE_URL": f"http://127.0.0.1:{self.port}",
            "NEWSDESK_LOG_LEVEL": "WARNING",
        }
        self.process = None

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        ).stdout

    def build(self) -> None:
        log("bench: migrate, collectstatic, demo content")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("demo_load")
        # The site's hostname must match what wrk asks for.
        self.manage("shell", "-c", "from wagtail.models import Site; Site.objects.update(hostname='127.0.0.1')")

    def start(self) -> None:
        self.process = subprocess.Popen(
            granian("newsdesk.asgi:application", self.workers, self.port),
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(f"http://127.0.0.1:{self.port}/live/banner/")
        # The first visit makes the photo renditions; do it before measuring anything.
        fetch(f"http://127.0.0.1:{self.port}/")

    def stop(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)  # granian stops its workers
            self.process.wait(timeout=20)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class AsgiFloor:
    """granian, as the Site runs it, with bench/asgi_floor.py sending the given response."""

    def __init__(self, work: Path, workers: int, body: bytes, headers: dict):
        self.port = free_port()
        (work / "floor-body.html").write_bytes(body)
        # What the server adds itself (and urllib's Connection: close) is left to the server.
        added = ("server", "date", "connection")
        kept = [[name, value] for name, value in headers.items() if name.lower() not in added]
        (work / "floor-headers.json").write_text(json.dumps(kept))
        self.env = {
            **os.environ,
            "BENCH_FLOOR_BODY": str(work / "floor-body.html"),
            "BENCH_FLOOR_HEADERS": str(work / "floor-headers.json"),
        }
        self.workers = workers
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            granian("asgi_floor:application", self.workers, self.port),
            cwd=ROOT / "bench", env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.url("/"))

    def stop(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class Nginx:
    def __init__(self, work: Path, site: Site | None, static_root: Path | None, sendfile: bool = True):
        self.work = work
        self.port = free_port()
        (work / "logs").mkdir(parents=True, exist_ok=True)
        if site is not None:
            # The shipped config, filled in for this site as a deployment does it (README).
            addresses = ("--app", f"127.0.0.1:{site.port}", "--listen", f"127.0.0.1:{self.port}")
            server = site.manage("nginx_config", "--scheme", "http", *addresses)
        else:
            # The same file handling as the shipped config's server block, so the ratio is fair.
            server = (
                f"server {{ listen 127.0.0.1:{self.port}; root {static_root};"
                " open_file_cache max=10000 inactive=30s; open_file_cache_valid 1s; gzip_static on; }"
            )
        (work / "nginx.conf").write_text(
            f"""worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/logs/error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    {"sendfile on;  # as production nginx is set up; the anchor too, so the ratio is fair" if sendfile else ""}
    {"tcp_nopush on;" if sendfile else ""}
    default_type text/html;
    client_body_temp_path {work}/tmp-body;
    proxy_temp_path {work}/tmp-proxy;
    {server}
}}
"""
        )

    def start(self) -> None:
        # In the foreground, not as a daemon: see SCHEDULING in the docstring.
        self.process = subprocess.Popen(
            ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work), "-g", "daemon off;"]
        )
        deadline = time.monotonic() + 10
        while not (self.work / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work), "-s", "stop"], check=False)
        self.process.wait(timeout=20)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def article_path(site: Site) -> str:
    """The demo article with a photo, quotes and a video."""
    script = (
        "from newsdesk.articles.models import ArticlePage\n"
        "pages = [p for p in ArticlePage.objects.live().order_by('-first_published_at')"
        " if any(b.block_type == 'video' for b in p.body)]\n"
        "print((pages[0] if pages else ArticlePage.objects.live().first()).url)"
    )
    return site.manage("shell", "-c", script).strip().splitlines()[-1]


def publish_to_served_ms(site: Site, path: str, base_url: str, rounds: int) -> float:
    """Edit and republish the article through the services; the time from the commit until a
    reader asking every 10 ms first gets the new page; the worst of `rounds`."""
    timings = []
    for i in range(rounds):
        for _ in range(2):  # the page as readers have it: kept by every cache on the way
            fetch(base_url + path)
        marker = f"Bench edit {i} {os.urandom(3).hex()}"
        script = (
            "import time\n"
            "from django.db import transaction\n"
            "from newsdesk.articles.models import ArticlePage\n"
            f"page = ArticlePage.objects.get(url_path__endswith={path.split('/')[-2]!r} + '/')\n"
            f"page.standfirst = {marker!r}\n"
            "committed = []\n"
            "with transaction.atomic():\n"
            "    transaction.on_commit(lambda: committed.append(time.time()))  # first: the commit itself\n"
            "    page.save_revision().publish()\n"
            "print(committed[0])\n"
        )
        # The reader asks while the shell process runs: it takes a few hundred ms to exit.
        served = []

        def reader(marker=marker, served=served):
            deadline = time.time() + 30
            while time.time() < deadline:
                if marker.encode() in fetch(base_url + path)[2]:
                    served.append(time.time())
                    return
                time.sleep(0.01)

        asking = threading.Thread(target=reader)
        asking.start()
        published = float(site.manage("shell", "-c", script).split()[-1])
        asking.join()
        timings.append((served[0] - published) * 1000 if served else 30_000.0)
    return max(timings)


def page_weight_kb(site: Site, path: str) -> float:
    _, _, html = fetch(site.url(path))
    total = len(gzip.compress(html))
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        _, _, body = fetch(site.url(asset.decode()))
        total += len(gzip.compress(body))
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--publish-rounds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each figure; the median is reported")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"bench-pages needs {tool}: apt-get install wrk nginx-light")

    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-pages-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user and must read var/static
    site = Site(work / "var", args.workers)
    static_nginx = plain_nginx = fronting_nginx = floor = None
    try:
        site.build()
        site.start()
        path = article_path(site)
        log(f"bench: article {path}")
        status, article_headers, article_bytes = fetch(site.url(path))
        assert status == 200
        static_root = work / "static-root"
        static_root.mkdir()
        (static_root / "article.html").write_bytes(article_bytes)
        _, gzip_headers, gzip_bytes = fetch(site.url(path), {"Accept-Encoding": "gzip"})
        encoding = {name.lower(): value for name, value in gzip_headers.items()}.get("content-encoding")
        assert encoding == "gzip" and gzip.decompress(gzip_bytes) == article_bytes
        (static_root / "article.html.gz").write_bytes(gzip_bytes)

        (site.var_dir / "nginx-cache").mkdir(mode=0o777, exist_ok=True)
        (site.var_dir / "nginx-cache").chmod(0o777)
        static_nginx = Nginx(work / "nginx-static", None, static_root)
        static_nginx.start()
        # nginx as compiled, without sendfile: the level of the anchor (about 100,000 req/s).
        plain_nginx = Nginx(work / "nginx-plain", None, static_root, sendfile=False)
        plain_nginx.start()
        fronting_nginx = Nginx(work / "nginx-front", site, None)
        fronting_nginx.start()
        wait_for(fronting_nginx.url(path))
        # The app wrote the page's file on its first render; nginx sends it from there.
        sent_as = fetch(fronting_nginx.url(path))[1].get("X-Cache")
        log(f"bench: nginx in front sends the article as: X-Cache {sent_as}")
        floor = AsgiFloor(work, args.workers, article_bytes, article_headers)
        floor.start()

        load = {"seconds": args.seconds, "connections": args.connections}
        fetch(site.url(path))
        runs = {"anchor_cached": [], "cached": [], "floor": [], "anchor_fronted": [], "fronted": []}
        runs |= {"anchor_gzip": [], "fronted_gzip": [], "anchor_plain": []}
        accepts_gzip = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # as browsers ask
        rss = 0.0
        for round_number in range(1, args.rounds + 1):
            log(
                f"bench: round {round_number}: nginx static, app cached, nginx without sendfile, ASGI floor,"
                " nginx static, nginx in front,"
                " both again for readers accepting gzip"
            )
            runs["anchor_cached"].append(wrk(static_nginx.url("/article.html"), **load))
            runs["cached"].append(wrk(site.url(path), **load))
            rss = max(rss, rss_mb(site.process.pid))
            runs["anchor_plain"].append(wrk(plain_nginx.url("/article.html"), **load))
            runs["floor"].append(wrk(floor.url("/"), **load))
            runs["anchor_fronted"].append(wrk(static_nginx.url("/article.html"), **load))
            runs["fronted"].append(wrk(fronting_nginx.url(path), **load))
            runs["anchor_gzip"].append(wrk(static_nginx.url("/article.html"), headers=accepts_gzip, **load))
            runs["fronted_gzip"].append(wrk(fronting_nginx.url(path), headers=accepts_gzip, **load))
        anchor = median_of(runs["anchor_cached"] + runs["anchor_fronted"])
        cached = median_of(runs["cached"], runs["anchor_cached"])
        fronted = median_of(runs["fronted"], runs["anchor_fronted"])
        anchor_gzip = median_of(runs["anchor_gzip"])
        fronted_gzip = median_of(runs["fronted_gzip"], runs["anchor_gzip"])
        floor_figures = median_of(runs["floor"], runs["anchor_cached"])
        anchor_plain = median_of(runs["anchor_plain"])
        cached_of_plain = median_of(runs["cached"], runs["anchor_plain"])["ratio"]
        of_floor = median_of(runs["cached"], runs["floor"])["ratio"]
        log("bench: publish to served")
        publish_ms = publish_to_served_ms(site, path, site.url(""), args.publish_rounds)
        publish_nginx_ms = publish_to_served_ms(site, path, fronting_nginx.url(""), args.publish_rounds)
        # A link with a query string (a share, a campaign tag) has no file: nginx's micro-cache.
        shared_path = path + "?from=share"
        publish_nginx_query_ms = publish_to_served_ms(site, shared_path, fronting_nginx.url(""), args.publish_rounds)
        weight = page_weight_kb(site, path)

        # Uncached: the same server with its page cache off, so every request is
        # rendered by Django (its fragment cache and remembered routing on, as in
        # production). A reader with a session cookie, who also passes the page
        # cache, costs a session lookup more.
        log("bench: app uncached (every request rendered by Django)")
        site.stop()
        site.env["NEWSDESK_PAGE_CACHE"] = "0"
        site.start()
        fetch(site.url(path))
        # Not counted: each worker's first seconds under load (its templates compiled, its
        # first queries; p99 ~365 ms in the first 3 s, measured), a cost paid once at start.
        wrk(site.url(path), seconds=3, connections=args.connections)
        uncached_runs = []
        for _ in range(args.rounds):
            uncached_runs.append(wrk(site.url(path), **load))
            rss = max(rss, rss_mb(site.process.pid))
        uncached = median_of(uncached_runs)
        log("bench: app uncached, a reader with a session cookie")
        with_session = wrk(site.url(path), headers={"Cookie": "sessionid=bench-uncached"}, **load)
    finally:
        for server in (floor, fronting_nginx, plain_nginx, static_nginx, site):
            if server:
                server.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"article page: {len(article_bytes) / 1024:.1f} KB of HTML, {weight:.1f} KB compressed with CSS and JS")
    print(f"medians of {args.rounds} runs each; the ranges follow")
    print(f"nginx static (anchor):   {anchor['rps']:>10.0f} req/s  p99 {anchor['p99_ms']:.1f} ms  ({anchor['spread']})")
    print(
        f"app, cached:             {cached['rps']:>10.0f} req/s  p99 {cached['p99_ms']:.1f} ms"
        f"  = {cached['ratio']:.3f}x nginx (target >= 0.5x: {met(cached['ratio'] >= 0.5)})  ({cached['spread']})"
    )
    print(
        f"  ASGI floor (granian):  {floor_figures['rps']:>10.0f} req/s  p99 {floor_figures['p99_ms']:.1f} ms"
        f"  = {floor_figures['ratio']:.2f}x nginx; the cached page does {of_floor:.2f}x of it"
        f"  ({floor_figures['spread']})"
    )
    print(
        f"  nginx without sendfile: {anchor_plain['rps']:>8.0f} req/s (nginx as compiled, the issue's anchor level);"
        f" the cached page does {cached_of_plain:.3f}x of it  ({anchor_plain['spread']})"
    )
    print(
        f"nginx in front of app:   {fronted['rps']:>10.0f} req/s  p99 {fronted['p99_ms']:.1f} ms"
        f"  = {fronted['ratio']:.3f}x nginx (target >= 0.9x: {met(fronted['ratio'] >= 0.9)})  ({fronted['spread']})"
    )
    print(
        f"  readers accepting gzip: {fronted_gzip['rps']:>8.0f} req/s  p99 {fronted_gzip['p99_ms']:.1f} ms"
        f"  = {fronted_gzip['ratio']:.2f}x nginx serving the same compressed page,"
        f" {anchor_gzip['rps']:.0f} req/s  ({fronted_gzip['spread']})"
    )
    print(
        f"app, uncached:           {uncached['rps']:>10.0f} req/s  p99 {uncached['p99_ms']:.1f} ms"
        f"  = {uncached['rps'] / anchor['rps']:.4f}x nginx"
        f" (target >= 800 req/s, p99 <= 50 ms: {met(uncached['rps'] >= 800 and uncached['p99_ms'] <= 50)})"
        f"  ({uncached['spread']})"
    )
    print(f"  with a session cookie: {with_session['rps']:>10.0f} req/s  p99 {with_session['p99_ms']:.1f} ms")
    print(
        f"publish to served:       {publish_ms:.0f} ms"
        f" (worst of {args.publish_rounds}; target <= 1000 ms: {met(publish_ms <= 1000)})"
    )
    print(f"  through nginx in front: {publish_nginx_ms:.0f} ms (worst of {args.publish_rounds})")
    print(f"  the same with a query string (nginx's micro-cache): {publish_nginx_query_ms:.0f} ms")
    print(f"server memory under load: {rss:.0f} MB RSS ({args.workers} workers)")
    print(
        json.dumps(
            {
                "bench": "pages",
                "nginx_static_rps": round(anchor["rps"]),
                "app_cached_rps": round(cached["rps"]),
                "app_cached_ratio": round(cached["ratio"], 3),
                "app_cached_p99_ms": round(cached["p99_ms"], 2),
                "asgi_floor_rps": round(floor_figures["rps"]),
                "asgi_floor_ratio": round(floor_figures["ratio"], 3),
                "app_cached_of_floor": round(of_floor, 3),
                "nginx_static_no_sendfile_rps": round(anchor_plain["rps"]),
                "app_cached_of_nginx_no_sendfile": round(cached_of_plain, 3),
                "nginx_fronted_rps": round(fronted["rps"]),
                "nginx_fronted_ratio": round(fronted["ratio"], 3),
                "nginx_static_gzip_rps": round(anchor_gzip["rps"]),
                "nginx_fronted_gzip_rps": round(fronted_gzip["rps"]),
                "nginx_fronted_gzip_ratio": round(fronted_gzip["ratio"], 3),
                "nginx_fronted_gzip_p99_ms": round(fronted_gzip["p99_ms"], 2),
                "uncached_rps": round(uncached["rps"], 1),
                "uncached_p99_ms": round(uncached["p99_ms"], 2),
                "uncached_session_rps": round(with_session["rps"], 1),
                "uncached_session_p99_ms": round(with_session["p99_ms"], 2),
                "publish_to_served_ms": round(publish_ms, 1),
                "publish_to_served_nginx_ms": round(publish_nginx_ms, 1),
                "publish_to_served_nginx_query_ms": round(publish_nginx_query_ms, 1),
                "page_kb_compressed": round(weight, 2),
                "server_rss_mb": round(rss, 1),
                "rounds": args.rounds,
            }
        )
    )


if __name__ == "__main__":
    main()
