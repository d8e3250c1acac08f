"""Fast settings for the test run: in-memory caches, quick hashing, no manifest."""

import os
import time

from .base import *  # noqa: F403

SECRET_KEY = "newsdesk-test-only-not-secret-0123456789abcdefghijklmnop"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests run inside transactions that never commit, so invalidation on commit never
# happens; fragment caching is tested on its own, with real commits.
NEWSDESK_FRAGMENT_CACHE_SECONDS = 0
# The scale-out run shares the machine's Redis with earlier runs, whose test
# databases numbered their rows the same: a key prefix of its own per run keeps
# their cached entries (Wagtail's renditions, say) from answering for this one's.
if "KEY_PREFIX" not in CACHES["default"] and "redis" in CACHES["default"]["BACKEND"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{time.time_ns()}"  # noqa: F405
