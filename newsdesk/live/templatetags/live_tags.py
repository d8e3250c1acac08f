from django import template

from newsdesk.live.stories import live_story_get

register = template.Library()


@register.inclusion_tag("live/story.html", takes_context=True)
def live_story(context, page):
    """The updates of a live story: key points, then the newest updates, paginated."""
    request = context.get("request")
    page_number = request.GET.get("page") if request is not None else None
    return {"story": live_story_get(page, page_number=page_number), "request": request}
