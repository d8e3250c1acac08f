import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.dev")
django.setup(set_prefix=False)

from newsdesk.reader.routing import WSGIHandler  # noqa: E402  (after Django is set up)

application = WSGIHandler()
