"""Writes to articles, sections and media. Reporters' tools, the wire desk and
the demo loader all create content through these functions."""

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, Page

from newsdesk.accounts.models import AuthorProfile
from newsdesk.wires.models import Agency

from .models import ArticleAuthor, ArticlePage, ArticleSource, HomePage, NewsImage, SectionPage, Video


def home_get() -> HomePage:
    return HomePage.objects.get()


@transaction.atomic
def section_get_or_create(*, title: str, slug: str = "", intro: str = "") -> SectionPage:
    home = home_get()
    slug = slug or slugify(title)
    existing = SectionPage.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    section = SectionPage(title=title, slug=slug, intro=intro)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


def image_create(
    *,
    title: str,
    data: bytes,
    filename: str,
    alt_text: str,
    caption: str = "",
    credit: str = "",
    collection: Collection | None = None,
) -> NewsImage:
    """Store a photo, in the root collection unless told otherwise. Alt text is required:
    an image without it cannot be created here."""
    if not alt_text.strip():
        raise ValueError("A photo needs alt text.")
    image = NewsImage(
        title=title,
        description=alt_text.strip(),
        caption=caption,
        credit=credit,
        file=ImageFile(io.BytesIO(data), name=filename),
    )
    if collection is not None:
        image.collection = collection
    image._set_file_hash()
    image.full_clean()
    image.save()
    return image


def video_create(
    *,
    title: str,
    video: bytes,
    video_filename: str,
    captions: bytes,
    poster: NewsImage,
    captions_language: str = "en",
    width: int = 1280,
    height: int = 720,
    transcript: str = "",
) -> Video:
    """Store a video with its WebVTT captions; both are validated before saving."""
    obj = Video(
        title=title,
        poster=poster,
        captions_language=captions_language,
        width=width,
        height=height,
        transcript=transcript,
    )
    obj.file.save(video_filename, ContentFile(video), save=False)
    obj.captions.save(slugify(title)[:80] + ".vtt", ContentFile(captions), save=False)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def article_create(
    *,
    section: SectionPage,
    title: str,
    standfirst: str,
    body: Sequence[tuple[str, object]],
    lead_image: NewsImage | None = None,
    lead_image_caption: str = "",
    authors: Iterable[AuthorProfile] = (),
    agencies: Iterable[Agency] = (),
    dateline_place: str = "",
    attribution_override: str = "",
    slug: str = "",
    user=None,
    publish: bool = True,
    published_at: datetime | None = None,
) -> ArticlePage:
    """Create an article under a section as a first revision; publish it unless told not to.

    body is a list of (block_type, value) pairs in the ArticleBodyBlock's terms."""
    page = ArticlePage(
        title=title,
        slug=slug or slugify(title)[:80],
        standfirst=standfirst,
        body=list(body),
        lead_image=lead_image,
        lead_image_caption=lead_image_caption,
        dateline_place=dateline_place,
        attribution_override=attribution_override,
        owner=user,
        live=False,  # a draft until the revision is published
    )
    # Explicit sort_order: the attribution line follows the order given, on every database.
    page.authors = [ArticleAuthor(author=author, sort_order=i) for i, author in enumerate(authors)]
    page.sources = [ArticleSource(agency=agency, sort_order=i) for i, agency in enumerate(agencies)]
    section.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        if published_at:
            # Backdating is for imported and demo copy: the reader sees when it really ran.
            Page.objects.filter(pk=page.pk).update(first_published_at=published_at, last_published_at=published_at)
            page.refresh_from_db()
    return page


@transaction.atomic
def article_update(
    *,
    article: ArticlePage,
    changes: Mapping[str, object],
    user=None,
    published_at: datetime | None = None,
) -> ArticlePage:
    """Apply field changes to the article's latest revision, save them as a new revision
    and publish it. Readers see the story as updated.

    published_at backdates the update, for imported and demo copy."""
    page = article.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    if published_at:
        Page.objects.filter(pk=page.pk).update(last_published_at=published_at)
    article.refresh_from_db()
    return article


@transaction.atomic
def article_schedule(*, article: ArticlePage, go_live_at: datetime, user=None) -> ArticlePage:
    """Schedule the article's latest revision to go live at go_live_at.

    This is Wagtail's scheduled publishing: the revision is approved to go live at that
    time and `manage.py scheduler` (Wagtail's publish_scheduled) publishes it then. An
    article already live stays as it is until the scheduled revision replaces it."""
    if go_live_at <= timezone.now():
        raise ValueError("The go-live time must be in the future.")
    page = article.get_latest_revision_as_object()
    page.go_live_at = go_live_at
    revision = page.save_revision(user=user, log_action=True)
    # With go_live_at in the future, Wagtail stores the revision as scheduled instead of publishing it.
    revision.publish(user=user)
    article.refresh_from_db()
    return article
