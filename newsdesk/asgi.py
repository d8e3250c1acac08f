"""The ASGI application: the full-page cache in front of Django.

Production: granian --interface asgi --workers N newsdesk.asgi:application
(see README, "Running in production")."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.dev")
django_application = get_asgi_application()

from django.conf import settings  # noqa: E402  (after Django is set up)

from newsdesk.reader.pagecache import PageCacheMiddleware  # noqa: E402

application = PageCacheMiddleware(django_application, enabled=settings.NEWSDESK_PAGE_CACHE)
