"""When PostgreSQL goes down the site stays up: cached pages are still served,
uncached ones get a friendly 503 within a second, and it recovers by itself."""

import time
import urllib.error
import urllib.request
import uuid

import pytest

from newsdesk.live.tests.servers import Server, Site, site_env

from .services import POSTGRES, TCPProxy, require_postgres

pytestmark = pytest.mark.scaleout

CONTENT = """
from newsdesk.articles.services import article_create, section_get_or_create
section = section_get_or_create(title="World")
for title in ("Harbour reopens after storm", "Ferries return to the islands"):
    print(article_create(section=section, title=title, standfirst="s", body=[("subhead", "Now")]).url)
"""


def get(url: str) -> tuple[int, bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started


@pytest.fixture
def database():
    require_postgres()
    import psycopg

    name = f"newsdesk_dbdown_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="test", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="test", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_site_survives_the_database_going_down_and_recovers(database, tmp_path):
    proxy = TCPProxy(POSTGRES)
    proxy.start()
    server = None
    try:
        env = site_env(
            NEWSDESK_VAR_DIR=str(tmp_path),
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{proxy.port}/{database}",
            NEWSDESK_ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        site = Site(env=env)
        site.manage("migrate", "--noinput", "-v", "0")
        urls = site.manage("shell", "-v", "0", "-c", CONTENT).stdout.split()
        server = Server(site=site).start()
        cached, never_visited = server.base_url + urls[0], server.base_url + urls[1]

        assert get(cached)[0] == 200
        status, body, _ = get(cached)
        assert status == 200 and b"Harbour reopens" in body

        proxy.stop()  # the database goes away
        status, body, _ = get(cached)
        assert status == 200 and b"Harbour reopens" in body, "a cached page is still served"
        for url in (never_visited, server.base_url + "/search/?q=ferries"):
            status, body, elapsed = get(url)
            assert status == 503 and b"Back in a moment" in body, url
            assert elapsed < 1.0, f"{url} took {elapsed:.2f} s"

        proxy.start()  # and comes back
        deadline = time.monotonic() + 10
        while (status := get(never_visited)[0]) != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status == 200, "the site recovers by itself"
        assert b"Ferries return" in get(never_visited)[1]
    finally:
        if server:
            server.stop()
        proxy.close()
