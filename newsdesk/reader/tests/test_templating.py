"""The reader templates' Jinja2 environment (reader/templating.py)."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from newsdesk.reader import fragments, page_parts
from newsdesk.reader.templating import environment


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_editors_text_is_escaped_even_if_the_settings_turn_escaping_off():
    template = environment(autoescape=False).from_string("<h1>{{ title }}</h1>")
    assert template.render(title="<script>alert(1)</script>") == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"


def test_a_missing_value_renders_as_nothing_however_deep():
    assert render("[{{ page.section.title }}]{% if page.lead_image %}x{% endif %}") == "[]"


def test_dates_show_in_the_current_time_zone_as_djangos_engine_shows_them():
    moment = datetime.datetime(2026, 1, 5, 12, 30, tzinfo=datetime.UTC)
    with timezone.override("Europe/Berlin"):
        assert render("{{ moment|date('H:i') }}", moment=moment) == "13:30"
    assert render("{{ moment|date('j F Y, H:i') }}", moment=moment) == "5 January 2026, 12:30"


FRAGMENT = '{% fragment "test", key %}<p>{{ body }}</p>{% endfragment %}'


@pytest.fixture
def memo():
    fragments.memo.clear()
    yield
    fragments.memo.clear()


@pytest.mark.usefixtures("memo")
def test_a_fragment_is_rendered_once_per_generation_and_key(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cached = {"fragment_cache_seconds": 60, "cache_generation": "g1", "key": 1}
    assert render(FRAGMENT, body="first", **cached) == "<p>first</p>"
    assert render(FRAGMENT, body="second", **cached) == "<p>first</p>"
    assert render(FRAGMENT, body="second", **{**cached, "key": 2}) == "<p>second</p>"
    assert render(FRAGMENT, body="third", **{**cached, "cache_generation": "g2"}) == "<p>third</p>"


def test_a_fragment_is_rendered_every_time_when_caching_is_off():
    assert render(FRAGMENT, body="a", key=1, fragment_cache_seconds=0) == "<p>a</p>"
    assert render(FRAGMENT, body="<b>", key=1, fragment_cache_seconds=0) == "<p>&lt;b&gt;</p>"


def test_the_text_size_control_is_remembered_only_for_short_addresses():
    page_parts._text_size_control.cache_clear()
    factory = RequestFactory()
    short = factory.get("/world/?page=2")
    long = factory.get("/world/", {"q": "x" * 600})
    first = page_parts.text_size_control({"request": short, "text_size": "lg"})
    again = page_parts.text_size_control({"request": short, "text_size": "lg"})
    assert first == again and 'aria-current="true">LG<' in first
    assert "next=/world/%3Fpage%3D2" in first
    assert page_parts._text_size_control.cache_info().currsize == 1
    built = page_parts.text_size_control({"request": long, "text_size": "sm"})
    assert 'aria-current="true">SM<' in built and "x" * 600 in built
    assert page_parts._text_size_control.cache_info().currsize == 1
