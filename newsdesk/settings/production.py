"""Production: HTTPS everywhere, a real secret, collected static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("Set NEWSDESK_SECRET_KEY to a random string of 50 or more characters.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("NEWSDESK_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("NEWSDESK_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# nginx beside the app (deploy/nginx/newsdesk.conf) sends the pages the app keeps from files.
NEWSDESK_PAGE_FILES = env_bool("NEWSDESK_PAGE_FILES", True)  # noqa: F405

# The server's request threads are a fixed pool (newsdesk/asgi.py), so each keeps
# its database connection between requests instead of opening one per request.
# Health checks (base.py) replace a connection that died with the database.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("NEWSDESK_DB_CONN_MAX_AGE", "60"))  # noqa: F405
