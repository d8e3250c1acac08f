"""The push endpoint, a django-ninja API (api.py), so /api/openapi.json describes it."""

from .api import api

app_name = "wires"
urlpatterns = api.urls[0]  # wires:push
