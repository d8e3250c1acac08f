"""The embedded default's pub/sub: every process of one machine woken by a datagram
(pubsub.LocalPubSub), so that an alert reaches the readers held by every worker of
`manage.py serve`, and alerts from the command line reach anyone, without Redis."""

import asyncio
import concurrent.futures
import socket

from newsdesk.live.pubsub import LocalPubSub

from .servers import Site, check_alerts_reach_every_process, site_env


def run(coroutine):
    # A thread of its own: other tests (Playwright's sync API) may leave an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_listener_gets_what_is_published_and_sockets_of_dead_processes_go(tmp_path):
    backend = LocalPubSub(tmp_path)
    left = tmp_path / "1-left-by-a-process-that-died.sock"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dead.bind(str(left))
    dead.close()
    heard = []

    async def listening():
        task = asyncio.create_task(backend.listen(heard.append))
        while not any(path != left for path in tmp_path.glob("*.sock")):
            await asyncio.sleep(0.01)
        await asyncio.to_thread(backend.publish, {"id": 7})  # as a request thread does, on commit
        await asyncio.sleep(0.1)
        task.cancel()

    run(listening())
    assert heard == [{}, {"id": 7}]  # {}: "read the log" once bound, for what came before
    assert not left.exists()
    assert list(tmp_path.iterdir()) == []  # the listener removed its own socket on the way out
    backend.publish({"id": 8})  # nobody listening: nothing to do, no error


def test_an_alert_through_any_process_reaches_readers_on_every_process_of_the_machine(sqlite_site):
    # Far longer than the test: only the datagrams can deliver in time.
    check_alerts_reach_every_process(sqlite_site, {"NEWSDESK_LIVE_POLL_SECONDS": "600"}, within=0.5)


def test_a_backend_that_does_not_exist_stops_the_site_from_starting_and_says_why(tmp_path):
    # Not at the first alert, in a request thread: "inprocess" was the default's name before "local".
    site = Site(env=site_env(NEWSDESK_VAR_DIR=str(tmp_path), NEWSDESK_LIVE_PUBSUB="inprocess"))
    checked = site.manage("check", check=False)
    assert checked.returncode != 0
    assert "NEWSDESK_LIVE_PUBSUB must be local, redis or postgres, not 'inprocess'" in checked.stderr
