"""The shipped nginx config (deploy/nginx/newsdesk.conf) in front of the app.

nginx runs for real, from Debian's nginx-light (.ci/run installs it), in front
of Django's live server: what its micro-cache keeps, for whom, and for how long.
"""

import contextlib
import gzip
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
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


@contextlib.contextmanager
def running_nginx(app: str):
    """nginx with the shipped site config, proxying to `app` (host:port); its URL and cache folder."""
    work = Path(tempfile.mkdtemp(prefix="newsdesk-nginx-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    (work / "var" / "nginx-cache").mkdir(parents=True)
    (work / "var" / "nginx-cache").chmod(0o777)
    port = free_port()
    site = (
        SITE.read_text()
        .replace("@@APP@@", app)
        .replace("@@LISTEN@@", f"127.0.0.1:{port}")
        .replace("@@VAR@@", str(work / "var"))
        # The commented debugging line, switched on to see hits and misses.
        .replace("# add_header X-Cache-Status", "add_header X-Cache-Status")
    )
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
        yield url, work / "var" / "nginx-cache"
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def nginx(live_server):
    """nginx in front of Django's live server (no page cache of the app's own)."""
    with running_nginx(live_server.url.removeprefix("http://")) as running:
        yield running


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


@pytest.fixture
def nginx_on_asgi(tmp_path):
    """nginx in front of the app as deployed (newsdesk.asgi, with its page cache), and an article's path."""
    (tmp_path / "var").mkdir()
    site = AppSite(env=site_env(NEWSDESK_VAR_DIR=str(tmp_path / "var"))).set_up()
    path = site.manage("shell", "-v", "0", "-c", ARTICLE).stdout.split()[-1]
    server = Server(site).start()
    try:
        with running_nginx(f"127.0.0.1:{server.port}") as (url, cache_dir):
            yield url, cache_dir, path
    finally:
        server.stop()


def test_readers_who_accept_gzip_get_the_apps_compressed_copy_from_the_cache(nginx_on_asgi):
    """nginx compressing a page on every hit held it to ~5,000 req/s: it keeps the app's compressed copy."""
    base, cache_dir, path = nginx_on_asgi
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
    # The cache lives 1 s, and the first reader after that may still get the old page
    # while nginx fetches the new one in the background.
    assert time.monotonic() - published < 2.5
