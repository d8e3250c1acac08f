import pytest

from .servers import Server, Site, site_env


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory):
    """The embedded default: a SQLite database shared by the servers and the CLI."""
    var_dir = tmp_path_factory.mktemp("live-site")
    return Site(env=site_env(NEWSDESK_VAR_DIR=str(var_dir), NEWSDESK_LIVE_HEARTBEAT_SECONDS="1")).set_up()


@pytest.fixture(scope="session")
def server(sqlite_site):
    server = Server(sqlite_site).start()
    yield server
    server.stop()


@pytest.fixture
def reader(browser, server):
    """A fresh Chromium context on the live test server, as a reader on a desktop screen."""
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 800})
    yield context
    context.close()
