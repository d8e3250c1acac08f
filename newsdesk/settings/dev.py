"""Settings for `make demo` and local work: the embedded default, nothing to configure."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("NEWSDESK_DEBUG", False)
# A fixed key is fine for a laptop; production.py refuses to start without a real one.
SECRET_KEY = SECRET_KEY or "newsdesk-dev-only-not-secret-k3y-0123456789abcdefghij"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
