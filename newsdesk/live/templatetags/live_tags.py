from django import template
from django.core.cache import cache
from django.template.loader import get_template

from newsdesk.live.stories import live_story_get

register = template.Library()


@register.simple_tag(takes_context=True)
def live_story(context, page):
    """The updates of a live story: key points, then the newest updates, paginated.

    Cached like the page's other fragments: under the cache generation, which every
    update, correction or deletion bumps (each appends a LiveEvent)."""
    request = context.get("request")
    raw_number = request.GET.get("page", "") if request is not None else ""
    page_number = int(raw_number) if raw_number.isdigit() and len(raw_number) <= 6 else 1
    seconds = context.get("fragment_cache_seconds") or 0
    key = f"newsdesk:live_story:{page.pk}:{page_number}:{context.get('cache_generation')}"
    html = cache.get(key) if seconds else None
    if html is None:
        story = live_story_get(page, page_number=page_number)
        html = get_template("live/story.html").render({"story": story, "request": request})
        if seconds:
            cache.set(key, html, seconds)
    return html
