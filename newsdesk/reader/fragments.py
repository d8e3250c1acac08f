"""Rendered parts of reader pages, kept until anything readers see changes.

A fragment is looked up first in this process's memory, for the current cache
generation (routing.GenerationMemo: a dict lookup, nothing to hash or unpickle),
then in the shared Django cache (Redis in the scale-out configuration, so one
process's render serves the others), and only then rendered. Both are keyed by
the generation, which every change readers can see bumps, so neither is ever
stale. Django's {% cache %} did the shared lookup alone, hashing the key and
unpickling the fragment on every request: the four fragments of an article
page cost more than a tenth of its render.

Previews and the test settings (fragment_cache_seconds 0) render every time.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from .page_parts import context_language
from .routing import MISSING, GenerationMemo

# Up to 2,000 fragments of up to ~40 KB each per process, for one generation.
memo = GenerationMemo(max_entries=2_000)


def fragment(context, name: str, vary_on: tuple, render) -> str:
    """The fragment `name` for `vary_on`, rendered by `render()` only when neither store has it."""
    seconds = context.get("fragment_cache_seconds") or 0
    if not seconds:
        return render()
    token = str(context.get("cache_generation"))
    key = (name, context_language(context), *vary_on)  # the words are in the page's language
    value = memo.get(token, key)
    if value is not MISSING:
        return value
    shared_key = "newsdesk:fragment:" + hashlib.md5(repr((token, key)).encode(), usedforsecurity=False).hexdigest()
    value = cache.get(shared_key)
    if value is None:
        value = render()
        cache.set(shared_key, value, seconds)
    memo.set(token, key, value)
    return value
