"""The shipped nginx config (deploy/nginx/newsdesk.conf, as `manage.py nginx_config`
fills it in) in front of the app.

nginx runs for real, from Debian's nginx-light (.ci/run installs it), in front
of Django's live server (what its micro-cache keeps, for whom, and for how long)
and of the app as deployed (the pages it keeps, sent by nginx from their files).
"""

import contextlib
import gzip
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdesk.live.tests.servers import Server, free_port, site_env
from newsdesk.live.tests.servers import Site as AppSite

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "newsdesk.conf"

pytestmark = [
    pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx: apt-get install nginx-light (.ci/run does)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def readable_folder(prefix: str) -> Path:
    """A new folder nginx's workers, which run as an unprivileged user, can read."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


@contextlib.contextmanager
def running_nginx(site_config, var_dir: Path):
    """nginx with the site config `site_config(listen)` returns (the shipped one, filled
    in for an app whose NEWSDESK_VAR_DIR is `var_dir`); its URL and cache folder."""
    work = readable_folder("newsdesk-nginx-")
    (var_dir / "nginx-cache").mkdir(parents=True)
    (var_dir / "nginx-cache").chmod(0o777)
    port = free_port()
    # The commented debugging line, switched on to see hits and misses.
    site = site_config(f"127.0.0.1:{port}").replace("# add_header X-Cache-Status", "add_header X-Cache-Status")
    (work / "nginx.conf").write_text(
        f"""pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path {work}/client-body;
    proxy_temp_path {work}/proxy-temp;
    {site}
}}
"""
    )
    process = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((work / "error.log").read_text()) from None
            time.sleep(0.05)
    try:
        yield url, var_dir / "nginx-cache"
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def nginx(live_server):
    """nginx in front of Django's live server (no page cache of the app's own, so no page files)."""
    from newsdesk.reader.pagefiles import nginx_site_config

    var_dir = readable_folder("newsdesk-nginx-var-")

    def site_config(listen):
        app = live_server.url.removeprefix("http://")
        return nginx_site_config(app=app, listen=listen, scheme="http", template=SITE, var_dir=var_dir)

    try:
        with running_nginx(site_config, var_dir) as running:
            yield running
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def cached_files(cache_dir) -> int:
    return len([path for path in cache_dir.rglob("*") if path.is_file()])


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers, response.read()


def test_a_public_page_is_served_from_the_micro_cache_once_per_reader_kind(nginx, article):
    base, cache_dir = nginx
    files = cached_files(cache_dir)  # robots.txt, asked for while nginx started
    headers, first = get(base + article.url)
    assert headers["X-Cache-Status"] in ("MISS", "EXPIRED") and article.title.encode() in first
    headers, second = get(base + article.url)
    assert headers["X-Cache-Status"] == "HIT" and second == first
    # Readers carry other cookies too (a CSRF token from a form, say): still the one copy.
    # Honouring the app's "Vary: Cookie", nginx kept a copy per Cookie header and opened
    # two files for each hit.
    headers, third = get(base + article.url, Cookie="csrftoken=abc; newsdesk_seen=1")
    assert headers["X-Cache-Status"] == "HIT" and third == first
    assert cached_files(cache_dir) == files + 1

    # A reader who chose a larger text size gets that page, cached apart from the default one.
    for expected in ("MISS", "HIT"):
        headers, large = get(base + article.url, Cookie="newsdesk_text_size=lg")
        assert headers["X-Cache-Status"] == expected and b'class="text-lg"' in large

    # An editor (a session) always reaches the app.
    headers, _ = get(base + article.url, Cookie="sessionid=editor")
    assert headers["X-Cache-Status"] == "BYPASS"


ARTICLE = """
from newsdesk.articles.services import article_create, section_get_or_create
page = article_create(
    section=section_get_or_create(title="World"),
    title="Harbour reopens after the storm",
    standfirst="Ferries run again from the northern harbours.",
    body=[("paragraph", "<p>" + "The harbour master said the quays were safe again. " * 40 + "</p>")],
)
print(page.url)
"""


@dataclass
class Deployed:
    """nginx in front of the app as deployed: its URL, the app's, nginx's cache folder, the site."""

    url: str
    app_url: str
    cache_dir: Path
    site: AppSite
    path: str  # an article's


@pytest.fixture
def deployed():
    """nginx, configured by `manage.py nginx_config`, in front of the app as deployed
    (newsdesk.asgi: its page cache, and its page files for nginx to send)."""
    with deploy() as running:
        yield running


@contextlib.contextmanager
def deploy(**env):
    var_dir = readable_folder("newsdesk-app-var-")
    site = AppSite(env=site_env(NEWSDESK_VAR_DIR=str(var_dir), NEWSDESK_PAGE_FILES="1", **env)).set_up()
    path = site.manage("shell", "-v", "0", "-c", ARTICLE).stdout.split()[-1]
    server = Server(site).start()

    def site_config(listen):
        command = ("nginx_config", "--scheme", "http", "--app", f"127.0.0.1:{server.port}", "--listen", listen)
        return site.manage(*command).stdout

    try:
        with running_nginx(site_config, var_dir) as (url, cache_dir):
            yield Deployed(url=url, app_url=server.base_url, cache_dir=cache_dir, site=site, path=path)
    finally:
        server.stop()
        shutil.rmtree(var_dir, ignore_errors=True)


def test_readers_who_accept_gzip_get_the_apps_compressed_copy_from_the_cache(deployed):
    """nginx compressing a page on every hit held it to ~5,000 req/s: it keeps the app's compressed copy.

    A page with a query string is not sent from a file, so it shows what the micro-cache does."""
    base, cache_dir, path = deployed.url, deployed.cache_dir, deployed.path + "?from=home"
    files = cached_files(cache_dir)
    # The first reader after a publish: a miss in nginx and in the app's page cache,
    # answered compressed by the app (nginx weakens the ETag of what it compresses itself).
    headers, body = get(base + path, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert headers["X-Cache-Status"] == "MISS" and headers["X-Cache"] == "MISS"
    assert headers["Content-Encoding"] == "gzip" and not headers["ETag"].startswith("W/")
    # Kept by nginx as it is: the next readers get the same bytes from its cache.
    headers, again = get(base + path, **{"Accept-Encoding": "gzip"})
    assert headers["X-Cache-Status"] == "HIT" and again == body
    _, plain = get(base + path, **{"Accept-Encoding": "identity"})
    assert gzip.decompress(body) == plain
    # A browser that takes no gzip (br alone: nginx-light has no brotli) gets the plain copy.
    headers, other = get(base + path, **{"Accept-Encoding": "br"})
    assert headers["X-Cache-Status"] == "HIT" and headers["Content-Encoding"] is None and other == plain
    assert cached_files(cache_dir) == files + 2


def test_an_edit_is_served_through_nginx_within_about_a_second(nginx, article):
    from newsdesk.articles.services import article_update

    base, _ = nginx
    get(base + article.url)
    get(base + article.url)
    article_update(article=article, changes={"standfirst": "Sea walls held overnight."})
    published = time.monotonic()
    while b"Sea walls held overnight." not in get(base + article.url)[1]:
        assert time.monotonic() - published < 3, "the micro-cache kept the old page too long"
        time.sleep(0.05)
    # Without page files (this app has none), the key has no generation to change, and
    # nginx, which counts whole seconds, keeps a page "1s" for up to 2 s; then it fetches
    # it again before sending it. As deployed, a change ends it at once (the test below).
    assert time.monotonic() - published < 2.5


# What nginx or the transport sets itself, and may differ between a page from the app and from its file.
OWN_HEADERS = {"date", "server", "etag", "last-modified", "content-length", "connection", "accept-ranges", "x-cache"}
OWN_HEADERS |= {"x-cache-status", "vary"}


def headers_of(headers) -> dict:
    return {name.lower(): value for name, value in headers.items() if name.lower() not in OWN_HEADERS}


def from_file(url, **headers):
    """The page once nginx sends it from its file: the app writes it just after answering."""
    deadline = time.monotonic() + 2
    while True:
        answer = get(url, **headers)
        if answer[0]["X-Cache"] == "FILE":
            return answer
        assert time.monotonic() < deadline, f"{url} never came from a file"
        time.sleep(0.02)


def test_a_kept_page_goes_out_from_its_file_with_the_apps_headers(deployed):
    base, path = deployed.url, deployed.path
    # The first reader of the page in this generation goes through to the app, which writes its file.
    headers, first = get(base + path, **{"Accept-Encoding": "identity"})
    assert headers["X-Cache-Status"] == "MISS" and headers["X-Cache"] != "FILE"
    app_headers, page = get(deployed.app_url + path, **{"Accept-Encoding": "identity"})
    assert first == page
    headers, again = from_file(base + path, **{"Accept-Encoding": "identity"})
    assert again == page
    # The same headers as the app's: the security policy, caching, content type.
    assert headers_of(headers) == headers_of(app_headers)
    assert "'sha256-" in headers["Content-Security-Policy"] and "s-maxage" in headers["Cache-Control"]
    assert set(headers["Vary"].split(", ")) == {"Accept-Encoding", "Cookie"}
    # Its compressed copy, for the browsers that take it, and HEAD.
    headers, compressed = get(base + path, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert headers["X-Cache"] == "FILE" and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed) == page
    request = urllib.request.Request(base + path, method="HEAD")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.headers["X-Cache"] == "FILE" and response.read() == b""


def test_page_files_follow_the_cookies_a_page_varies_on_and_never_serve_a_session(deployed):
    base, path = deployed.url, deployed.path
    headers, large = get(base + path, Cookie="newsdesk_text_size=lg; newsdesk_seen=1")
    assert headers["X-Cache"] != "FILE" and b'class="text-lg"' in large
    headers, large = from_file(base + path, Cookie="newsdesk_text_size=lg; newsdesk_seen=1")
    assert b'class="text-lg"' in large
    headers, default = get(base + path)
    assert b'class="text-lg"' not in default
    # A value the app does not write a file for, an editor, a query string, a POST: the app answers.
    for cookie in ("newsdesk_text_size=../../etc", "sessionid=editor", "newsdesk_dismissed_alert=1x"):
        for _ in range(2):
            headers, _ = get(base + path, Cookie=cookie)
            assert headers["X-Cache"] != "FILE", cookie
    for _ in range(2):
        headers, _ = get(base + path + "?page=1")
        assert headers["X-Cache"] != "FILE"
    request = urllib.request.Request(base + path, data=b"x=1", method="POST")  # noqa: S310 - loopback
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.headers["X-Cache"] != "FILE"


EDIT = """
from newsdesk.articles.models import ArticlePage
from newsdesk.articles.services import article_update
article_update(article=ArticlePage.objects.get(), changes={"standfirst": "Sea walls held overnight."})
"""


def test_an_edit_reaches_readers_of_page_files_within_about_a_second(deployed):
    base, path = deployed.url, deployed.path
    get(base + path)
    from_file(base + path)
    deployed.site.manage("shell", "-v", "0", "-c", EDIT)
    published = time.monotonic()
    while b"Sea walls held overnight." not in get(base + path)[1]:
        assert time.monotonic() - published < 3, "nginx kept sending the old page's file"
        time.sleep(0.02)
    # nginx's open-file cache looks at a file again within the second it opened it in,
    # then asks the app (the micro-cache's key holds the generation: no copy from before).
    assert time.monotonic() - published < 1.5
    # The new page is sent from its own file again, and the old generation's files are gone.
    assert b"Sea walls held overnight." in from_file(base + path)[1]
    generations = [folder.name for folder in (deployed.cache_dir.parent / "page-files").glob("gen-*")]
    assert len(generations) == 1


def test_after_a_change_the_new_page_is_a_file_before_a_reader_asks(deployed):
    """The app renders again the pages readers asked it for first (reader/pagewarm.py):
    at nginx's next look, the new page is already there as a file, so no reader waits
    for a render, and nginx sends it within its second."""
    base, path = deployed.url, deployed.path
    get(base + path)  # a reader asks the app: the page goes on its list
    from_file(base + path)
    deployed.site.manage("shell", "-v", "0", "-c", EDIT)
    time.sleep(1.2)  # nobody asks: nginx's open-file cache looks again at the next request
    headers, body = get(base + path)
    assert b"Sea walls held overnight." in body
    assert headers["X-Cache"] == "FILE"


def test_after_a_change_nginx_sends_no_page_kept_before_it(deployed_slow_to_look):
    """nginx counts whole seconds: its micro-cache kept a page "1s" for up to 2 s after a
    change, and the app processes look at the shared generation only every so often
    (50 ms; here 30 s, to make the race certain). The micro-cache is keyed by the page
    files' generation, which the process making the change switches at once, and an app
    process asked under a generation it has not seen looks at once."""
    base, path = deployed_slow_to_look.url, deployed_slow_to_look.path
    kept = base + path + "?from=home"  # a query string: no file, the micro-cache
    for expected in ("MISS", "HIT"):
        assert get(kept)[0]["X-Cache-Status"] == expected
    from_file(base + path)
    deployed_slow_to_look.site.manage("shell", "-v", "0", "-c", EDIT)
    changed = time.monotonic()
    headers, body = get(kept)
    assert b"Sea walls held overnight." in body and headers["X-Cache-Status"] == "MISS"
    # Kept again, under the new generation.
    assert get(kept)[0]["X-Cache-Status"] == "HIT"
    # The page file: nginx's open-file cache looks at it again within the second it
    # opened it in, then the app, which has looked at once, answers the new page.
    while b"Sea walls held overnight." not in get(base + path)[1]:
        assert time.monotonic() - changed < 1.5, "nginx kept sending the old page's file"
        time.sleep(0.02)
    assert b"Sea walls held overnight." in from_file(base + path)[1]


@pytest.fixture
def deployed_slow_to_look():
    with deploy(NEWSDESK_PAGE_CACHE_CHECK_SECONDS="30") as running:
        yield running
