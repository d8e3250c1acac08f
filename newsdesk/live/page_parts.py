"""The live story's part of an article page (a global of the reader templates: reader/templating.py)."""

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from newsdesk.live.stories import live_story_get
from newsdesk.reader.fragments import fragment


def live_story(context, page):
    """The updates of a live story: key points, then the newest updates, paginated.

    Cached like the page's other fragments: under the cache generation, which every
    update, correction or deletion bumps (each appends a LiveEvent)."""
    request = context.get("request")
    raw_number = request.GET.get("page", "") if request is not None else ""
    page_number = int(raw_number) if raw_number.isdigit() and len(raw_number) <= 6 else 1

    def render():
        story = live_story_get(page, page_number=page_number)
        return get_template("live/story.html").render({"story": story, "request": request})

    return mark_safe(fragment(context, "live_story", (page.pk, page_number), render))  # noqa: S308 - rendered by our template, escaped there
