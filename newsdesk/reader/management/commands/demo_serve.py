import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


def _run_scheduler(interval: float, stop: threading.Event) -> None:
    """Wagtail's publish_scheduled every few seconds, in this process, so it stops with it."""
    while not stop.is_set():
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception:  # noqa: BLE001 - keep serving; the next round tries again
            import logging

            logging.getLogger(__name__).exception("Scheduled publishing failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Serve the site for the demo: one ASGI process (uvicorn) with the publishing scheduler inside it."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--scheduler-interval", type=float, default=10.0)

    def handle(self, *args, addr, port, scheduler_interval, **options):
        import uvicorn

        stop = threading.Event()
        scheduler = threading.Thread(
            target=_run_scheduler, args=(scheduler_interval, stop), name="scheduler", daemon=True
        )
        scheduler.start()
        self.stdout.write(f"Newsdesk is at http://{addr}:{port}/ (the newsroom at http://{addr}:{port}/admin/)")
        try:
            # One process: the embedded in-process pub/sub reaches every reader in it.
            # Open event streams never end by themselves: give them 3 s on shutdown, not forever.
            uvicorn.run(
                "newsdesk.asgi:application",
                host=addr,
                port=port,
                workers=1,
                log_level="info",
                timeout_graceful_shutdown=3,
            )
        finally:
            stop.set()
            scheduler.join(timeout=5)
