"""Several server processes: an alert published through any of them, or from the
command line, reaches the readers connected to every one. Real PostgreSQL and
Redis on localhost (as in CI); skipped, saying why, only when they are not there."""

import uuid

import pytest

from .servers import Site, check_alerts_reach_every_process, migrations_digest, site_env

REDIS_URL = "redis://127.0.0.1:6379/0"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "test"}

pytestmark = pytest.mark.scaleout


def _postgres():
    import psycopg

    try:
        return psycopg.connect(**POSTGRES, autocommit=True, connect_timeout=2)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 (user postgres, database test) is not reachable: {error}")


def _url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _template(admin, var_dir) -> str:
    """A migrated template database, made once per set of migrations (migrating takes 30 s)."""
    template = f"newsdesk_live_template_{migrations_digest()}"
    if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
        return template
    building = f"{template}_{uuid.uuid4().hex[:6]}"
    admin.execute(f'CREATE DATABASE "{building}"')
    Site(env=site_env(DATABASE_URL=_url(building), NEWSDESK_VAR_DIR=str(var_dir))).manage("migrate", "--noinput")
    for (old,) in admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'newsdesk\\_live\\_template\\_%%' AND datname <> %s",
        [building],
    ).fetchall():
        admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    return template


@pytest.fixture(scope="module")
def postgres_site(tmp_path_factory):
    """A fresh PostgreSQL database of its own, dropped afterwards."""
    name = f"newsdesk_live_{uuid.uuid4().hex[:10]}"
    var_dir = tmp_path_factory.mktemp("live-scaleout")
    with _postgres() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_template(admin, var_dir)}"')
    try:
        yield Site(env=site_env(DATABASE_URL=_url(name), NEWSDESK_VAR_DIR=str(var_dir))).set_up(migrated=True)
    finally:
        with _postgres() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    return REDIS_URL


@pytest.mark.parametrize("backend", ["redis", "postgres"])
def test_an_alert_through_any_process_reaches_readers_on_every_process(postgres_site, request, backend):
    env = {
        "NEWSDESK_LIVE_PUBSUB": backend,
        "NEWSDESK_LIVE_CHANNEL": f"newsdesk_live_test_{uuid.uuid4().hex[:8]}",
        # Far longer than the test: only the pub/sub backend can deliver in time.
        "NEWSDESK_LIVE_POLL_SECONDS": "600",
    }
    if backend == "redis":
        env["NEWSDESK_REDIS_URL"] = request.getfixturevalue("redis_url")
    check_alerts_reach_every_process(postgres_site, env, within=1)
