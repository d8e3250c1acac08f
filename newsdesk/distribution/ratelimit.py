"""Requests per minute per partner key, counted in Django's cache.

A fixed one-minute window: `cache.add` then `cache.incr` are atomic in Redis and
in the in-process cache, so concurrent requests are all counted. With the
embedded cache each server process counts on its own; set NEWSDESK_REDIS_URL to
share the count."""

import time

from django.core.cache import cache

WINDOW_SECONDS = 60


def rate_limit_hit(*, key_id: int, limit: int, now: float | None = None) -> float | None:
    """Count one request. Returns None if it is allowed, or the seconds until the
    next window if the key is over its limit."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    cache_key = f"newsdesk:api-rate:{key_id}:{window}"
    if cache.add(cache_key, 1, timeout=WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    if count > limit:
        return WINDOW_SECONDS - (now % WINDOW_SECONDS)
    return None
