"""After a change, the pages readers asked for first are rendered again into the new page files (reader/pagewarm.py).

tests/test_nginx.py checks that nginx then sends the new page from its file."""

import asyncio
import time

from newsdesk.reader.pagecache import FileGeneration, LRUStore, PageCacheMiddleware
from newsdesk.reader.pagefiles import PageFiles

from .test_pagecache import FakeDjango, request
from .test_pagefiles import HOST, written


class RecordingDjango(FakeDjango):
    """FakeDjango that keeps the request headers of each render."""

    def __init__(self, fail_on=(), seconds=0.0):
        super().__init__()
        self.asked = []
        self.fail_on = fail_on
        self.seconds = seconds  # how long a render takes

    async def __call__(self, scope, receive, send):
        self.asked.append((scope["path"], scope["headers"]))
        if scope["path"] in self.fail_on:
            raise RuntimeError("the database went away")
        await asyncio.sleep(self.seconds)
        return await super().__call__(scope, receive, send)


def make(inner, generation, files, pages=16, seconds=600.0):
    store = LRUStore(100, 10_000_000)
    return PageCacheMiddleware(
        inner, store=store, generation=generation, files=files, warm_pages=pages, warm_seconds=seconds
    )


def change_elsewhere_and_watch(app, generation, files, until, timeout=3.0):
    """Another process makes a change; this process's watcher follows it, as under `serve`,
    until `until(written pages)` holds; the pages written then."""

    async def scenario():
        watcher = asyncio.create_task(files.watch(generation, interval=0.01, on_change=app.warmer.changed))
        await asyncio.sleep(0.05)
        FileGeneration(generation.path, check_seconds=0).bump()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until(pages()):
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # anything more it would do
        watcher.cancel()
        return pages()

    def pages():
        return [path for path in written(files) if not path.endswith(".gz")]

    return asyncio.run(scenario())


def test_the_pages_readers_asked_for_first_are_in_the_new_folder_before_anyone_asks(generation, files):
    inner = RecordingDjango()
    app = make(inner, generation, files, pages=2)
    reader = [HOST, ("x-forwarded-proto", "https"), ("user-agent", "Reader/1.0"), ("x-forwarded-for", "203.0.113.9")]
    request(app, "/world/harbour/", headers=[*reader, ("cookie", "newsdesk_text_size=lg; _ga=GA1.2.3")])
    request(app, "/", headers=[HOST])
    request(app, "/world/third/", headers=[HOST])  # asked after the first two: not remembered
    renders = len(inner.asked)

    pages = change_elsewhere_and_watch(app, generation, files, until=lambda pages: len(pages) >= 2)

    assert sorted(path.split("/", 2)[2] for path in pages) == ["index.html", "world/harbour/index,lg,.html"]
    warmed = inner.asked[renders:]
    assert sorted(path for path, _ in warmed) == ["/", "/world/harbour/"]
    # The page as that reader saw it (site, scheme, text size), without what is theirs alone.
    assert dict(warmed)["/world/harbour/"] == [
        (b"host", b"news.example.org:8000"),
        (b"x-forwarded-proto", b"https"),
        (b"cookie", b"newsdesk_text_size=lg"),
    ]
    # And the process keeps them: the next reader gets a hit.
    assert request(app, "/", headers=[HOST])[1][b"x-cache"] == b"HIT"


def test_a_warmed_page_is_warmed_again_but_not_past_the_last_time_a_reader_asked(generation, files):
    inner = RecordingDjango()
    app = make(inner, generation, files, seconds=2.0)
    request(app, "/world/harbour/", headers=[HOST])
    time.sleep(0.5)

    assert change_elsewhere_and_watch(app, generation, files, until=bool)  # warmed: the reader asked 0.5 s ago
    time.sleep(1.4)
    renders = len(inner.asked)
    # Two seconds after the reader asked, though it was warmed since: warm-ups are not readers.
    assert change_elsewhere_and_watch(app, generation, files, until=bool, timeout=0.3) == []
    assert len(inner.asked) == renders
    request(app, "/world/harbour/", headers=[HOST])  # a reader asks again: it is back on the list
    assert change_elsewhere_and_watch(app, generation, files, until=bool)


def test_a_page_another_process_has_written_is_not_rendered_again(generation, files):
    inner = RecordingDjango()
    app = make(inner, generation, files)
    request(app, "/world/harbour/", headers=[HOST])
    [old_file] = [path for path in written(files) if path.endswith("index.html")]
    generation.bump()
    asyncio.run(generation.current())
    token = generation.seen
    files.follow(token)
    # Another process of this machine rendered it under the new generation first.
    (files.root / f"gen-{token}" / old_file).parent.mkdir(parents=True)
    (files.root / f"gen-{token}" / old_file).write_bytes(b"theirs")
    renders = len(inner.asked)

    assert asyncio.run(app.warmer.warm(token)) == 0
    assert len(inner.asked) == renders


def test_two_processes_that_both_remember_a_page_render_it_once(generation, files):
    inners = [RecordingDjango(seconds=0.05), RecordingDjango(seconds=0.05)]
    # Two server processes of one machine: each its own page cache, the same page files.
    apps = [make(inner, generation, PageFiles(files.root)) for inner in inners]
    for app in apps:
        request(app, "/world/harbour/", headers=[HOST])
    generation.bump()
    asyncio.run(generation.current())
    token = generation.seen
    for app in apps:
        app.files.follow(token)

    async def both():
        return await asyncio.gather(*(app.warmer.warm(token) for app in apps))

    assert sorted(asyncio.run(both())) == [0, 1]
    assert sum(len(inner.asked) for inner in inners) == 3


def test_a_warm_up_render_waits_for_the_readers_render_under_way(generation, files):
    """Two renders at once share the GIL: the reader's goes first."""
    inner = RecordingDjango()
    busy_until = []
    app = make(inner, generation, files)
    app.warmer.readers_busy = lambda: time.monotonic() < busy_until[0]
    request(app, "/world/harbour/", headers=[HOST])
    generation.bump()
    asyncio.run(generation.current())
    files.follow(generation.seen)
    busy_until.append(time.monotonic() + 0.15)

    async def warm_timed():
        await app.warmer.warm(generation.seen)
        return time.monotonic()

    assert asyncio.run(warm_timed()) >= busy_until[0]
    # And never for long: a rush keeps the reader thread busy.
    busy_until[0] = time.monotonic() + 60
    generation.bump()
    asyncio.run(generation.current())
    files.follow(generation.seen)
    started = time.monotonic()
    assert asyncio.run(app.warmer.warm(generation.seen)) == 1
    assert time.monotonic() - started < 1


def test_a_page_that_fails_to_render_is_left_to_readers_and_the_others_are_warmed(generation, files, caplog):
    inner = RecordingDjango()
    app = make(inner, generation, files)
    for path in ("/world/harbour/", "/world/port/"):
        request(app, path, headers=[HOST])
    inner.fail_on = {"/world/harbour/"}

    pages = change_elsewhere_and_watch(app, generation, files, until=bool)

    assert [path.rsplit("/", 2)[1] for path in pages] == ["port"]
    assert "cannot render /world/harbour/" in caplog.text


def test_with_warm_up_off_nothing_is_remembered(generation, files):
    app = make(FakeDjango(), generation, files, pages=0)
    request(app, "/world/harbour/", headers=[HOST])
    assert app.warmer is None
    assert written(files)  # the page files work as before
