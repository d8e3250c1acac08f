"""The production server: granian serving newsdesk.asgi on several worker processes,
set up to stay up when a breaking story brings every reader at once
(docs/decisions/0016).

Every open page holds a connection for its event stream, so what a worker may hold
is counted in connections, not requests:
- granian lets each worker hold `--backpressure` connections at once and accepts no
  more until one closes; its default, the listen backlog shared among the workers
  (1,024 in all), stopped the whole site, pages included, at about a thousand open
  pages. Here it is NEWSDESK_CONNECTIONS_PER_WORKER, and the process's open-files
  limit is raised to match (the workers inherit it);
- granian waits for every connection to end before it stops, and event streams
  never end: a restart or a deploy waited forever. Workers get 3 s, then are
  killed; readers' pages reconnect by themselves (live.js, EventSource);
- a worker that dies is started again.
"""

import os
import resource
import shlex
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Open files a worker needs besides its readers' connections: database and Redis
# connections, page files, granian's own pipes and event queues.
RESERVED_FILES = 256
# Seconds a stopping worker is given before it is killed.
STOP_SECONDS = 3


def granian_command(
    *, workers: int, host: str, port: int, connections: int, target: str = "newsdesk.asgi:application", extra=()
) -> list[str]:
    """The granian command line for `workers` processes holding `connections` each."""
    return [
        sys.executable, "-m", "granian", "--interface", "asgi", "--workers", str(workers),
        "--host", host, "--port", str(port),
        "--backlog", "2048", "--backpressure", str(connections),
        "--workers-kill-timeout", str(STOP_SECONDS), "--respawn-failed-workers",
        *extra, target,
    ]  # fmt: skip


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit on open files towards `wanted`, as far as the
    hard limit allows; return the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if ceiling > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        return ceiling
    return soft


class Command(BaseCommand):
    help = (
        "Serve the site in production: granian with several worker processes, each holding up to "
        "NEWSDESK_CONNECTIONS_PER_WORKER open connections (every open page holds one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=len(os.sched_getaffinity(0)), help="processes (default: one per CPU)"
        )
        parser.add_argument(
            "--print", action="store_true", dest="print_only", help="print the server command instead of running it"
        )

    def handle(self, *args, host, port, workers, print_only, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        connections = settings.NEWSDESK_CONNECTIONS_PER_WORKER
        if connections < 1:
            raise CommandError("NEWSDESK_CONNECTIONS_PER_WORKER must be at least 1")
        allowed = raise_open_files_limit(connections + RESERVED_FILES) - RESERVED_FILES
        if allowed < connections:
            if allowed < 1:
                raise CommandError("The open-files limit (ulimit -n) leaves no room for connections: raise it.")
            self.stderr.write(
                f"The open-files limit (ulimit -n) is {allowed + RESERVED_FILES}: each worker will hold at most "
                f"{allowed} connections, not NEWSDESK_CONNECTIONS_PER_WORKER={connections}. Raise the hard limit "
                f"(LimitNOFILE= in a systemd unit) to hold more open pages."
            )
            connections = allowed
        command = granian_command(workers=workers, host=host, port=port, connections=connections)
        if print_only:
            self.stdout.write(shlex.join(command))
            return
        self.stdout.write(f"Newsdesk on http://{host}:{port}/: {workers} workers, up to {connections} connections each")
        self.stdout.flush()
        os.execv(command[0], command)  # noqa: S606 - granian takes this process, so signals reach it directly
