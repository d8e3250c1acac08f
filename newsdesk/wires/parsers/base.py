"""What every parser returns, the one error it may raise, and the reading every format
shares: a file of several items, and the numbers of an item (version, urgency, sizes)."""

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime


class WireParseError(ValueError):
    """The file cannot be read as a news item. The message is for a person on the desk."""


@dataclass
class ParsedItem:
    """One version of a wire item, normalised. Text fields are plain text except body,
    which is sanitised HTML."""

    format: str
    guid: str
    headline: str
    version: int | None = None
    body: str = ""
    summary: str = ""
    byline: str = ""
    dateline: str = ""
    language: str = ""
    subjects: list[dict] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    urgency: int | None = None
    embargoed_until: datetime | None = None
    first_created_at: datetime | None = None
    version_created_at: datetime | None = None
    media: list[dict] = field(default_factory=list)

    def content_hash(self) -> str:
        """Equal hashes mean the same copy: a re-delivery, whatever bytes carried it."""
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for name in ("embargoed_until", "first_created_at", "version_created_at"):
            data[name] = data[name].isoformat() if data[name] else None
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


_FIELD_NAMES = [f.name for f in fields(ParsedItem)]


@dataclass
class ParsedFile:
    format: str
    items: list[ParsedItem]


def parse_each(entries: Sequence, parse_one: Callable[..., ParsedItem], *, name: str, where: str) -> list[ParsedItem]:
    """Every entry of a file that holds several items, or WireParseError for the first that
    cannot be read, saying which ("Item 3 of 5 in the list: ...") so the desk can find it."""
    items = []
    for number, entry in enumerate(entries, start=1):
        try:
            items.append(parse_one(entry))
        except WireParseError as error:
            raise WireParseError(f"{name} {number} of {len(entries)} in {where}: {error}") from error
    return items


def version_from_text(text: str) -> int | None:
    """An item's version: digits that fit the database's integer, else none."""
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**31 else None


def urgency_from_text(text: str) -> int | None:
    """IPTC urgency, 1 (most urgent) to 9; agencies' out-of-range values are brought within it."""
    if not text:
        return None
    try:
        return min(max(int(float(text)), 1), 9)
    except (ValueError, OverflowError) as error:  # OverflowError: "1e999" is infinite
        raise WireParseError(f'The urgency "{text[:20]}" is not a number from 1 to 9.') from error


def size_from_text(text: str) -> int | None:
    """A rendition's width or height in pixels, when it is a plain number of sensible length."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
