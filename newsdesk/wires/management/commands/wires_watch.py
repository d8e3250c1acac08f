import time

from django.core.management.base import BaseCommand

from newsdesk.wires.models import WireSource
from newsdesk.wires.services import drop_folder_scan, wire_feed_poll, wire_stories_group


class Command(BaseCommand):
    help = (
        "Watch every enabled drop-folder source (ingest each file once it has stopped growing, then move it "
        "to processed/ or quarantine/ inside the folder) and poll every enabled feed source with a "
        "conditional GET. Safe to kill and restart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between polls (default 5).")
        parser.add_argument(
            "--settle", type=float, default=2.0, help="Seconds a file must stay unchanged before it is read."
        )
        parser.add_argument("--once", action="store_true", help="Poll once and exit (for cron or a test).")
        parser.add_argument("--source", help="Watch only the source with this name.")
        parser.add_argument(
            "--feed-interval", type=float, default=60.0, help="Seconds between polls of each feed (default 60)."
        )

    def handle(self, *args, interval, settle, once, source, feed_interval, **options):
        seen: dict[int, dict] = {}
        feeds_due = 0.0
        while True:
            arrived = False
            if time.monotonic() >= feeds_due:
                arrived |= self._poll_feeds(source)
                feeds_due = time.monotonic() + feed_interval
            sources = WireSource.objects.drop_folders().select_related("agency")
            if source:
                sources = sources.filter(name=source)
            for wire_source in sources:
                # One poll alone cannot see growth, so --once relies on the settle time only.
                observations = None if once else seen.setdefault(wire_source.pk, {})
                for result in drop_folder_scan(source=wire_source, settle_seconds=settle, seen=observations):
                    arrived |= bool(result.outcomes)
                    if result.quarantined:
                        self.stdout.write(f"{wire_source}: quarantined {result.filename}: {result.reason}")
                    else:
                        outcomes = ", ".join(f"{o.outcome} {o.item.guid}" for o in result.outcomes)
                        self.stdout.write(f"{wire_source}: {result.filename}: {outcomes}")
            if arrived:
                wire_stories_group()
            if once:
                return
            time.sleep(interval)

    def _poll_feeds(self, name: str | None) -> bool:
        feeds = WireSource.objects.feeds().select_related("agency")
        if name:
            feeds = feeds.filter(name=name)
        arrived = False
        for feed in feeds:
            result = wire_feed_poll(source=feed)
            if result is None:
                continue
            arrived |= bool(result.outcomes)
            if result.quarantined:
                self.stdout.write(f"{feed}: quarantined: {result.reason}")
            else:
                counts = {o: result.count(o) for o in ("created", "updated", "duplicate", "stale")}
                self.stdout.write(f"{feed}: " + ", ".join(f"{n} {o}" for o, n in counts.items() if n))
        return arrived
