"""Pages the page cache keeps, also written as files for nginx on the same machine to send.

nginx's proxy cache answered a hit at 0.81-0.90x of nginx sending the same bytes
from a file, with a p99 of 7.5-8 ms against 3-4, whatever the config (decision
0014). So the pages the app keeps are also written where the shipped nginx config
(`manage.py nginx_config`) looks for them with `try_files`: a reader's page then
goes out as a static file does, and anything without a file (a page not rendered
yet in this generation, a query string, an editor's session) goes on through the
proxy to the app, as before.

Layout, under ``VAR_DIR/page-files/``::

    current -> gen-<token>                    a symlink, swapped atomically
    gen-<token>/<headers>/<host>/<path>/index.html, index.html.gz

``<token>`` is the shared page-cache generation: any change readers see bumps it,
every server process then points ``current`` at a new, empty folder (at once in
the process that made the change, within NEWSDESK_PAGE_CACHE_CHECK_SECONDS in the
others), and nginx stops sending the old files when its open-file cache next
checks them (1 s); the pages readers asked for first are written again into the
new folder before that (reader/pagewarm.py). ``<headers>`` is a digest of the
headers the page is sent with (Content-Security-Policy with the stylesheet's
hash, Cache-Control...): nginx adds headers of its own config, written with
their digest, so a page whose headers differ from that config's (a new
stylesheet, a config not regenerated) lies where nginx never looks, and goes
through the app with its own headers.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import logging
import os
import re
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

# What nginx sets itself for a file (or must not copy from the app's response).
NOT_COPIED = frozenset(
    (b"content-length", b"content-encoding", b"content-type", b"etag", b"vary", b"x-cache", b"date", b"server")
)
CONTENT_TYPE = b"text/html; charset=utf-8"
# Cookies a page varies on (reader/pagecache.py VARY_COOKIES, in that order), and
# the values that get a file of their own: the same rules as the map in the nginx config.
TEXT_SIZE = re.compile(r"(?:xs|sm|md|lg)?")
DISMISSED_ALERTS = re.compile(r"(?:[0-9]{1,12}(?:\.[0-9]{1,12}){0,19})?")
# Paths made of slug-like segments ending in a slash: what nginx's $uri gives back the same.
PAGE_PATH = re.compile(r"/(?:[\w-][\w.-]{0,199}/){0,20}")
HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*")
MAX_FILES = 5000  # per process and generation, as many as the page cache keeps in memory


def headers_digest(headers) -> str:
    """A short digest of the headers nginx must add to a page sent from a file."""
    copied = sorted((name.lower(), value) for name, value in copied_headers(headers))
    return hashlib.sha256(repr(copied).encode()).hexdigest()[:16]


def copied_headers(headers) -> list[tuple[str, str]]:
    """The headers nginx adds itself to a page sent from a file, as (name, value) strings."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in _as_bytes(headers)
        if name.lower() not in NOT_COPIED
    ]


def _as_bytes(headers):
    for name, value in headers:
        yield (
            name.encode("latin-1") if isinstance(name, str) else name,
            value.encode("latin-1") if isinstance(value, str) else value,
        )


def file_name(text_size: str, dismissed: str) -> str | None:
    """The file for a reader with these cookies, or None when nginx would not look for one."""
    if not TEXT_SIZE.fullmatch(text_size) or not DISMISSED_ALERTS.fullmatch(dismissed):
        return None
    return "index.html" if not text_size and not dismissed else f"index,{text_size},{dismissed}.html"


def host_name(host_header: bytes) -> str | None:
    """The host as nginx's $host has it (lower case, no port), or None for one we don't write."""
    host = host_header.decode("latin-1").lower().partition(":")[0].removesuffix(".")
    return host if HOST.fullmatch(host) else None


class PageFiles:
    """The page files of this machine, written and switched by each server process."""

    def __init__(self, root: Path, max_files: int = MAX_FILES):
        self.root = Path(root)
        self.max_files = max_files
        self.current: str | None = None  # the generation this process last pointed nginx at
        self.written = 0
        self._left = collections.deque(maxlen=64)  # the generations it has left, newest last

    def follow(self, token: str) -> bool:
        """Point nginx at the folder of generation `token`, fresh from the shared
        number (just read, or just bumped), unless this process has already left
        it: a render that began before a change this process made, say. Whether
        nginx now looks in that folder."""
        if token == self.current:
            return True
        if token in self._left:
            return False
        folder = f"gen-{token}"
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        link = self.root / f".current.{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(folder)
        os.replace(link, self.root / "current")  # atomic: nginx sees the old folder or the new one
        if self.current is not None:
            self._left.append(self.current)
        self.current, self.written = token, 0
        return True

    def prune(self) -> None:
        """Delete the folders of generations nobody points at any more."""
        try:
            keep = {os.readlink(self.root / "current"), f"gen-{self.current}"}
        except OSError:
            return
        for folder in self.root.glob("gen-*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def write(self, *, token: str, host_header: bytes, path: str, cookies: tuple[str, str], entry) -> Path | None:
        """Write a kept page for nginx, if nginx would look for it; the file, or None."""
        if token != self.current or self.written >= self.max_files or entry.status != 200:
            return None
        name = file_name(*cookies)
        host = host_name(host_header)
        if name is None or host is None or not PAGE_PATH.fullmatch(path) or len(path) > 1024:
            return None
        content_type = next((value for key, value in entry.headers if key.lower() == b"content-type"), None)
        if content_type != CONTENT_TYPE:
            return None
        folder = self.root / f"gen-{token}" / headers_digest(entry.headers) / host / path.strip("/")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # The compressed copy first: nginx looks for it only once the plain file is there.
            if entry.gzip_body is not None:
                _write_atomically(folder / f"{name}.gz", entry.gzip_body)
            else:
                (folder / f"{name}.gz").unlink(missing_ok=True)
            _write_atomically(folder / name, entry.body)
        except OSError as error:  # a full disk costs speed, never a page: nginx asks the app
            logger.warning("Page files: cannot write %s (%s)", folder / name, error)
            return None
        self.written += 1
        return folder / name

    async def watch(self, generation, interval: float, on_change=None) -> None:
        """Follow the shared generation from this process, as long as it runs: a
        process nginx sends no request to (its pages all go out from files) would
        otherwise never notice a change made on another machine. `on_change(token)`
        is called when nginx is pointed at a new generation, by this loop or by the
        change this process made (reader/pagewarm.py)."""
        pruned = None
        while True:
            try:
                await generation.current()
                self.follow(generation.seen)
                if self.current != pruned:
                    if on_change is not None and pruned is not None:
                        on_change(self.current)
                    await asyncio.to_thread(self.prune)
                    pruned = self.current
            except OSError as error:
                logger.warning("Page files: cannot switch to the new generation (%s)", error)
            await asyncio.sleep(interval)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as file:
        os.fchmod(file.fileno(), 0o644)  # nginx's workers run as another user
        file.write(data)
    os.replace(tmp, path)


_page_files = None


def page_files_get() -> PageFiles | None:
    """This process's page files, or None when NEWSDESK_PAGE_FILES is off."""
    global _page_files
    from django.conf import settings

    if not settings.NEWSDESK_PAGE_FILES:
        return None
    if _page_files is None:
        _page_files = PageFiles(settings.VAR_DIR / "page-files")
    return _page_files


def probe_headers(*, scheme: str = "https") -> list[tuple[str, str]]:
    """The headers a public page gets from this deployment's middleware.

    Asked of Django itself, with a page that does not exist (a reader's 404 goes
    through the same middleware as an article), so this needs the database but no
    content; over `scheme` as nginx forwards it (X-Forwarded-Proto), since pages
    over HTTPS carry Strict-Transport-Security."""
    import io
    import sys

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIRequest

    from newsdesk.reader.routing import WSGIHandler

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", ".")), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/page-files-probe-a-page-that-does-not-exist/",
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": scheme,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.errors": sys.stderr,
    }
    not_found_logger = logging.getLogger("django.request")
    level = not_found_logger.level
    not_found_logger.setLevel(logging.ERROR)  # the probe's 404 is expected
    try:
        # The middleware and view, as Wagtail's previews ask for a page: without the
        # request signals, which would recycle the caller's database connection.
        response = WSGIHandler().get_response(WSGIRequest(environ))
    finally:
        not_found_logger.setLevel(level)
    headers = list(response.items())
    names = {name.lower() for name, _ in headers}
    if response.status_code != 404 or response.cookies or "cache-control" not in names:
        raise RuntimeError(
            f"A public page answered {response.status_code} with headers {sorted(names)}: is the database migrated?"
        )
    return headers


def nginx_site_config(*, app: str, listen: str, scheme: str, template: Path, var_dir: Path) -> str:
    """The shipped nginx site config with this deployment's addresses, folders and page headers."""
    headers = probe_headers(scheme=scheme)
    digest = headers_digest(headers)
    # nginx keys its micro-cache by where `current` points: it must exist before the app
    # first starts, and with page files off (then it stays, and the key with it).
    page_files = PageFiles(var_dir / "page-files")
    if not (page_files.root / "current").exists():
        from .pagecache import generation_token

        page_files.follow(generation_token())
    lines = []
    for name, value in copied_headers(headers):
        if any(char in value for char in '"$\\\n'):
            raise ValueError(f"nginx cannot be given the header {name}: {value!r}")
        lines.append(f'add_header {name} "{value}";')
    markers = {
        "@@PAGE_HEADERS@@": "\n        ".join(lines),
        "@@PAGE_FILES@@": str(var_dir / "page-files" / "current" / digest),
        "@@APP@@": app,
        "@@LISTEN@@": listen,
        "@@VAR@@": str(var_dir),
    }
    filled = []
    for line in template.read_text().splitlines(keepends=True):
        if not line.lstrip().startswith("#"):  # the comments name the markers
            for marker, value in markers.items():
                line = line.replace(marker, value)
        filled.append(line)
    return "".join(filled)
