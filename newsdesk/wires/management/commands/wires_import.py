import tarfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.wires.models import Agency, WireSource
from newsdesk.wires.services import max_readable_bytes, wire_file_ingest, wire_file_quarantine, wire_stories_group


class Command(BaseCommand):
    help = (
        "Import wire files in bulk from a folder or an archive (.zip, .tar, .tar.gz, .tgz). "
        "Every file ends ingested or quarantined; the last line is the summary "
        '"ingested N, updated N, duplicates N, quarantined N" (items created, items replaced by a newer '
        "version, exact re-deliveries, files quarantined)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder (read recursively) or an archive of wire files.")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--agency", help="Agency code (e.g. dpa): files go in through its bulk-import source.")
        who.add_argument("--source", help="Name of an existing wire source to file the items under.")
        parser.add_argument("--every", type=int, default=100, help="Print progress every N files (default 100).")

    def handle(self, *args, path, agency, source, every, **options):
        wire_source = self._source(agency, source)
        path = Path(path)
        total = sum(1 for _ in self._entries(path, read=False))
        self.stdout.write(f"Importing {total} files from {path} for {wire_source.agency.short_name}")
        counts = Counter()
        for number, (name, size, payload) in enumerate(self._entries(path), start=1):
            if payload is None:
                reason = (
                    f"The file is {size:,} bytes uncompressed, far over the limit for one wire file. "
                    f"It was not read; it is still in {path.name}."
                )
                wire_file_quarantine(source=wire_source, filename=name, payload=b"", reason=reason, size=size)
                counts["quarantined"] += 1
                self.stdout.write(f"  quarantined {name}: {reason}")
                continue
            result = wire_file_ingest(source=wire_source, filename=name, payload=payload)
            if result.quarantined:
                counts["quarantined"] += 1
                self.stdout.write(f"  quarantined {name}: {result.reason}")
            for outcome in result.outcomes:
                counts[outcome.outcome] += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"  [{number}/{total}] {name}: {result.status}")
            elif every and number % every == 0 and number < total:
                self.stdout.write(f"  {number}/{total} files ({100 * number // total}%)")
        if counts["created"] or counts["updated"]:
            wire_stories_group()
        if counts["stale"]:
            self.stdout.write(f"{counts['stale']} older versions arrived after newer ones and were filed in history")
        self.stdout.write(
            f"ingested {counts['created']}, updated {counts['updated']}, "
            f"duplicates {counts['duplicate']}, quarantined {counts['quarantined']}"
        )

    def _source(self, agency_code: str | None, source_name: str | None) -> WireSource:
        if source_name:
            try:
                return WireSource.objects.select_related("agency").get(name=source_name)
            except WireSource.DoesNotExist as error:
                raise CommandError(f'There is no wire source named "{source_name}".') from error
        try:
            agency = Agency.objects.get(code=agency_code)
        except Agency.DoesNotExist as error:
            codes = ", ".join(Agency.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(f'There is no agency with code "{agency_code}" (known: {codes}).') from error
        wire_source, _ = WireSource.objects.get_or_create(
            name=f"{agency.short_name} bulk import", defaults={"agency": agency, "kind": WireSource.Kind.IMPORT}
        )
        return wire_source

    def _entries(self, path: Path, *, read: bool = True) -> Iterator[tuple[str, int, bytes | None]]:
        """(name, size, bytes) for every file in a stable order; bytes is None when the file
        is too large to read (an archive member could be a zip bomb)."""
        cap = max_readable_bytes()
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                size = file.stat().st_size
                yield str(relative), size, (file.read_bytes() if read and size <= cap else None)
        elif path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if info.is_dir():
                        continue
                    data = None
                    if read and info.file_size <= cap:
                        with archive.open(info) as stream:
                            data = stream.read(cap + 1)
                        data = data if len(data) <= cap else None
                    yield info.filename, info.file_size, data
        elif path.is_file() and tarfile.is_tarfile(path):
            with tarfile.open(path) as archive:
                for member in sorted(archive.getmembers(), key=lambda m: m.name):
                    if not member.isfile():
                        continue
                    data = None
                    if read and member.size <= cap:
                        with archive.extractfile(member) as stream:
                            data = stream.read()
                    yield member.name, member.size, data
        elif path.exists():
            raise CommandError(f"{path} is neither a folder nor a .zip or .tar(.gz) archive.")
        else:
            raise CommandError(f"{path} does not exist.")
