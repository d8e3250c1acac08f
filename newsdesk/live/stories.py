"""What a live story shows: to one reader, and in a pushed event.

The page and the event stream render each update with the same template
(`live/update.html`), so an update pushed to an open page looks exactly like
one in a freshly loaded page."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from newsdesk.reader.page_parts import in_reader_language

from .models import LiveEvent, LiveUpdate, story_channel

PAGE_SIZE = 20


@dataclass(frozen=True)
class Story:
    page_id: int
    channel: str
    key_points: list[LiveUpdate]
    updates: PaginatorPage
    # The newest event id when the story was read: the page's live client resumes
    # the stream after it, so nothing published after the render is missed.
    event_id: int


def live_story_get(page, *, page_number=None) -> Story:
    # Read the event id first: an update published between the reads is then
    # replayed to the page (harmless: it replaces itself in place) rather than lost.
    event_id = LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    visible = LiveUpdate.objects.for_story(page)
    key_points = list(visible.filter(pinned=True))
    updates = Paginator(visible.filter(pinned=False), PAGE_SIZE).get_page(page_number)
    return Story(
        page_id=page.pk, channel=story_channel(page.pk), key_points=key_points, updates=updates, event_id=event_id
    )


def live_update_page_number(update: LiveUpdate) -> int:
    """The page of the story's update list that shows `update` (key points are on every page)."""
    if update.pinned or update.deleted:
        return 1
    newer = (
        LiveUpdate.objects.filter(page_id=update.page_id, deleted=False, pinned=False)
        .filter(published_at__gt=update.published_at)
        .count()
    )
    same_time_newer = LiveUpdate.objects.filter(
        page_id=update.page_id, deleted=False, pinned=False, published_at=update.published_at, pk__gt=update.pk
    ).count()
    return (newer + same_time_newer) // PAGE_SIZE + 1


def live_update_state(update: LiveUpdate) -> dict:
    """An update as pushed to open story pages: its key fields and its rendered markup."""
    return {
        "update": {
            "id": update.pk,
            "story": update.page_id,
            "pinned": update.pinned,
            "deleted": update.deleted,
            "published_at": update.published_at.isoformat(),
            "corrected_at": update.corrected_at.isoformat() if update.corrected_at else None,
        },
        "html": "" if update.deleted else _update_html(update),
    }


def _update_html(update: LiveUpdate) -> str:
    with in_reader_language():  # pushed from an editor's request, shown to readers
        return render_to_string("live/update.html", {"update": update}).strip()
