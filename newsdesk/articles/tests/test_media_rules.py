import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import VTT, png_bytes


def _video_form_data(photo):
    return {"title": "Flood footage", "captions_language": "en", "poster": photo.pk, "width": 640, "height": 360}


@pytest.mark.django_db
def test_a_video_cannot_be_added_without_captions(client, editor, photo):
    from newsdesk.articles.models import Video

    client.force_login(editor)
    url = reverse("wagtailsnippets_articles_video:add")
    response = client.post(url, {**_video_form_data(photo), "file": SimpleUploadedFile("f.mp4", b"\x00" * 64)})
    assert response.status_code == 200
    assert "captions" in response.context["form"].errors
    assert Video.objects.count() == 0


@pytest.mark.django_db
def test_captions_must_be_webvtt(client, editor, photo):
    from newsdesk.articles.models import Video

    client.force_login(editor)
    url = reverse("wagtailsnippets_articles_video:add")
    bad = SimpleUploadedFile("c.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n")
    response = client.post(
        url, {**_video_form_data(photo), "file": SimpleUploadedFile("f.mp4", b"\x00" * 64), "captions": bad}
    )
    assert "WEBVTT" in str(response.context["form"].errors["captions"])
    assert Video.objects.count() == 0
    good = SimpleUploadedFile("c.vtt", VTT)
    response = client.post(
        url, {**_video_form_data(photo), "file": SimpleUploadedFile("f.mp4", b"\x00" * 64), "captions": good}
    )
    assert response.status_code == 302 and Video.objects.count() == 1


@pytest.mark.django_db
def test_oversized_video_gets_a_clear_error(client, editor, photo, settings):
    settings.NEWSDESK_VIDEO_MAX_UPLOAD_SIZE = 1000
    client.force_login(editor)
    url = reverse("wagtailsnippets_articles_video:add")
    response = client.post(
        url,
        {
            **_video_form_data(photo),
            "file": SimpleUploadedFile("f.mp4", b"\x00" * 5000),
            "captions": SimpleUploadedFile("c.vtt", VTT),
        },
    )
    assert "the limit is" in str(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_image_edit_form_requires_alt_text(client, editor, photo):
    client.force_login(editor)
    url = reverse("wagtailimages:edit", args=[photo.pk])
    response = client.post(url, {"title": photo.title, "description": "", "caption": "", "credit": ""})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    photo.refresh_from_db()
    assert photo.description


@pytest.mark.django_db
def test_article_with_a_photo_lacking_alt_text_is_refused(section):
    from newsdesk.articles.models import NewsImage
    from newsdesk.articles.services import article_create, image_create

    image = image_create(title="x", data=png_bytes(), filename="x.png", alt_text="temporary")
    NewsImage.objects.filter(pk=image.pk).update(description="")  # as the bulk uploader leaves it
    image.refresh_from_db()
    with pytest.raises(ValidationError, match="alt text"):
        article_create(section=section, title="No alt", standfirst="s", body=[], lead_image=image).full_clean()


def test_image_service_refuses_missing_alt_text():
    from newsdesk.articles.services import image_create

    with pytest.raises(ValueError):
        image_create(title="x", data=png_bytes(), filename="x.png", alt_text="  ")
