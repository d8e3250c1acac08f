import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from newsdesk.articles.demo.load import DEMO_COLLECTION, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo newsroom once: accounts for each role, staff, agencies, four sections, ten stories with "
        "photos and a captioned video, and a breaking alert. Later runs change nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if options["verbosity"] < 2:
            wagtail_log.setLevel(logging.WARNING)  # one line per page created is noise here
        try:
            result = demo_load()
        finally:
            wagtail_log.setLevel(level)
        seconds = time.monotonic() - started
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo in {seconds:.1f}s: {len(result.articles)} articles published, "
                    f"{len(result.scheduled)} scheduled to go live in a few minutes."
                )
            )
        else:
            self.stdout.write(
                f'The demo is already loaded (the "{DEMO_COLLECTION}" image collection exists); nothing was changed.'
            )
        for note in result.notes:
            self.stdout.write(f"  {note}")
        if result.accounts:
            self.stdout.write("\nDemo accounts:")
            self.stdout.write(f"  {'username':<10} {'password':<16} role")
            for account in result.accounts:
                password = account.password or "(not the demo's)"
                self.stdout.write(f"  {account.username:<10} {password:<16} {account.role}")
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(f"\nThe site:     {base}/\nThe newsroom: {base}/admin/")
