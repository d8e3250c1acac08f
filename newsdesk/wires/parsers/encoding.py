"""Turning delivered bytes into text when the declared encoding cannot be trusted."""

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if len(data) >= 4 and data[0] and not data[1] and not data[3]:
        return "utf-16-le"
    if len(data) >= 4 and not data[0] and data[1] and not data[2]:
        return "utf-16-be"
    return None


def decode_text(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode with the byte-order mark, then the declared encoding, then UTF-8, then
    Windows-1252 (what most "Latin-1" wires really are), then Latin-1, which never fails.
    Returns the text and the encoding used."""
    candidates = []
    if encoding := bom_encoding(data):
        candidates.append(encoding)
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1"), "latin-1"
