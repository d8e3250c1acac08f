import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages on time: runs Wagtail's publish_scheduled every few seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between runs (default 10).")
        parser.add_argument("--once", action="store_true", help="Run once and exit (for cron or a test).")

    def handle(self, *args, interval, once, **options):
        while True:
            call_command("publish_scheduled", verbosity=options["verbosity"])
            if once:
                return
            time.sleep(interval)
