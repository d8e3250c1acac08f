import time

from django.core.management.base import BaseCommand

from newsdesk.wires.models import WireSource
from newsdesk.wires.services import drop_folder_scan


class Command(BaseCommand):
    help = (
        "Watch every enabled drop-folder source: ingest each file once it has stopped growing, "
        "then move it to processed/ or quarantine/ inside the folder. Safe to kill and restart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between polls (default 5).")
        parser.add_argument(
            "--settle", type=float, default=2.0, help="Seconds a file must stay unchanged before it is read."
        )
        parser.add_argument("--once", action="store_true", help="Poll once and exit (for cron or a test).")
        parser.add_argument("--source", help="Watch only the source with this name.")

    def handle(self, *args, interval, settle, once, source, **options):
        seen: dict[int, dict] = {}
        while True:
            sources = WireSource.objects.drop_folders().select_related("agency")
            if source:
                sources = sources.filter(name=source)
            for wire_source in sources:
                # One poll alone cannot see growth, so --once relies on the settle time only.
                observations = None if once else seen.setdefault(wire_source.pk, {})
                for result in drop_folder_scan(source=wire_source, settle_seconds=settle, seen=observations):
                    if result.quarantined:
                        self.stdout.write(f"{wire_source}: quarantined {result.filename}: {result.reason}")
                    else:
                        outcomes = ", ".join(f"{o.outcome} {o.item.guid}" for o in result.outcomes)
                        self.stdout.write(f"{wire_source}: {result.filename}: {outcomes}")
            if once:
                return
            time.sleep(interval)
