"""What every parser returns, and the one error it may raise."""

import hashlib
import json
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
