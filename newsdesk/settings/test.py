"""Fast settings for the test run: in-memory caches, quick hashing, no manifest."""

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
