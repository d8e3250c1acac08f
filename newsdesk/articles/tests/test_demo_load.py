import io
from datetime import timedelta

import av
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Collection, Page, Revision

from newsdesk.accounts import roles
from newsdesk.articles.models import ArticlePage, NewsImage, SectionPage, Video
from newsdesk.live.models import BreakingAlert

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "live": ArticlePage.objects.live().count(),
        "revisions": Revision.objects.count(),
        "images": NewsImage.objects.count(),
        "videos": Video.objects.count(),
        "users": User.objects.count(),
        "alerts": BreakingAlert.objects.count(),
        "collections": Collection.objects.count(),
    }


def test_demo_publishes_at_least_nine_articles_across_three_sections():
    _load()
    live = ArticlePage.objects.live()
    assert live.count() >= 9
    sections = SectionPage.objects.live().filter(pk__in=[a.get_parent().pk for a in live])
    assert sections.count() >= 3


def test_demo_articles_have_byline_dateline_lead_photo_quote_and_subhead():
    _load()
    for article in ArticlePage.objects.all():
        kinds = [block.block_type for block in article.body]
        assert article.staff_authors and article.dateline_place and article.lead_image, article.title
        assert "quote" in kinds and "subhead" in kinds and "paragraph" in kinds, article.title
        assert all(block.value["attribution"] for block in article.body if block.block_type == "quote")


def test_demo_video_is_small_h264_with_captions_and_poster():
    _load()
    video = Video.objects.get()
    assert video.poster.description
    with video.captions.open("rb") as captions:
        text = captions.read().decode()
    assert text.startswith("WEBVTT") and text.count("-->") >= 4
    assert video.file.size < 1024 * 1024
    with av.open(video.file.path) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (640, 360)
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert 3 <= container.duration / av.time_base <= 15
    assert any(block.block_type == "video" for article in ArticlePage.objects.all() for block in article.body)


def test_at_least_two_demo_articles_are_based_on_agency_reporting(client):
    _load()
    attributed = [a for a in ArticlePage.objects.live() if a.attribution.startswith("Based on reporting by ")]
    assert len(attributed) >= 2
    page = next(a for a in attributed if a.attribution == "Based on reporting by DPA, AFP")
    assert "Based on reporting by DPA, AFP" in client.get(page.url).content.decode()


def test_demo_sets_a_breaking_alert_linking_to_a_live_story():
    _load()
    alert = BreakingAlert.objects.current().get()
    assert alert.page.live
    assert alert.link == alert.page.url


def test_demo_accounts_log_in_and_hold_their_roles(client):
    _load()
    User = get_user_model()
    for username, role in (
        ("admin", roles.ADMINISTRATORS),
        ("editor", roles.EDITORS),
        ("reporter", roles.REPORTERS),
    ):
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert client.login(username=username, password="newsdesk-demo")
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").author_profile.name == "Ruth Abernethy"
    assert User.objects.get(username="reporter").author_profile.name == "Ines Carvalho"


def test_every_demo_photo_has_alt_text_caption_and_credit():
    _load()
    photos = NewsImage.objects.filter(collection__name="Demo content")
    assert photos.count() >= 10
    for photo in photos:
        assert photo.description.strip() and photo.caption.strip() and photo.credit.strip(), photo.title
        assert (photo.width, photo.height) == (1600, 900) or photo.title == "Port Aske tide gauge chart"


def test_demo_publication_times_span_three_days_with_one_update():
    _load()
    now = timezone.now()
    times = [a.first_published_at for a in ArticlePage.objects.live()]
    assert all(now - timedelta(days=3) <= t < now for t in times)
    assert max(times) - min(times) > timedelta(days=2)
    updated = [a for a in ArticlePage.objects.live() if a.was_updated]
    assert len(updated) == 1
    assert updated[0].last_published_at < now


def test_scheduled_demo_article_goes_live_when_the_scheduler_runs(monkeypatch):
    _load()
    scheduled = ArticlePage.objects.get(live=False)
    assert timezone.now() < scheduled.go_live_at < timezone.now() + timedelta(minutes=10)
    call_command("scheduler", "--once", verbosity=0)
    assert not ArticlePage.objects.get(pk=scheduled.pk).live
    later = scheduled.go_live_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("scheduler", "--once", verbosity=0)
    published = ArticlePage.objects.get(pk=scheduled.pk)
    assert published.live and published.first_published_at == later


def test_loading_twice_changes_nothing():
    _load()
    before = _counts()
    output = _load()
    assert _counts() == before
    assert "already loaded" in output


def test_loading_again_keeps_what_editors_changed_and_deleted():
    from newsdesk.articles.services import article_update

    _load()
    editor = get_user_model().objects.get(username="editor")
    edited = ArticlePage.objects.get(slug="velda-bridge-reopens")
    article_update(article=edited, changes={"title": "Velda bridge reopens: the first day"}, user=editor)
    ArticlePage.objects.get(slug="comet-ferro-naked-eye").delete()
    _load()
    assert ArticlePage.objects.get(pk=edited.pk).title == "Velda bridge reopens: the first day"
    assert not ArticlePage.objects.filter(slug="comet-ferro-naked-eye").exists()


def test_demo_load_prints_accounts_and_site_urls():
    output = _load()
    for line in ("admin", "editor", "reporter", "newsdesk-demo", "Administrators", "Editors", "Reporters"):
        assert line in output
    assert "http://testserver/" in output and "http://testserver/admin/" in output


def test_demo_has_a_live_story_with_a_key_point_and_a_corrected_update(client):
    from newsdesk.live.models import LiveUpdate

    _load()
    story = ArticlePage.objects.get(is_live_story=True)
    updates = LiveUpdate.objects.for_story(story)
    assert updates.count() >= 4
    assert updates.filter(pinned=True).count() == 1
    assert updates.filter(corrected_at__isnull=False).exclude(correction_note="").count() == 1
    assert all(update.published_at <= timezone.now() for update in updates)
    html = client.get(story.url).content.decode()
    assert "Key points" in html and "Corrected at" in html
    _load()
    assert LiveUpdate.objects.count() == updates.count()
