"""Reading the dates agencies write: ISO 8601 when they follow the standard, and what a
person would still read as a date when they do not (RFC 822, padded, "GMT+2", no zone)."""

import email.utils
import re
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

from .base import WireParseError

# POSIX zones ("GMT+2") have the sign backwards in dateutil; people mean two hours east.
_GMT_OFFSET = re.compile(r"\s*(?:GMT|UTC|Z)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\d{4}")
_ZONES = {
    "UT": 0,
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "WET": 0,
    "BST": 3600,
    "WEST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "MEZ": 3600,
    "MESZ": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "IST": 19800,
    "JST": 32400,
    "AEST": 36000,
    "AEDT": 39600,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
}
_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    # A wire date without a zone is taken as UTC: agencies that omit it file in UTC.
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return value


def parse_datetime(value, *, field: str) -> datetime | None:
    """None for missing or blank values; an aware datetime for anything readable;
    WireParseError naming the field for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise WireParseError(f"{field} is {value!r}, not a date.")
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds since the epoch
        try:
            return _check(datetime.fromtimestamp(seconds, tz=UTC), field, str(value))
        except (OverflowError, OSError, ValueError) as error:
            raise WireParseError(f"{field} {value!r} is not a date we can read.") from error
    if not isinstance(value, str):
        raise WireParseError(f"{field} is a {type(value).__name__}, not a date.")
    text = " ".join(value.replace("\u00a0", " ").replace("\u200b", "").split())
    if not text:
        return None
    if match := _GMT_OFFSET.search(text):
        sign, hours, minutes = match.groups()
        text = f"{text[: match.start()]}{sign}{int(hours):02d}:{minutes or '00'}"
    parsed = _parse(text)
    if parsed is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise WireParseError(f'{field} "{shown}" is not a date we can read.')
    return _check(parsed, field, text)


def _parse(text: str) -> datetime | None:
    for candidate in (text, text.replace(" ", "T", 1), text.replace(" +", "+").replace(" -", "-")):
        try:
            return _aware(datetime.fromisoformat(candidate))
        except ValueError:
            pass
    try:
        return _aware(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    if not _HAS_YEAR.search(text):
        return None  # dateutil would read "12" as the 12th of this month
    try:
        return _aware(dateutil_parser.parse(text, tzinfos=_ZONES))
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None


def _check(value: datetime, field: str, text: str) -> datetime:
    try:
        value = value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise WireParseError(f'{field} "{text}" is out of range.') from error
    if not _EARLIEST <= value < _LATEST:
        raise WireParseError(f'{field} "{text}" is not a plausible date (year {value.year}).')
    return value
