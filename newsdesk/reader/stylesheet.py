"""The reader stylesheet, inlined in every page's head.

An external stylesheet is a request that blocks the first paint; on a slow phone
that is a round trip before any headline shows. The whole stylesheet is small
(about 3 KB compressed), so it goes in a <style> element, and the
Content-Security-Policy allows exactly that element by its SHA-256 hash, not
inline styles in general."""

import base64
import functools
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

READER_STYLESHEET = "reader/reader.css"


@functools.cache
def _load(path: str) -> tuple[str, str]:
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"Static file {path} not found")
    with open(found, encoding="utf-8") as handle:
        css = handle.read()
    if "</" in css:
        raise ImproperlyConfigured(f"{path} must not contain '</' to be inlined")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def stylesheet(path: str = READER_STYLESHEET) -> tuple[str, str]:
    """(the CSS text, its CSP source expression). Read once per process unless DEBUG."""
    if settings.DEBUG:
        _load.cache_clear()
    return _load(path)
