"""Writes of the wire desk: files in (parsed, deduplicated, versioned or quarantined),
quarantined files retried, and articles composed from wire items.

Ingest never raises for bad input and never loses a file: every delivered file ends as
stored items or as a QuarantinedFile holding its exact bytes and a reason for a person.
"""

import hashlib
import logging
import os
import re
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path

import nh3
from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from lxml import html as lxml_html
from wagtail.models import Page

from newsdesk.articles.models import ArticlePage, SectionPage
from newsdesk.articles.services import article_create

from . import similarity
from .models import (
    ArticleWireItem,
    QuarantinedFile,
    WireItem,
    WireItemVersion,
    WirePayload,
    WireSource,
    WireStory,
)
from .parsers import ParsedItem, WireParseError, guess_format, parse_payload
from .parsers.markup import plain_text, truncate_words

logger = logging.getLogger(__name__)

CREATED = "created"
UPDATED = "updated"
DUPLICATE = "duplicate"
STALE = "stale"  # an older version arriving late: filed in the history, the desk keeps the newer one

_CONTENT_FIELDS = [f.name for f in fields(ParsedItem) if f.name not in ("guid",)]


class EmbargoError(ValueError):
    """Publishing was refused because a wire item is still under embargo."""


@dataclass
class ItemOutcome:
    item: WireItem
    outcome: str


@dataclass
class IngestResult:
    """What became of one delivered file: its items, or the quarantine record that holds it."""

    filename: str
    format: str = ""
    outcomes: list[ItemOutcome] = field(default_factory=list)
    quarantined: QuarantinedFile | None = None

    @property
    def status(self) -> str:
        return "quarantined" if self.quarantined else "ingested"

    @property
    def reason(self) -> str:
        return self.quarantined.reason if self.quarantined else ""

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def items(self) -> list[WireItem]:
        return [o.item for o in self.outcomes]


def max_file_bytes() -> int:
    return int(getattr(settings, "NEWSDESK_WIRES_MAX_FILE_BYTES", 20 * 1024 * 1024))


def max_readable_bytes() -> int:
    """Files over the parse limit are still read and kept in quarantine, up to this size;
    beyond it they are not even read into memory and stay where they are on disk."""
    return max_file_bytes() * 4


def wire_file_ingest(*, source: WireSource, filename: str, payload: bytes) -> IngestResult:
    """Read one delivered file and put its items on the desk.

    Per item: new guid, created; same copy again (any version already held), duplicate,
    nothing changes; newer version, it replaces the one on the desk and both stay in the
    history; older version arriving late, it joins the history only (stale). A file is all
    or nothing: if any item in it cannot be read, the whole file is quarantined, so a
    retry after a fix reads it whole."""
    return _ingest(source=source, filename=filename, payload=payload)


def _ingest(
    *,
    source: WireSource | None,
    filename: str,
    payload: bytes,
    quarantined: QuarantinedFile | None = None,
    user=None,
) -> IngestResult:
    filename = (filename or "")[:255]
    try:
        parsed = parse_payload(payload, max_bytes=max_file_bytes())
    except WireParseError as error:
        return IngestResult(filename, quarantined=_quarantine(source, filename, payload, str(error), quarantined))
    except Exception as error:  # a parser bug must neither stop ingest nor lose the file
        logger.exception("Wire parser failed on %s", filename)
        reason = (
            f"Newsdesk failed while reading this file ({type(error).__name__}: {str(error)[:200]}). "
            "This is a fault in Newsdesk, not necessarily in the file; retry it after a fix."
        )
        return IngestResult(filename, quarantined=_quarantine(source, filename, payload, reason, quarantined))

    agency = source.agency if source else None
    if agency is None:
        reason = "The file has no source, so there is no agency to file its items under."
        return IngestResult(
            filename, parsed.format, quarantined=_quarantine(source, filename, payload, reason, quarantined)
        )

    for attempt in (1, 2):
        try:
            with transaction.atomic():
                payload_get = _payload_getter(payload, filename, parsed.format)
                now = timezone.now()
                has_nul = b"\x00" in payload or b"\\u0000" in payload
                items = [_without_nul(item) for item in parsed.items] if has_nul else parsed.items
                outcomes = [_item_store(agency, source, item, payload_get, now) for item in items]
                if quarantined is not None:
                    quarantined.status = QuarantinedFile.Status.RESOLVED
                    quarantined.resolved_at = now
                    quarantined.resolved_by = user if getattr(user, "pk", None) else None
                    quarantined.save(
                        update_fields=["status", "resolved_at", "resolved_by", "retry_count", "last_retried_at"]
                    )
            return IngestResult(filename, parsed.format, outcomes)
        except IntegrityError:
            if attempt == 1:
                continue  # another process stored the same new item between our read and write: read again
            error_text = "it clashed twice with items being stored at the same time"
        except DatabaseError as error:
            if not isinstance(error, DataError):
                raise  # the database itself is failing: not the file's fault, and nothing can be kept
            error_text = f"the database refused a value ({str(error)[:200]})"
        except Exception as error:
            logger.exception("Storing the items of %s failed", filename)
            error_text = f"Newsdesk failed ({type(error).__name__}: {str(error)[:200]})"
        reason = f"The file was read but its items could not be stored: {error_text}. Retry it after a fix."
        return IngestResult(
            filename, parsed.format, quarantined=_quarantine(source, filename, payload, reason, quarantined)
        )
    raise AssertionError("unreachable")


def _payload_getter(payload: bytes, filename: str, format: str) -> Callable[[], str]:
    """The payload row is written only when an item needs it (a pure re-delivery stores
    nothing), once per file, and without reading it back: rows are keyed by SHA-256."""
    stored: list[str] = []

    def get() -> str:
        if not stored:
            digest = hashlib.sha256(payload).hexdigest()
            # INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL): a fifth of the ORM's cost here.
            table = connection.ops.quote_name(WirePayload._meta.db_table)
            received_at = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (sha256, data, filename, format, size, received_at) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
                    [digest, payload, filename, format, len(payload), received_at],
                )
            stored.append(digest)
        return stored[0]

    return get


def _without_nul(item: ParsedItem) -> ParsedItem:
    # PostgreSQL refuses NUL in text and JSON; no agency means one.
    def clean(value):
        if isinstance(value, str):
            return value.replace("\x00", "")
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    for name in [f.name for f in fields(item)]:
        setattr(item, name, clean(getattr(item, name)))
    return item


def _content(item: ParsedItem, content_hash: str, payload_sha256: str) -> dict:
    values = {name: getattr(item, name) for name in _CONTENT_FIELDS}
    values.update(content_hash=content_hash, payload_id=payload_sha256)
    return values


def _is_newer(incoming: ParsedItem, current: WireItem) -> bool:
    if incoming.version is not None and current.version is not None and incoming.version != current.version:
        return incoming.version > current.version
    if (
        incoming.version_created_at
        and current.version_created_at
        and incoming.version_created_at != current.version_created_at
    ):
        return incoming.version_created_at > current.version_created_at
    # Same version and time but different copy: the agency re-sent a correction; the last delivery wins.
    return True


def _item_id(agency, guid: str) -> int | None:
    # The hottest query of ingest, and most often it finds nothing: plain SQL costs a tenth
    # of the ORM's query building here. Rows are locked by the UPDATE that may follow.
    table = connection.ops.quote_name(WireItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE agency_id = %s AND guid = %s", [agency.pk, guid])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def _item_store(agency, source, parsed: ParsedItem, payload_get, now: datetime) -> ItemOutcome:
    content_hash = parsed.content_hash()
    item_id = _item_id(agency, parsed.guid)
    if item_id is None:
        item = WireItem.objects.create(
            agency=agency,
            source=source,
            guid=parsed.guid,
            received_at=now,
            updated_at=now,
            **_content(parsed, content_hash, payload_get()),
        )
        return ItemOutcome(item, CREATED)
    item = WireItem.objects.select_for_update().get(pk=item_id)
    if item.content_hash == content_hash or item.versions.filter(content_hash=content_hash).exists():
        return ItemOutcome(item, DUPLICATE)
    values = _content(parsed, content_hash, payload_get())
    if not _is_newer(parsed, item):
        WireItemVersion.objects.create(item=item, received_at=now, **values)
        return ItemOutcome(item, STALE)
    # The version on the desk goes into the history; the newer one takes its place.
    WireItemVersion.objects.create(
        item=item,
        received_at=item.updated_at,
        **{name: getattr(item, name) for name in [*_CONTENT_FIELDS, "content_hash", "payload_id"]},
    )
    for name, value in values.items():
        setattr(item, name, value)
    item.updated_at = now
    item.source = source or item.source
    item.save()
    return ItemOutcome(item, UPDATED)


def _readable(reason: str) -> str:
    """A reason a person can read and any database can store (PostgreSQL text refuses NUL)."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "?" for ch in reason)


def _quarantine(
    source: WireSource | None, filename: str, payload: bytes, reason: str, existing: QuarantinedFile | None
) -> QuarantinedFile:
    reason = _readable(reason)
    if existing is not None:
        existing.reason = reason
        existing.save(update_fields=["reason", "retry_count", "last_retried_at"])
        return existing
    return wire_file_quarantine(source=source, filename=filename, payload=payload, reason=reason)


def wire_file_quarantine(
    *, source: WireSource | None, filename: str, payload: bytes, reason: str, size: int | None = None
) -> QuarantinedFile:
    """Keep a file that cannot be read, with the reason. The same file (name and bytes) from
    the same source already waiting in quarantine is not stored twice, so a re-run after a
    crash adds nothing. size is given for files too large to have been read (payload empty)."""
    digest = hashlib.sha256(payload).hexdigest()
    filename = _readable(filename or "")[:255]
    reason = _readable(reason)
    with transaction.atomic():
        waiting = QuarantinedFile.objects.waiting().filter(sha256=digest, source=source, filename=filename).first()
        if waiting is not None:
            return waiting
        return QuarantinedFile.objects.create(
            source=source,
            filename=filename,
            data=payload,
            size=len(payload) if size is None else size,
            sha256=digest,
            format=guess_format(payload),
            reason=reason,
        )


def quarantined_file_retry(*, quarantined: QuarantinedFile, user=None, payload: bytes | None = None) -> IngestResult:
    """Read a quarantined file again, after a fix in Newsdesk or with a corrected copy
    (payload). On success its items go on the desk and the record is marked resolved; the
    original bytes stay on the record either way. On failure the reason is updated."""
    quarantined.retry_count += 1
    quarantined.last_retried_at = timezone.now()
    data = quarantined.original_bytes if payload is None else payload
    return _ingest(
        source=quarantined.source, filename=quarantined.filename, payload=data, quarantined=quarantined, user=user
    )


# Composing articles from wire items

_RICH_TEXT_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br"}
_HEADING = re.compile(r"^h[2-6]$")


def _rich_text(markup: str) -> str:
    markup = re.sub(r"<(/?)strong\b", r"<\1b", markup)
    markup = re.sub(r"<(/?)em\b", r"<\1i", markup)
    return nh3.clean(markup, tags=_RICH_TEXT_TAGS, attributes={"a": {"href"}}, link_rel=None).strip()


def wire_body_blocks(item: WireItem) -> list[tuple[str, object]]:
    """The item's sanitised HTML as article body blocks: paragraphs, lists and subheads."""
    blocks: list[tuple[str, object]] = []
    if item.body.strip():
        for element in lxml_html.fragments_fromstring(item.body):
            if isinstance(element, str):
                if text := " ".join(element.split()):
                    blocks.append(("paragraph", _rich_text(f"<p>{text}</p>")))
                continue
            tag = element.tag if isinstance(element.tag, str) else ""
            text = " ".join(element.text_content().split())
            if not text:
                continue
            if _HEADING.match(tag):
                blocks.append(("subhead", truncate_words(text, 150)))
            elif tag in ("p", "ul", "ol"):
                blocks.append(("paragraph", _rich_text(lxml_html.tostring(element, encoding="unicode"))))
            else:
                blocks.append(("paragraph", _rich_text(f"<p>{nh3.clean(text, tags=set())}</p>")))
    if not blocks and item.summary:
        blocks.append(("paragraph", _rich_text(f"<p>{nh3.clean(item.summary, tags=set())}</p>")))
    return blocks


def _unique_slug(section: SectionPage, title: str) -> str:
    base = slugify(title)[:70] or "wire-story"
    slug, number = base, 1
    siblings = Page.objects.child_of(section)
    while siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def article_create_from_wires(
    *,
    items: Sequence[WireItem],
    section: SectionPage,
    user=None,
    publish: bool = False,
    title: str = "",
    attribution_override: str = "",
) -> ArticlePage:
    """An article built from wire items, in the order given: the first gives the headline,
    standfirst and dateline; each item's text goes into the body (items after the first
    under a subhead naming their agency). The article records the items and the versions
    it used, and names their agencies as its sources, which makes the attribution line.

    An item under embargo can be composed from but not published: publish=True raises
    EmbargoError, and the draft's go-live time is set to the embargo's end so Wagtail's
    scheduled publishing holds it until then."""
    items = list(items)
    if not items:
        raise ValueError("Choose at least one wire item to build the article from.")
    now = timezone.now()
    embargoes = [item for item in items if item.embargoed_until and item.embargoed_until > now]
    if publish and embargoes:
        first = min(embargoes, key=lambda item: item.embargoed_until)
        until = max(item.embargoed_until for item in embargoes)
        raise EmbargoError(
            f'"{first.headline}" from {first.agency.short_name} is under embargo until '
            f"{until:%Y-%m-%d %H:%M} UTC; the article cannot be published before then."
        )
    lead = items[0]
    body: list[tuple[str, object]] = []
    for number, item in enumerate(items):
        if number:
            body.append(("subhead", truncate_words(f"{item.agency.short_name}: {item.headline}", 150)))
        body += wire_body_blocks(item)
    standfirst = lead.summary or next((plain_text(value) for kind, value in body if kind == "paragraph"), "")
    agencies = list({item.agency_id: item.agency for item in items}.values())
    headline = truncate_words(title or lead.headline, 255)
    page = article_create(
        section=section,
        title=headline,
        slug=_unique_slug(section, headline),
        standfirst=truncate_words(standfirst or lead.headline, 400),
        body=body,
        agencies=agencies,
        dateline_place=truncate_words(lead.dateline, 80),
        attribution_override=attribution_override,
        user=user,
        publish=False,
    )
    page.wire_items = [
        ArticleWireItem(item=item, version=item.version, content_hash=item.content_hash, sort_order=number)
        for number, item in enumerate(items)
    ]
    if embargoes:
        page.go_live_at = max(item.embargoed_until for item in embargoes)
    page.save()  # commits the wire item links, so drafts record them too
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


# Drop folders

PROCESSED_DIR = "processed"
QUARANTINE_DIR = "quarantine"
# Names FTP and SFTP servers and agencies' tools give files still being written.
_IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", ".uploading")


def _stat_key(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _file_move(path: Path, folder: Path) -> Path:
    """Move a finished file aside without overwriting an earlier file of the same name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    number = 1
    while target.exists():
        target = folder / f"{path.stem}-{number}{path.suffix}"
        number += 1
    os.replace(path, target)
    return target


def drop_folder_file_process(*, source: WireSource, path: Path) -> IngestResult | None:
    """Ingest one file from a drop folder, then move it to processed/ or quarantine/.

    The move happens only after ingest has committed. If the process dies in between, the
    file is still in the folder and is read again on the next run: its items are then exact
    re-deliveries (duplicates) and a quarantined file matches its waiting record, so nothing
    is lost and nothing is stored twice. Returns None if the file changed while being read."""
    folder = Path(source.folder_path)
    before = _stat_key(path)
    if before[0] > max_readable_bytes():
        reason = (
            f"The file is {before[0]:,} bytes, far over the {max_file_bytes():,}-byte limit for one wire file. "
            f"It was not read and is kept unchanged in {QUARANTINE_DIR}/ of the drop folder."
        )
        record = wire_file_quarantine(source=source, filename=path.name, payload=b"", reason=reason, size=before[0])
        _file_move(path, folder / QUARANTINE_DIR)
        return IngestResult(path.name, quarantined=record)
    try:
        payload = path.read_bytes()
    except OSError as error:
        logger.warning("Cannot read %s yet: %s", path, error)  # permissions or a transfer lock: next poll
        return None
    if _stat_key(path) != before or len(payload) != before[0]:
        return None  # still being written after all: the next poll takes it
    result = wire_file_ingest(source=source, filename=path.name, payload=payload)
    if _stat_key(path) == before:
        _file_move(path, folder / (QUARANTINE_DIR if result.quarantined else PROCESSED_DIR))
    return result


def drop_folder_scan(
    *, source: WireSource, settle_seconds: float = 2.0, seen: dict | None = None
) -> list[IngestResult]:
    """Process every file in the source's drop folder that has stopped growing: unchanged
    in size and modification time since the previous scan (when `seen` carries the previous
    scan's observations) and not modified for settle_seconds."""
    folder = Path(source.folder_path)
    if not folder.is_dir():
        logger.warning("Drop folder %s of source %s does not exist", folder, source)
        return []
    results = []
    now = time.time()
    WireSource.objects.filter(pk=source.pk).update(last_checked_at=timezone.now())
    present = set()
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name.lower().endswith(_IN_PROGRESS_SUFFIXES):
            continue
        try:
            key = _stat_key(path)
        except FileNotFoundError:
            continue
        present.add(path.name)
        if seen is not None:
            previous = seen.get(path.name)
            seen[path.name] = key
            if previous != key:
                continue
        if now - key[1] / 1e9 < settle_seconds:
            continue
        result = drop_folder_file_process(source=source, path=path)
        if result is not None:
            if seen is not None:
                seen.pop(path.name, None)
            results.append(result)
    if seen is not None:
        for name in set(seen) - present:
            del seen[name]  # taken away by the agency before it settled
    return results


# HTTP feeds


@dataclass
class FeedResponse:
    status: int
    headers: dict
    body: bytes = b""


def _feed_fetch(url: str, headers: dict, limit: int, timeout: float = 30.0) -> FeedResponse:
    """GET with the given headers; a 304 is a response, not an error. Reads at most limit + 1 bytes."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - feed URLs are set by administrators
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return FeedResponse(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read(limit + 1)
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return FeedResponse(304, {k.lower(): v for k, v in error.headers.items()})
        raise


def wire_feed_poll(*, source: WireSource, fetch: Callable[..., FeedResponse] | None = None) -> IngestResult | None:
    """Fetch a feed source with a conditional GET (ETag, Last-Modified) and ingest what
    came back. Returns None when the feed has not changed or cannot be reached (it is
    tried again at the next poll); the validators are stored only after ingest has
    committed, so a crash in between fetches the same feed again, harmlessly."""
    fetch = fetch or _feed_fetch
    headers = {
        "User-Agent": "Newsdesk wire desk",
        "Accept": "application/rss+xml, application/atom+xml, application/json, application/xml;q=0.9, */*;q=0.5",
    }
    if source.feed_etag:
        headers["If-None-Match"] = source.feed_etag
    if source.feed_last_modified:
        headers["If-Modified-Since"] = source.feed_last_modified
    checked = {"last_checked_at": timezone.now()}
    try:
        response = fetch(source.feed_url, headers, max_readable_bytes())
    except (OSError, ValueError) as error:  # network errors, timeouts, HTTP errors, bad URLs
        logger.warning("Feed %s (%s) could not be fetched: %s", source, source.feed_url, error)
        WireSource.objects.filter(pk=source.pk).update(**checked)
        return None
    if response.status == 304:
        WireSource.objects.filter(pk=source.pk).update(**checked)
        return None
    if len(response.body) > max_readable_bytes():
        reason = f"The feed answered with more than {max_readable_bytes():,} bytes; it was not read."
        record = wire_file_quarantine(
            source=source, filename=_feed_filename(source), payload=b"", reason=reason, size=len(response.body)
        )
        result = IngestResult(record.filename, quarantined=record)
    else:
        result = wire_file_ingest(source=source, filename=_feed_filename(source), payload=response.body)
    source.feed_etag = response.headers.get("etag", "")[:500]
    source.feed_last_modified = response.headers.get("last-modified", "")[:100]
    WireSource.objects.filter(pk=source.pk).update(
        feed_etag=source.feed_etag, feed_last_modified=source.feed_last_modified, **checked
    )
    return result


def _feed_filename(source: WireSource) -> str:
    return f"{slugify(source.name) or 'feed'}-{timezone.now():%Y%m%dT%H%M%S}"


# Stories: items from several agencies about the same event

STORY_THRESHOLD = 0.3
STORY_WINDOW_HOURS = 48


def wire_stories_group(*, now: datetime | None = None, window_hours: int = STORY_WINDOW_HOURS) -> int:
    """Group the items received in the last window_hours by text similarity into
    WireStory rows. Existing groups keep their key, so links to a story stay valid as
    items join it. Returns how many items changed story. Safe to run at any time."""
    now = now or timezone.now()
    since = now - timedelta(hours=window_hours)
    items = list(
        WireItem.objects.filter(received_at__gte=since)
        .select_related("agency")
        .only("pk", "headline", "summary", "body", "story_id", "agency__short_name", "received_at", "guid")
    )
    documents = {
        item.pk: similarity.tokens(item.headline, item.summary, plain_text(item.body) if item.body else "")
        for item in items
    }
    parent = {item.pk: item.pk for item in items}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for first, second, _ in similarity.similar_pairs(documents, STORY_THRESHOLD):
        parent[root(first)] = root(second)
    # Items already in the same story stay together even if their wording drifted.
    by_story = defaultdict(list)
    for item in items:
        if item.story_id:
            by_story[item.story_id].append(item.pk)
    for members in by_story.values():
        for pk in members[1:]:
            parent[root(pk)] = root(members[0])

    groups = defaultdict(list)
    for item in items:
        groups[root(item.pk)].append(item)
    changed = 0
    with transaction.atomic():
        for members in groups.values():
            if len(members) < 2:
                continue
            members.sort(key=lambda item: (item.received_at, item.pk))
            existing = sorted({item.story_id for item in members if item.story_id})
            if existing:
                story = WireStory.objects.get(pk=existing[0])
            else:
                key = hashlib.sha256(f"{members[0].agency_id}:{members[0].guid}".encode()).hexdigest()[:32]
                story, _ = WireStory.objects.get_or_create(key=key)
            agencies = list(dict.fromkeys(item.agency.short_name for item in members))
            total = WireItem.objects.filter(story=story).exclude(pk__in=[m.pk for m in members]).count()
            story.size = total + len(members)
            story.agencies = ", ".join(agencies)[:300]
            story.updated_at = now
            story.save()
            moved = [item.pk for item in members if item.story_id != story.pk]
            changed += WireItem.objects.filter(pk__in=moved).update(story=story)
    return changed
