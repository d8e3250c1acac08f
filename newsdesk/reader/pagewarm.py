"""After a change, the pages readers asked for first are rendered again before they ask.

Any change readers see starts a new generation: nginx then finds no page files and
its next request for each page goes to the app, which renders it. nginx looks at a
page's file again at the first request of each new second (its open-file cache
counts whole seconds), so a page it sends from a file is at most that second old;
but the render that follows its look came on top, with every fragment cold after
the change, and took a page past the second now and then (1,136 ms from the commit
once in 30 publishes, measured). And at that moment every reader of a hot page
asked the app at once.

So each server process remembers the pages readers asked it for first after each
change (the hot ones: a rush asks for them within milliseconds), and when the next
change comes, renders them again into the new generation's folder, at once, one
after another on its own task, on the general threads, not the readers' (bridge.py).
A page whose file another process has written, or is writing, is skipped. A page
nobody has asked the app for in ``seconds`` is dropped: with nginx sending a warmed
page from its file, the app hears of it again only when a change lands before its
warm-up is done, so a page read all day is still skipped once in a while, and
rendered on demand as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from newsdesk.bridge import BACKGROUND

from .pagecache import VARY_COOKIES

logger = logging.getLogger(__name__)

# What a page may depend on besides its cookies: the site it is on and the scheme nginx was asked on.
REPLAYED_HEADERS = (b"host", b"x-forwarded-proto")
# How long a warm-up render waits for the readers' renders under way (a rush keeps the reader thread busy).
READERS_FIRST_SECONDS = 0.25


@dataclass(slots=True)
class Asked:
    scope: dict  # the request to make again
    file: Path  # where its page file lies, within a generation's folder
    at: float  # when a reader last asked the app for it (time.monotonic)


class PageWarmer:
    """The pages of one server process to render again after a change."""

    def __init__(self, app, files, *, pages: int, seconds: float, readers_busy=None):
        self.app = app  # the page cache, whose misses keep the page and write its file
        self.files = files
        # Whether a reader's render is under way in this process (bridge.py), or None.
        self.readers_busy = readers_busy
        self.pages = pages
        self.seconds = seconds
        self._asked: OrderedDict[tuple, Asked] = OrderedDict()  # least recently asked first
        self._token = None  # the generation the count below is for
        self._added = 0
        self._task = None  # the warm-up under way: the event loop keeps only a weak reference

    def asked(self, key, scope, token: str, written: Path) -> None:
        """A reader's request made this process write `written`, the file of page `key`, in generation `token`."""
        if scope.get(BACKGROUND):  # one of ours
            return
        now = time.monotonic()
        known = self._asked.get(key)
        if known is not None:
            known.at = now
            self._asked.move_to_end(key)
            return
        if token != self._token:
            self._token, self._added = token, 0
        if self._added >= self.pages:  # only the first asked after a change: the long tail comes later
            return
        self._added += 1
        self._asked[key] = Asked(_replay(scope, key), written.relative_to(self.files.root / f"gen-{token}"), now)
        while len(self._asked) > self.pages:
            self._asked.popitem(last=False)

    def changed(self, token: str) -> None:
        """The page files follow generation `token` now: render the remembered pages into it."""
        if self._asked:
            self._task = asyncio.get_running_loop().create_task(self.warm(token))

    async def warm(self, token: str) -> int:
        """Render the remembered pages under `token`, the most recently asked first; how many."""
        rendered = 0
        oldest = time.monotonic() - self.seconds
        for key, asked in reversed(list(self._asked.items())):
            if self.files.current != token:
                break  # another change: its own warm-up takes over
            if asked.at < oldest:
                self._asked.pop(key, None)  # asked() may have let it go meanwhile
                continue
            await self._after_readers()
            if not self._claim(token, asked.file):
                continue  # another process, or a reader, got there first
            try:
                await self.app(asked.scope, _no_body, _discard)
            except Exception:
                logger.exception("Page warm-up: cannot render %s", asked.scope.get("path"))
                continue
            rendered += 1
        return rendered

    async def _after_readers(self) -> None:
        """Let the readers' render under way finish first: two renders at once share the
        GIL, and the reader's would take twice as long. Not past READERS_FIRST_SECONDS."""
        if self.readers_busy is None:
            return
        deadline = time.monotonic() + READERS_FIRST_SECONDS
        while self.readers_busy() and time.monotonic() < deadline:
            await asyncio.sleep(0.002)

    def _claim(self, token: str, file: Path) -> bool:
        """Whether this process is the one to render `file` into generation `token`:
        not when the file is there already, nor when another process has claimed it."""
        folder = self.files.root / f"gen-{token}"
        claim = folder / ".warming" / hashlib.sha256(str(file).encode()).hexdigest()
        try:
            if (folder / file).exists():
                return False
            claim.parent.mkdir(exist_ok=True)  # beside the header digests: nginx never looks here
            os.close(os.open(claim, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError:  # claimed already; or the folder is gone, with its generation
            return False
        return True


def _replay(scope, key) -> dict:
    """The request a reader made, without what is theirs alone."""
    _, _, _, cookies = key
    headers = [(name, value) for name, value in scope["headers"] if name in REPLAYED_HEADERS]
    cookie = "; ".join(f"{name}={value}" for name, value in zip(VARY_COOKIES, cookies, strict=True) if value)
    if cookie:
        headers.append((b"cookie", cookie.encode("latin-1")))
    return {**scope, "method": "GET", "query_string": b"", "headers": headers, BACKGROUND: True}


async def _no_body():
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message) -> None:
    return None
