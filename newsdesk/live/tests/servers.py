"""Real servers for the live tests: a migrated site, uvicorn processes on it,
the CLI and the HTTP API against it, and a small Server-Sent Events client.

The stream only exists under ASGI (newsdesk/live/stream.py, served by
newsdesk.asgi in front of Django, one long-lived response per reader), so it is
tested against uvicorn in a subprocess, as it is served."""

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
from newsdesk.accounts import roles
from newsdesk.accounts.services import user_create
from wagtail.models import APIToken
editor = user_create(username="editor", password="correct-horse-battery", role=roles.EDITORS)
reporter = user_create(username="reporter", password="correct-horse-battery", role=roles.REPORTERS)
print(APIToken.create_token(user=editor, name="tests")[1])
print(APIToken.create_token(user=reporter, name="tests")[1])
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    """A migrated database with an editor and a reporter, each with an API token."""

    env: dict
    editor_token: str = ""
    reporter_token: str = ""

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=check,
        )

    def set_up(self, *, migrated: bool = False) -> "Site":
        if not migrated:
            _sqlite_migrated(Path(self.env["NEWSDESK_VAR_DIR"]))
        tokens = self.manage("shell", "-v", "0", "-c", SETUP).stdout.split()
        self.editor_token, self.reporter_token = tokens[-2], tokens[-1]
        return self


def migrations_digest() -> str:
    """Names a migrated template database: changes whenever a migration does."""
    import django
    import wagtail

    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    for migration in sorted(ROOT.glob("newsdesk/*/migrations/*.py")):
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:16]


def _sqlite_migrated(var_dir: Path) -> None:
    """Copy in a migrated SQLite database, migrating a template once per set of migrations.

    Migrating takes 15-20 s; the template makes every later run start at once."""
    template = Path(tempfile.gettempdir()) / f"newsdesk-live-tests-{migrations_digest()}.sqlite3"
    if not template.exists():
        with tempfile.TemporaryDirectory() as build:
            Site(env=site_env(NEWSDESK_VAR_DIR=build)).manage("migrate", "--noinput", "-v", "0")
            shutil.copyfile(Path(build) / "newsdesk.sqlite3", f"{template}.{os.getpid()}")
            os.replace(f"{template}.{os.getpid()}", template)
    shutil.copyfile(template, var_dir / "newsdesk.sqlite3")


def site_env(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEWSDESK_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "newsdesk.settings.test", "PYTHONUNBUFFERED": "1"})
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(overrides)
    return env


def wait_until_answering(process: subprocess.Popen, base_url: str, name: str, timeout: float) -> None:
    """Until the server started as `process` answers on base_url; RuntimeError if it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/live/banner/", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer within {timeout} s")


@dataclass
class Server:
    """uvicorn serving newsdesk.asgi in a subprocess: one ASGI process, as in the demo."""

    site: Site
    env: dict = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    uvicorn_args: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "newsdesk.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "1",
                *self.uvicorn_args,
            ],
            cwd=ROOT,
            env={**self.site.env, **self.env},
        )
        wait_until_answering(self.process, self.base_url, "uvicorn", timeout=30)
        return self

    def stop(self, *, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def threads(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/task"))

    def api(self, method: str, path: str, body=None, token: str | None = None, raw: bytes | None = None):
        """(status, parsed JSON) of an API call."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def publish(self, text: str, **fields) -> dict:
        status, alert = self.api("POST", "/api/alerts/", {"text": text, **fields}, token=self.site.editor_token)
        assert status == 201, alert
        return alert


@dataclass
class ProductionServer:
    """`manage.py serve` in a subprocess: granian with several workers, as deployed
    (docs/decisions/0016), in a process group of its own so its workers stop with it."""

    site: Site
    workers: int = 2
    env: dict = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    preexec_fn: object = None  # run in the child before it starts (an open-files limit, say)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "ProductionServer":
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "serve", "--workers", str(self.workers), "--port", str(self.port)],
            cwd=ROOT,
            env={**self.site.env, "GRANIAN_LOG_LEVEL": "warning", **self.env},
            stdout=subprocess.DEVNULL,
            preexec_fn=self.preexec_fn,  # noqa: PLW1509 - no threads start before exec
            start_new_session=True,
        )
        try:
            wait_until_answering(self.process, self.base_url, "manage.py serve", timeout=timeout)
        except RuntimeError:
            self.kill()
            raise
        return self

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def memory_kb(self) -> int:
        """Resident memory of the server and its workers."""
        total = 0
        for pid in (self.process.pid, *self.worker_pids()):
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
        return total

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, as a service manager stops it; the group is killed if it outlasts `timeout`."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@dataclass
class Event:
    id: str | None = None
    event: str = "message"
    data: str = ""
    comment: str | None = None
    retry: int | None = None

    @property
    def json(self):
        return json.loads(self.data)


class SSEClient:
    """Reads one Server-Sent Events stream, event by event, as a browser would parse it."""

    def __init__(self, base_url: str, *, last_event_id=None, query: str = "", path: str = "/live/stream/"):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.connection.request("GET", path + query, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())

    def next(self, timeout: float = 5.0) -> Event:
        """The next event or comment block; raises TimeoutError when none comes in time."""
        self.connection.sock.settimeout(timeout)
        event, seen = Event(), False
        while True:
            try:
                line = self.response.readline()
            except TimeoutError as error:
                raise TimeoutError("no event in time") from error
            if not line:
                raise ConnectionError("the stream ended")
            line = line.decode().rstrip("\r\n")
            if not line:
                if seen:
                    return event
                continue
            seen = True
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "":
                event.comment = value
            elif name == "data":
                event.data = f"{event.data}\n{value}" if event.data else value
            elif name == "id":
                event.id = value
            elif name == "event":
                event.event = value
            elif name == "retry":
                event.retry = int(value)

    def until(self, type: str, timeout: float = 5.0) -> tuple[Event, list[Event]]:
        """Read up to the first event of `type`; returns it and the events before it."""
        deadline = time.monotonic() + timeout
        before = []
        while True:
            event = self.next(max(deadline - time.monotonic(), 0.01))
            if event.event == type and event.comment is None:
                return event, before
            before.append(event)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


STORY_CREATE = """
from newsdesk.articles.services import article_create, section_get_or_create
section = section_get_or_create(title="Live coverage")
article = article_create(section=section, title={title!r}, standfirst="Follow the storm as it happens.",
                         body=[("paragraph", "<p>The storm reached the coast overnight.</p>")])
article.is_live_story = True
article.save_revision().publish()
print(article.pk, article.url)
"""

UPDATE_POST = """
import time
from django.contrib.auth import get_user_model
from newsdesk.articles.models import ArticlePage
from newsdesk.live.services import live_update_post
editor = get_user_model().objects.get(username="editor")
update = live_update_post(page=ArticlePage.objects.get(pk={page_id}), body=[("paragraph", {html!r})],
                          pinned={pinned!r}, user=editor)
print(update.pk, time.time())
"""


def story_create(site: Site, title: str) -> tuple[int, str]:
    """A published live story in the site's database: (page id, path)."""
    page_id, url = site.manage("shell", "-v", "0", "-c", STORY_CREATE.format(title=title)).stdout.split()[-2:]
    return int(page_id), url


def update_post(site: Site, page_id: int, text: str, *, pinned: bool = False) -> tuple[int, float]:
    """Post an update through the service from the CLI: (update id, wall-clock time it was committed)."""
    script = UPDATE_POST.format(page_id=page_id, html=f"<p>{text}</p>", pinned=pinned)
    update_id, committed = site.manage("shell", "-v", "0", "-c", script).stdout.split()[-2:]
    return int(update_id), float(committed)


UPDATE_CHANGE = """
from django.contrib.auth import get_user_model
from newsdesk.live.models import LiveUpdate
from newsdesk.live.services import live_update_correct, live_update_delete
editor = get_user_model().objects.get(username="editor")
update = LiveUpdate.objects.get(pk={update_id})
if {text!r}:
    live_update_correct(update=update, body=[("paragraph", "<p>" + {text!r} + "</p>")], note={note!r}, user=editor)
else:
    live_update_delete(update=update, user=editor)
"""


def update_correct(site: Site, update_id: int, text: str, note: str) -> None:
    site.manage("shell", "-v", "0", "-c", UPDATE_CHANGE.format(update_id=update_id, text=text, note=note))


def update_delete(site: Site, update_id: int) -> None:
    site.manage("shell", "-v", "0", "-c", UPDATE_CHANGE.format(update_id=update_id, text="", note=""))


def readers_ready(servers) -> list[SSEClient]:
    """A reader on each server, once its stream has said it is ready."""
    readers = []
    for server in servers:
        reader = SSEClient(server.base_url)
        reader.until("ready")
        readers.append(reader)
    return readers


def slowest_delay(readers, type: str, since: float) -> tuple[float, list]:
    """The slowest reader's delay to an event of `type`, and the events the readers got."""
    events = [reader.until(type, timeout=3)[0] for reader in readers]
    return time.monotonic() - since, events


def check_alerts_reach_every_process(site: Site, env: dict, *, within: float) -> None:
    """Two server processes with `env`, two readers on each: an alert published through
    the first, one from the command line, and its withdrawal through the second reach
    every reader within `within` seconds, with the same log id everywhere."""
    story = "https://example.org/story"
    servers = [Server(site, env=env).start() for _ in range(2)]
    readers = []
    try:
        readers = readers_ready(servers * 2)

        published = time.monotonic()
        servers[0].publish("Published through process one", url=story)
        delay, _ = slowest_delay(readers, "alert", published)
        assert delay < within

        cli = Site(env={**site.env, **env})
        cli.manage("alert_publish", "Published from the command line", "--url", story, "--user", "editor")
        published = time.monotonic()
        delay, events = slowest_delay(readers, "alert", published)
        assert delay < within
        assert {event.json["alert"]["text"] for event in events} == {"Published from the command line"}
        assert len({event.id for event in events}) == 1  # the same log id on every process

        published = time.monotonic()
        alert_id = events[0].json["alert"]["id"]
        status, _ = servers[1].api("POST", f"/api/alerts/{alert_id}/withdraw/", token=site.editor_token)
        assert status == 200
        delay, _ = slowest_delay(readers, "cleared", published)
        assert delay < within
    finally:
        for reader in readers:
            reader.close()
        for server in servers:
            server.stop()
