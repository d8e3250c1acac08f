"""Fixtures shared by every app's tests: a small newsroom built through the services."""

import io
import os

import pytest
from PIL import Image as PILImage

from newsdesk.accounts import roles


def png_bytes(width=64, height=36, colour=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


# Debian's Chromium for the browser tests (Playwright cannot download its own here).
# Without the background-networking flags it keeps trying to reach Google's hosts.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright's sync API, for every browser test, one per test module.

    Per module, not per session: while it is open Playwright's event loop runs in this
    thread and changes how Django treats ORM calls and looks up connections (below), which
    the modules without a browser must not inherit."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in this thread meanwhile, which makes Django refuse
    # ORM calls from the test unless told it is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    thread_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            # Once an event loop runs in this thread, Django looks its connections up per
            # asyncio context instead of per thread, and would open fresh ones that lack the
            # test database's serialized contents and are not the ones the live server shares.
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nA test caption.\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def section(db):
    from newsdesk.articles.services import section_get_or_create

    return section_get_or_create(title="World", intro="News from everywhere.")


@pytest.fixture
def other_section(db):
    from newsdesk.articles.services import section_get_or_create

    return section_get_or_create(title="Science")


@pytest.fixture
def photo(db):
    from newsdesk.articles.services import image_create

    return image_create(
        title="Harbour at dawn",
        data=png_bytes(1600, 900),
        filename="harbour.png",
        alt_text="Fishing boats moored in a calm harbour at sunrise",
        caption="The harbour before the storm.",
        credit="Newsdesk illustration",
    )


@pytest.fixture
def video(db, photo):
    from newsdesk.articles.services import video_create

    return video_create(
        title="The harbour wall",
        video=b"\x00\x00\x00\x18ftypmp42",
        video_filename="harbour.mp4",
        captions=VTT,
        poster=photo,
    )


@pytest.fixture
def agencies(db):
    from newsdesk.wires.models import Agency

    dpa = Agency.objects.create(name="Deutsche Presse-Agentur", short_name="DPA", code="dpa")
    afp = Agency.objects.create(name="Agence France-Presse", short_name="AFP", code="afp")
    return dpa, afp


@pytest.fixture
def author(db):
    from newsdesk.accounts.models import AuthorProfile

    return AuthorProfile.objects.create(name="Lena Fischer", job_title="Europe correspondent")


@pytest.fixture
def article(db, section, photo, video, agencies, author):
    from newsdesk.articles.services import article_create

    return article_create(
        section=section,
        title="Storm surge closes northern harbours",
        standfirst="Ports along the coast shut as a winter storm pushes water over sea walls.",
        dateline_place="Hamburg",
        lead_image=photo,
        authors=[author],
        agencies=list(agencies),
        body=[
            ("paragraph", "<p>Water rose over the harbour wall before dawn.</p>"),
            ("subhead", "What the port authority said"),
            ("quote", {"quote": "We have never closed this early.", "attribution": "Maria Ortiz, harbour master"}),
            ("image", {"image": photo, "caption": "Boats were moved inland."}),
            ("video", {"video": video, "caption": "The wall at high tide."}),
            ("paragraph", "<p>Ferries will resume when the wind drops.</p>"),
        ],
    )


def _user(role, username):
    from newsdesk.accounts.services import user_create

    return user_create(username=username, password="correct-horse-battery", role=role)


@pytest.fixture
def reporter(db):
    return _user(roles.REPORTERS, "reporter")


@pytest.fixture
def editor(db):
    return _user(roles.EDITORS, "editor")


@pytest.fixture
def administrator(db):
    return _user(roles.ADMINISTRATORS, "administrator")
