"""Chromium through Playwright against the live test server, and a small newsroom to look at.

One browser per test module (`browser`, from the root conftest); tests open a
context per width (and per JavaScript setting) with `context_for`, which also
records any Content-Security-Policy violation the pages cause.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import png_bytes

WIDTHS = (320, 768, 1280)
HEIGHT = 800
TEXT_SIZES = ("xs", "sm", "md", "lg")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Records violations from page scripts' point of view too; Chromium also logs them to the console.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""


def choose_text_size(page, size: str) -> None:
    """Click the page's text-size control (JavaScript on: no page load) and wait for it to apply."""
    page.locator(f'.text-size__option[data-size="{size}"]').click()
    page.wait_for_function(
        "(size) => document.documentElement.classList.contains('text-' + size)", arg=size, timeout=2_000
    )


@dataclass
class Reader:
    """A browser context as one reader (a width, JavaScript on or off) and the policy violations it saw."""

    context: object
    csp_messages: list = field(default_factory=list)

    def new_page(self):
        page = self.context.new_page()
        page.on("console", self._console)
        return page

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_messages.append(f"{message.type}: {message.text}")


QUIET_STREAM = "retry: 600000\n: no live events in browser tests\n\n"


def _quiet_stream(route):
    route.fulfill(status=200, content_type="text/event-stream", body=QUIET_STREAM)


@pytest.fixture
def context_for(browser, live_server):
    """Open a context: context_for(width=320, javascript=False)."""
    opened = []

    def open_context(*, width: int = 1280, javascript: bool = True) -> Reader:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT},
            java_script_enabled=javascript,
            base_url=live_server.url,
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        # live.js holds a Server-Sent Events stream open on every page; the live app
        # tests that stream against a real ASGI server. Here it gets a quiet stream
        # that asks the browser to come back in ten minutes.
        context.route("**/live/stream/**", _quiet_stream)
        reader = Reader(context=context)
        opened.append(context)
        return reader

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def page(context_for):
    """A page at desktop width with JavaScript on and the default text size."""
    return context_for().new_page()


@dataclass
class Newsroom:
    article: object
    urls: dict


@pytest.fixture
def newsroom(
    live_server, django_db_serialized_rollback, section, other_section, article, photo, author, agencies, editor
):
    """A front page worth looking at: the full article (photo, quote, video, agencies),
    siblings for its "More from" box, a second section, and a breaking alert.

    Serialized rollback brings back the home page the migrations made, which the
    live server's transactional flush would otherwise drop for later tests."""
    from newsdesk.articles.services import article_create, image_create
    from newsdesk.live.services import alert_publish

    dpa, afp = agencies
    lab = image_create(
        title="Lab bench",
        data=png_bytes(1280, 720, (20, 120, 110)),
        filename="lab.png",
        alt_text="Glassware on a laboratory bench",
        caption="The laboratory in Kiel.",
        credit="Newsdesk illustration",
    )
    # Oldest first: the newest, with a photo, leads the front page.
    stories = [
        (section, "Coastal towns open emergency shelters for the night", None, [afp]),
        (other_section, "A decade of tide gauges shows faster rise", None, [dpa, afp]),
        (section, "Ferries cancelled as winds reach gale force", photo, [dpa]),
        (other_section, "Researchers map the seabed under the North Sea", lab, []),
    ]
    for parent, title, image, sources in stories:
        article_create(
            section=parent,
            title=title,
            standfirst="What happened, where, and what comes next for the people affected.",
            lead_image=image,
            authors=[author],
            agencies=sources,
            body=[("paragraph", "<p>A short report for the listings.</p>")],
        )
    article.refresh_from_db()
    alert_publish(text="Storm surge: northern harbours closed until further notice", page=article, user=editor)
    return Newsroom(
        article=article,
        urls={
            "home": "/",
            "section": section.url,
            "article": article.url,
            "search": "/search/?q=harbour",
            "not_found": "/no-such-page/",
        },
    )
