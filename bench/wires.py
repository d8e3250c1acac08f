"""Wire ingest benchmark: items per second and p99 latency per item for each format, on
SQLite, then 10,000 mixed good and bad files through a drop folder with a kill and restart
in the middle, counting what was lost or stored twice. Prints figures; the last line is JSON.

    make bench-wires            # or: .venv/bin/python bench/wires.py [--items 2000] [--mixed 10000]
"""

import argparse
import contextlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="newsdesk-bench-wires-"))
os.environ["NEWSDESK_VAR_DIR"] = str(WORK)  # a fresh SQLite file, as in production's embedded default
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.dev")
os.environ.setdefault("NEWSDESK_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

FIXTURES = ROOT / "newsdesk" / "wires" / "tests" / "fixtures"


def ninjs(n: int, version: int = 1) -> bytes:
    return json.dumps(
        {
            "uri": f"urn:newsml:dpa.com:bench:{n}",
            "version": str(version),
            "versioncreated": f"2024-03-01T10:{version % 60:02d}:00+01:00",
            "firstcreated": "2024-03-01T09:00:00+01:00",
            "urgency": 4,
            "language": "de",
            "by": "Von Lena Fischer, dpa",
            "located": "Hamburg",
            "headlines": [{"role": "main", "value": f"Hafen {n} nach Sturm wieder offen (v{version})"}],
            "subjects": [{"name": "Verkehr", "literal": "medtop:20000023"}],
            "bodies": [
                {
                    "role": "html",
                    "contenttype": "text/html",
                    "value": "".join(f"<p>Absatz {i} über den Hafen <b>{n}</b>.</p>" for i in range(8)),
                }
            ],
        }
    ).encode()


def newsml(n: int, version: int = 1) -> bytes:
    paragraphs = "".join(f"<p>Paragraph {i} about the port <em>{n}</em>.</p>" for i in range(8))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:afp.com:bench:{n}" version="{version}"
  standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/>
    <versionCreated>2024-03-01T10:{version % 60:02d}:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><urgency>3</urgency><located><name>Paris</name></located><creator><name>Anne Martin</name></creator>
    <subject qcode="medtop:04000000"><name xml:lang="en">economy, business and finance</name></subject>
    <headline>Port {n} reopens after storm (v{version})</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">
    <body><body.head><byline>By Anne Martin</byline></body.head><body.content>{paragraphs}</body.content></body>
  </nitf></inlineXML></contentSet>
</newsItem>""".encode()


def rss(n: int, version: int = 1) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bench</title><language>en</language>
<item><title>Harbour {n} reopens (v{version})</title><guid>urn:rss:bench:{n}</guid>
<pubDate>Fri, 01 Mar 2024 10:{version % 60:02d}:00 GMT</pubDate><author>desk@agency.example</author>
<description>&lt;p&gt;The harbour {n} is open again.&lt;/p&gt;&lt;p&gt;Ships returned at dawn.&lt;/p&gt;</description>
</item></channel></rss>""".encode()


def atom(n: int, version: int = 1) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><id>urn:atom:bench</id>
<updated>2024-03-01T10:00:00Z</updated><entry><id>urn:atom:bench:{n}</id><title>Comet {n} (v{version})</title>
<updated>2024-03-01T10:{version % 60:02d}:00Z</updated><content type="html">&lt;p&gt;Comet {n}.&lt;/p&gt;</content>
</entry></feed>""".encode()


MAKERS = {"ninjs": ninjs, "newsml-g2": newsml, "rss": rss}


def setup():
    from newsdesk.wires.models import Agency, WireSource

    call_command("migrate", verbosity=0, interactive=False)
    agency, _ = Agency.objects.get_or_create(
        code="dpa", defaults={"name": "Deutsche Presse-Agentur", "short_name": "DPA"}
    )
    return WireSource.objects.get_or_create(
        name="bench",
        defaults={"agency": agency, "kind": WireSource.Kind.DROP_FOLDER, "folder_path": str(WORK / "drop")},
    )[0]


def anchor(count: int) -> float:
    """The same kind of work with nothing of ours: one SQLite transaction per file writing
    its bytes, with Python's sqlite3 in the same folder. Ratios to it discount the machine."""
    import sqlite3

    db = sqlite3.connect(WORK / "anchor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE item (guid TEXT UNIQUE, body BLOB)")
    payloads = [ninjs(n) for n in range(count)]
    started = time.perf_counter()
    for n, payload in enumerate(payloads):
        db.execute("BEGIN IMMEDIATE")
        db.execute("SELECT 1 FROM item WHERE guid = ?", (str(n),)).fetchone()
        db.execute("INSERT INTO item VALUES (?, ?)", (str(n), payload))
        db.execute("COMMIT")
    rate = count / (time.perf_counter() - started)
    db.close()
    print(f"anchor     {count} raw sqlite3 writes: {rate:,.0f}/s")
    return rate


def per_format(source, count: int, anchor_rate: float) -> dict:
    from newsdesk.wires.services import wire_file_ingest

    figures = {}
    for name, make in MAKERS.items():
        payloads = [make(n) for n in range(count)]
        latencies = []
        cpu_started = time.process_time()
        started = time.perf_counter()
        for n, payload in enumerate(payloads):
            t0 = time.perf_counter()
            result = wire_file_ingest(source=source, filename=f"{name}-{n}", payload=payload)
            latencies.append(time.perf_counter() - t0)
            assert result.status == "ingested", result.reason
        elapsed = time.perf_counter() - started
        # CPU time of this process: what the figure would be on a machine nobody else is using.
        cpu_ms = (time.process_time() - cpu_started) / count * 1000
        p99 = statistics.quantiles(latencies, n=100)[98] * 1000
        figures[name] = {"items_per_s": round(count / elapsed, 1), "p99_ms": round(p99, 2), "cpu_ms": round(cpu_ms, 3)}
        print(
            f"{name:10} {count} items in {elapsed:.2f}s: {count / elapsed:,.0f} items/s "
            f"({count / elapsed / anchor_rate:.0%} of the anchor), p99 {p99:.2f} ms, {cpu_ms:.2f} ms CPU per item"
        )
    return figures


BAD = [
    "xml_bomb.xml",
    "xml_external_entity.xml",
    "malformed.json",
    "malformed.xml",
    "empty.xml",
    "not_a_wire_file.png",
    "unreadable_date.xml",
    "bad_urgency.json",
    "xml_schema.xsd",
]
GOOD = ["latin1_declared_utf8.xml", "latin1.json", "odd_offsets.json", "script_and_handlers.json", "atom_feed.xml"]


def mixed_files(count: int, rng: random.Random) -> list[tuple[str, bytes]]:
    """Good items (new, newer and older versions, re-deliveries), real hostile files, and
    valid files corrupted at random."""
    files = []
    makers = [ninjs, newsml, rss, atom]
    for n in range(count):
        roll = rng.random()
        make = makers[n % len(makers)]
        story = 100_000 + rng.randrange(count // 3)
        if roll < 0.55:
            payload = make(story, version=rng.randint(1, 5))
        elif roll < 0.65:
            payload = (FIXTURES / rng.choice(GOOD)).read_bytes()
        elif roll < 0.8:
            payload = (FIXTURES / rng.choice(BAD)).read_bytes()
        else:
            data = bytearray(make(story, version=rng.randint(1, 5)))
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(data))
                if rng.random() < 0.5:
                    data[at] = rng.randrange(256)
                else:
                    del data[at:]
                    if not data:
                        break
            payload = bytes(data)
        files.append((f"mixed-{n:05d}.{'json' if payload[:1] in (b'{', b'[') else 'xml'}", payload))
    return files


def mixed(source, count: int) -> dict:
    from newsdesk.wires import services
    from newsdesk.wires.models import QuarantinedFile, WireItem, WireItemVersion

    drop = Path(source.folder_path)
    shutil.rmtree(drop, ignore_errors=True)
    drop.mkdir(parents=True)
    rng = random.Random(4)  # noqa: S311
    files = mixed_files(count, rng)
    past = time.time() - 60
    for name, payload in files:
        (drop / name).write_bytes(payload)
        os.utime(drop / name, (past, past))

    class Killed(BaseException):
        pass

    real_move = services._file_move
    moves = {"n": 0}

    def killed_midway(path, folder):
        moves["n"] += 1
        if moves["n"] == count // 2:
            raise Killed  # the watcher dies after committing a file and before moving it
        return real_move(path, folder)

    services._file_move = killed_midway
    started = time.perf_counter()
    results = []
    with contextlib.suppress(Killed):
        results += services.drop_folder_scan(source=source, settle_seconds=0)
    services._file_move = real_move
    first_run = len(list((drop / "processed").iterdir())) + len(list((drop / "quarantine").iterdir()))
    results += services.drop_folder_scan(source=source, settle_seconds=0)  # the restarted watcher
    elapsed = time.perf_counter() - started

    left = [p for p in drop.iterdir() if p.is_file()]
    processed = {p.name for p in (drop / "processed").iterdir()}
    quarantined = {p.name for p in (drop / "quarantine").iterdir()}
    accounted = 0
    for name, payload in files:
        if name in processed:
            accounted += bool((drop / "processed" / name).read_bytes() == payload)
        elif name in quarantined:
            record = QuarantinedFile.objects.filter(filename=name).first()
            accounted += bool(record and record.original_bytes == payload)
    guids = WireItem.objects.values_list("agency_id", "guid")
    duplicated_items = len(guids) - len(set(guids))
    versions = WireItemVersion.objects.values_list("item_id", "content_hash")
    duplicated_versions = len(versions) - len(set(versions))
    duplicated_quarantine = QuarantinedFile.objects.filter(filename__startswith="mixed-").count() - len(quarantined)
    figures = {
        "delivered": count,
        "ingested": len(processed),
        "quarantined": len(quarantined),
        "lost": count - accounted + len(left),
        "duplicated": duplicated_items + duplicated_versions + duplicated_quarantine,
    }
    print(
        f"mixed      {count} files in {elapsed:.1f}s ({count / elapsed:,.0f} files/s), killed after "
        f"{first_run} and restarted: {figures['ingested']} ingested, {figures['quarantined']} quarantined, "
        f"{figures['lost']} lost, {figures['duplicated']} duplicated"
    )
    return figures


def stories() -> dict:
    """Grouping every item of the window by similarity, as wires_watch does after new items."""
    from newsdesk.wires.models import WireItem, WireStory
    from newsdesk.wires.services import wire_stories_group

    count = WireItem.objects.count()
    started = time.perf_counter()
    wire_stories_group()
    elapsed = time.perf_counter() - started
    print(f"stories    grouped {count} items into {WireStory.objects.count()} stories in {elapsed:.2f}s")
    return {"items": count, "seconds": round(elapsed, 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="Items per format (default 2000).")
    parser.add_argument("--mixed", type=int, default=10_000, help="Files in the mixed run (default 10000).")
    args = parser.parse_args()
    anchor_rate = 0.0
    try:
        source = setup()
        anchor_rate = anchor(args.items)
        formats = per_format(source, args.items, anchor_rate)
        mixed_figures = mixed(source, args.mixed)
        stories_figures = stories()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    result = {
        "bench": "wires",
        "formats": formats,
        "mixed": mixed_figures,
        "stories": stories_figures,
        "anchor_items_per_s": round(anchor_rate, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
