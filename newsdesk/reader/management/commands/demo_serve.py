import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site for the demo: one ASGI process (uvicorn) plus the publishing scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, addr, port, **options):
        import uvicorn

        # The scheduler runs beside the server so scheduled articles appear on time.
        scheduler = subprocess.Popen([sys.executable, "manage.py", "scheduler", "--interval", "10", "-v", "0"])  # noqa: S603
        self.stdout.write(f"Newsdesk is at http://{addr}:{port}/ (the newsroom at http://{addr}:{port}/admin/)")
        try:
            # One process: the embedded in-process pub/sub needs every reader in it.
            uvicorn.run("newsdesk.asgi:application", host=addr, port=port, workers=1, log_level="info")
        finally:
            scheduler.terminate()
            scheduler.wait(timeout=10)
