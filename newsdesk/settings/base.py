"""Settings shared by every environment.

Everything that differs between a laptop and a cluster comes from environment
variables, so the embedded default (SQLite, local media, in-process pub/sub)
needs none of them and the scale-out configuration needs only a few.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("NEWSDESK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite and local media live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("NEWSDESK_SECRET_KEY", "")
DEBUG = env_bool("NEWSDESK_DEBUG", False)
ALLOWED_HOSTS = env_list("NEWSDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("NEWSDESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "newsdesk.accounts",
    "newsdesk.articles",
    "newsdesk.live",
    "newsdesk.wires",
    "newsdesk.reader",
    "newsdesk.distribution",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsdesk.reader.middleware.ConditionalGetMiddleware",  # Django's, with a faster ETag hash
    "newsdesk.reader.middleware.PublicCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsdesk.reader.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "newsdesk.reader.routing.ReaderRoutingMiddleware",
    "newsdesk.reader.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"

TEMPLATES = [
    # Reader pages, error pages and the live fragments: Jinja2, from each app's
    # jinja2/ folder. It renders an uncached article's chrome in a fraction of
    # the Django engine's time (docs/decisions/0011). Only the reader context
    # processor: these pages show no user, no messages and no form posts.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "newsdesk.reader.templating.environment",
            "context_processors": ["newsdesk.reader.context_processors.reader"],
        },
    },
    # The admin (Wagtail's and ours) and Django's own templates.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsdesk.wsgi.application"
ASGI_APPLICATION = "newsdesk.asgi.application"

# SQLite by default; DATABASE_URL=postgres://... for the scale-out configuration.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'newsdesk.sqlite3'}",
        conn_max_age=int(os.environ.get("NEWSDESK_DB_CONN_MAX_AGE", "0")),
    )
}
# Reconnect by itself after the database comes back.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is down, so readers get a 503 within a second.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("NEWSDESK_DB_CONNECT_TIMEOUT", "1"))
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the scheduler or an editor writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The language of the reader pages: their words, dates, `lang` and, for Arabic, right
# to left (`dir`). The admin follows each editor's own choice. Translations of the
# reader's words ship for the languages below (newsdesk/locale; `make messages`).
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
]
LANGUAGE_CODE = os.environ.get("NEWSDESK_LANGUAGE_CODE", "en-gb")
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("NEWSDESK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# With local media files (the embedded default) the app serves them itself.
SERVE_MEDIA = env_bool("NEWSDESK_SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "newsdesk.reader.staticfiles.StaticFilesStorage"},
}
# Scale-out: media in S3-compatible object storage (AWS S3, MinIO, Ceph...) through django-storages.
if os.environ.get("NEWSDESK_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["NEWSDESK_S3_BUCKET"],
            "endpoint_url": os.environ.get("NEWSDESK_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSDESK_S3_REGION") or None,
            "access_key": os.environ.get("NEWSDESK_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("NEWSDESK_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("NEWSDESK_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    SERVE_MEDIA = False

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsdesk",
    }
}
if os.environ.get("NEWSDESK_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["NEWSDESK_REDIS_URL"],
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True

# The full-page cache (reader/pagecache.py) in front of Django, and the
# Cache-Control that tells nginx and CDNs what they may keep.
NEWSDESK_PAGE_CACHE = env_bool("NEWSDESK_PAGE_CACHE", True)
NEWSDESK_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSDESK_PAGE_CACHE_SECONDS", "300"))
NEWSDESK_PAGE_CACHE_CHECK_SECONDS = float(os.environ.get("NEWSDESK_PAGE_CACHE_CHECK_SECONDS", "0.05"))
# Kept pages also written to VAR_DIR/page-files for nginx on the same machine to send
# (reader/pagefiles.py, `manage.py nginx_config`); on in production.py.
NEWSDESK_PAGE_FILES = env_bool("NEWSDESK_PAGE_FILES", False)
# With page files: after a change, each process renders again at once up to this many
# pages, those readers asked it for first after earlier changes and within the last
# NEWSDESK_PAGE_WARM_SECONDS (reader/pagewarm.py); 0 renders only on demand.
NEWSDESK_PAGE_WARM_PAGES = int(os.environ.get("NEWSDESK_PAGE_WARM_PAGES", "16"))
NEWSDESK_PAGE_WARM_SECONDS = float(os.environ.get("NEWSDESK_PAGE_WARM_SECONDS", "600"))
# Connections each server process holds at once under `manage.py serve`; every open page
# holds one for its event stream (~32 KB each under granian). More wait until one closes.
NEWSDESK_CONNECTIONS_PER_WORKER = int(os.environ.get("NEWSDESK_CONNECTIONS_PER_WORKER", "10000"))
# Threads per server process for Django's synchronous views (newsdesk/asgi.py); each keeps a database connection.
NEWSDESK_THREADS = int(os.environ.get("NEWSDESK_THREADS", "4"))
# Threads per server process for readers' GET and HEAD requests (newsdesk/bridge.py); 0 puts them on the pool above.
NEWSDESK_READER_THREADS = int(os.environ.get("NEWSDESK_READER_THREADS", "1"))
# Rendered parts of pages (an article's body, the navigation, the metadata) are
# kept in the Django cache under the same generation, so a page the page cache
# does not hold is still cheap to render. 0 turns this off.
NEWSDESK_FRAGMENT_CACHE_SECONDS = int(os.environ.get("NEWSDESK_FRAGMENT_CACHE_SECONDS", str(24 * 60 * 60)))
# Exact purges for a cache in front that accepts HTTP PURGE (Varnish, nginx with a
# purge module, a CDN proxy), through Wagtail's frontend cache. Empty: no purges.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("NEWSDESK_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["NEWSDESK_FRONTEND_CACHE_URL"],
    }

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploads: refuse huge bodies early with a clear error rather than filling the disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
NEWSDESK_VIDEO_MAX_UPLOAD_SIZE = 500 * 1024 * 1024
NEWSDESK_CAPTIONS_MAX_UPLOAD_SIZE = 2 * 1024 * 1024
# Wire ingest: a delivered file larger than this is quarantined unread, with its bytes kept.
NEWSDESK_WIRES_MAX_FILE_BYTES = int(os.environ.get("NEWSDESK_WIRES_MAX_FILE_BYTES", str(20 * 1024 * 1024)))

# Live delivery (newsdesk/live): the embedded default wakes the server processes of
# this machine (the workers of `manage.py serve`) with a datagram each; with
# NEWSDESK_REDIS_URL set, Redis pub/sub reaches readers on every machine ("postgres"
# uses LISTEN/NOTIFY on the default database).
NEWSDESK_REDIS_URL = os.environ.get("NEWSDESK_REDIS_URL", "")
NEWSDESK_LIVE_PUBSUB = os.environ.get("NEWSDESK_LIVE_PUBSUB", "redis" if NEWSDESK_REDIS_URL else "local")
if NEWSDESK_LIVE_PUBSUB not in ("local", "redis", "postgres"):
    raise ImproperlyConfigured(
        f"NEWSDESK_LIVE_PUBSUB must be local, redis or postgres, not {NEWSDESK_LIVE_PUBSUB!r}"
        " (before docs/decisions/0018, 'local' was 'inprocess')."
    )
NEWSDESK_LIVE_CHANNEL = os.environ.get("NEWSDESK_LIVE_CHANNEL", "newsdesk_live")
# How often each server process also reads the event log without being woken: a
# safety net behind the pub/sub (one small indexed query a poll).
NEWSDESK_LIVE_POLL_SECONDS = float(
    os.environ.get("NEWSDESK_LIVE_POLL_SECONDS", "1" if NEWSDESK_LIVE_PUBSUB == "local" else "15")
)
NEWSDESK_LIVE_HEARTBEAT_SECONDS = float(os.environ.get("NEWSDESK_LIVE_HEARTBEAT_SECONDS", "15"))

# Security headers that hold in every environment; production.py adds HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail lets its own preview frame through
SESSION_COOKIE_HTTPONLY = True

# Reader pages: no inline script at all. The Wagtail admin keeps the same
# script rule; it needs inline styles only (see reader/middleware.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Distribution (newsdesk/distribution): feeds carry each story's summary unless this
# is on. Agency copy is licensed for our pages: check the contracts before turning it on.
NEWSDESK_FEED_FULL_TEXT = env_bool("NEWSDESK_FEED_FULL_TEXT", False)
# Purged in caches in front on every publish (reader/signal_handlers.py); section,
# topic and author feeds there expire with s-maxage.
NEWSDESK_FEED_PATHS = ("/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/sitemap.xml", "/sitemap-news.xml")

if os.environ.get("NEWSDESK_S3_BUCKET"):
    # Photos and video come from the bucket's origin: let them through the CSP.
    from urllib.parse import urlsplit

    _endpoint = urlsplit(os.environ.get("NEWSDESK_S3_ENDPOINT_URL", ""))
    MEDIA_ORIGIN = os.environ.get("NEWSDESK_MEDIA_ORIGIN") or (
        f"https://{os.environ['NEWSDESK_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("NEWSDESK_S3_CUSTOM_DOMAIN")
        else f"{_endpoint.scheme}://{_endpoint.netloc}"
        if _endpoint.netloc
        else f"https://{os.environ['NEWSDESK_S3_BUCKET']}.s3.amazonaws.com"
    )
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(MEDIA_ORIGIN)

# Wagtail
WAGTAIL_SITE_NAME = "Newsdesk"
WAGTAILADMIN_BASE_URL = os.environ.get("NEWSDESK_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "articles.NewsImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: video is hosted and captioned here

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NEWSDESK_LOG_LEVEL", "INFO")},
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
