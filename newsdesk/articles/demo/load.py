"""Build the demo newsroom through the services: accounts, staff, agencies, desks,
photos, a captioned video, ten stories, a breaking alert and a live story.

The demo is loaded once. Its photos live in their own image collection, "Demo
content", and that collection is the sign that the demo is there: while it exists
(Wagtail will not delete a collection that still holds images) loading again
changes nothing, so nothing an editor changed or deleted is brought back or
overwritten. Within the first load, accounts, staff profiles, agencies, desks
and stories that already exist are used as they are, never modified.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, Page

from newsdesk.accounts.models import AuthorProfile
from newsdesk.accounts.services import user_create
from newsdesk.articles.models import ArticlePage, NewsImage, SectionPage, Video
from newsdesk.articles.services import (
    article_create,
    article_schedule,
    article_update,
    image_create,
    section_get_or_create,
    video_create,
)
from newsdesk.live.services import alert_publish, live_update_correct, live_update_post
from newsdesk.wires.models import Agency

from . import photos, stories, video

DEMO_COLLECTION = "Demo content"


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str  # empty when the account existed before and its password was left alone


@dataclass
class DemoLoadResult:
    loaded: bool  # False when the demo was already there and nothing changed
    accounts: list[DemoAccount] = field(default_factory=list)
    articles: list[ArticlePage] = field(default_factory=list)
    scheduled: list[ArticlePage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def demo_is_loaded() -> bool:
    return Collection.objects.filter(name=DEMO_COLLECTION).exists()


def demo_load(*, now: datetime | None = None) -> DemoLoadResult:
    """Load the demo newsroom unless it is already there. Publication times are set
    over the three days before `now`; one story is scheduled a few minutes after it."""
    if demo_is_loaded():
        return DemoLoadResult(loaded=False, accounts=_accounts_existing())
    now = now or timezone.now()
    # Draw everything first: it is the slow part and must not hold the database's write lock.
    scenes = {story.lead.scene for story in stories.STORIES} | {
        block.photo.scene for story in stories.STORIES for block in story.body if isinstance(block, stories.Figure)
    }
    drawn = {scene: photos.photo_bytes(scene) for scene in sorted(scenes)}
    clip = (video.video_mp4(), video.poster_jpeg(), video.captions_vtt())
    with transaction.atomic():
        if demo_is_loaded():  # another process got there first
            return DemoLoadResult(loaded=False, accounts=_accounts_existing())
        return _load(now=now, drawn=drawn, clip=clip)


def _load(*, now: datetime, drawn: dict[str, bytes], clip: tuple[bytes, bytes, bytes]) -> DemoLoadResult:
    result = DemoLoadResult(loaded=True)
    collection = Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)
    users = _accounts_ensure(result)
    authors = _authors_ensure(users)
    agencies = _agencies_ensure()
    sections = {s.slug: section_get_or_create(title=s.title, slug=s.slug, intro=s.intro) for s in stories.SECTIONS}
    # Pages are published as the demo editor when this load created that account; an
    # account that was already there may not be allowed to publish, so then nobody is named.
    editor = users.get("editor") if any(a.username == "editor" and a.password for a in result.accounts) else None
    clip_video = _video_create(clip, collection)

    pages = {}
    for story in stories.STORIES:
        section = sections[story.section]
        if Page.objects.child_of(section).filter(slug=story.key).exists():
            result.notes.append(f'Kept the existing page "{story.key}" in {section.title}.')
            continue
        pages[story.key] = _story_create(
            story,
            section=section,
            authors=[authors[slug] for slug in story.authors if slug in authors],
            agencies=[agencies[code] for code in story.agencies],
            drawn=drawn,
            collection=collection,
            clip_video=clip_video,
            user=editor,
            now=now,
        )
        if story.embargo_minutes:
            result.scheduled.append(pages[story.key])
        else:
            result.articles.append(pages[story.key])

    alert_page = pages.get(stories.BREAKING_ALERT.story)
    alert_user = users.get("admin") or get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    live_page = pages.get(stories.LIVE_STORY.story)
    if live_page and alert_user and alert_user.is_superuser:
        _live_story_create(live_page, user=alert_user, drawn=drawn, collection=collection, clip_video=clip_video)
    else:
        result.notes.append("No live story was set up: its story or an administrator to post updates was missing.")
    if alert_page and alert_user and alert_user.is_superuser:
        alert_publish(text=stories.BREAKING_ALERT.text, page=alert_page, user=alert_user)
    else:
        result.notes.append("No breaking alert was set: its story or an administrator to set it was missing.")
    return result


def _live_story_create(page: ArticlePage, *, user, drawn, collection: Collection, clip_video: Video) -> None:
    """Make the story live and post its updates, one pinned and one corrected, through the live services."""
    # Keep the story's publication times: making it live is not a news update.
    page = article_update(article=page, changes={"is_live_story": True}, user=user, published_at=page.last_published_at)

    def body(blocks):
        return _blocks(blocks, key=page.slug, drawn=drawn, collection=collection, clip_video=clip_video)

    for data in stories.LIVE_STORY.updates:
        update = live_update_post(
            page=page,
            body=body(data.body),
            published_at=page.first_published_at + timedelta(minutes=data.minutes),
            pinned=data.pinned,
            user=user,
        )
        if data.corrected:
            live_update_correct(update=update, body=body(data.corrected), note=data.correction_note, user=user)


def _accounts_ensure(result: DemoLoadResult) -> dict[str, object]:
    """The demo accounts, one per role. An account that already exists is kept as it is."""
    User = get_user_model()
    users = {}
    for account in stories.ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=stories.PASSWORD,
                role=account.role,
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
            )
            result.accounts.append(DemoAccount(account.username, account.role, stories.PASSWORD))
        else:
            result.accounts.append(DemoAccount(account.username, account.role, ""))
        users[account.username] = user
    return users


def _accounts_existing() -> list[DemoAccount]:
    """The demo accounts still present, for the command's summary on later runs."""
    User = get_user_model()
    accounts = []
    for account in stories.ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is not None:
            # The password is shown only if it is still the demo's own.
            accounts.append(
                DemoAccount(
                    account.username, account.role, stories.PASSWORD if user.check_password(stories.PASSWORD) else ""
                )
            )
    return accounts


def _authors_ensure(users: dict[str, object]) -> dict[str, AuthorProfile]:
    linked = {account.author: users[account.username] for account in stories.ACCOUNTS if account.author}
    authors = {}
    for author in stories.AUTHORS:
        profile = AuthorProfile.objects.filter(slug=author.slug).first()
        if profile is None:
            user = linked.get(author.slug)
            if user is not None and AuthorProfile.objects.filter(user=user).exists():
                user = None  # that account already writes as someone else
            profile = AuthorProfile.objects.create(
                name=author.name, slug=author.slug, job_title=author.job_title, bio=author.bio, user=user
            )
        authors[author.slug] = profile
    return authors


def _agencies_ensure() -> dict[str, Agency]:
    agencies = {}
    for data in stories.AGENCIES:
        agency = Agency.objects.filter(code=data.code).first() or Agency.objects.filter(name=data.name).first()
        if agency is None:
            agency = Agency.objects.create(
                name=data.name, short_name=data.short_name, code=data.code, website=data.website
            )
        agencies[data.code] = agency
    return agencies


def _photo_create(photo: stories.Photo, *, drawn: dict[str, bytes], collection: Collection) -> NewsImage:
    return image_create(
        title=photo.title,
        data=drawn[photo.scene],
        filename=f"{photo.scene.replace('_', '-')}.jpg",
        alt_text=photo.alt_text,
        caption=photo.caption,
        credit=photo.credit,
        collection=collection,
    )


def _video_create(clip: tuple[bytes, bytes, bytes], collection: Collection) -> Video:
    mp4, poster_jpeg, captions = clip
    poster = image_create(
        title="Port Aske tide gauge chart",
        data=poster_jpeg,
        filename="port-aske-tide-gauge.jpg",
        alt_text=(
            "Chart of the water level at Port Aske from 8 pm to 4 am: it rises from 0.4 metres, passes the "
            "2-metre top of the sea wall's lowest stretch just before 1 am and peaks at a record 2.9 metres at 3 am."
        ),
        caption="The tide gauge at Port Aske overnight.",
        credit="Graphic: Newsdesk. Data: Port Aske harbour authority",
        collection=collection,
    )
    return video_create(
        title=video.TITLE,
        video=mp4,
        video_filename="port-aske-tide-gauge.mp4",
        captions=captions,
        poster=poster,
        captions_language="en",
        width=video.WIDTH,
        height=video.HEIGHT,
        transcript=video.transcript(),
    )


def _body(
    story: stories.Story, *, drawn: dict[str, bytes], collection: Collection, clip_video: Video
) -> list[tuple[str, object]]:
    return _blocks(story.body, key=story.key, drawn=drawn, collection=collection, clip_video=clip_video)


def _blocks(
    body: tuple, *, key: str, drawn: dict[str, bytes], collection: Collection, clip_video: Video
) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = []
    for block in body:
        match block:
            case str():
                blocks.append(("paragraph", f"<p>{escape(block, quote=False)}</p>"))
            case stories.Subhead(text=text):
                blocks.append(("subhead", text))
            case stories.Quote(text=text, attribution=attribution):
                blocks.append(("quote", {"quote": text, "attribution": attribution}))
            case stories.Figure(photo=photo, caption=caption):
                image = _photo_create(photo, drawn=drawn, collection=collection)
                blocks.append(("image", {"image": image, "caption": caption}))
            case stories.Clip(caption=caption):
                blocks.append(("video", {"video": clip_video, "caption": caption}))
            case stories.Bullets(items=items):
                listed = "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)
                blocks.append(("paragraph", f"<ul>{listed}</ul>"))
            case _:
                raise TypeError(f"Unknown block in {key}: {block!r}")
    return blocks


def _story_create(
    story: stories.Story,
    *,
    section: SectionPage,
    authors: list[AuthorProfile],
    agencies: list[Agency],
    drawn: dict[str, bytes],
    collection: Collection,
    clip_video: Video,
    user,
    now: datetime,
) -> ArticlePage:
    lead = _photo_create(story.lead, drawn=drawn, collection=collection)
    body = _body(story, drawn=drawn, collection=collection, clip_video=clip_video)
    published_at = now - timedelta(hours=story.hours_ago)
    page = article_create(
        section=section,
        title=story.title,
        slug=story.key,
        standfirst=story.standfirst,
        body=body,
        lead_image=lead,
        authors=authors,
        agencies=agencies,
        dateline_place=story.dateline,
        user=user,
        publish=not story.embargo_minutes,
        published_at=None if story.embargo_minutes else published_at,
    )
    if story.embargo_minutes:
        return article_schedule(article=page, go_live_at=now + timedelta(minutes=story.embargo_minutes), user=user)
    if story.update:
        update = ("paragraph", f"<p><i>{escape(story.update, quote=False)}</i></p>")
        page = article_update(
            article=page,
            changes={"body": [update, *body]},
            user=user,
            published_at=published_at + timedelta(hours=story.updated_after),
        )
    return page
