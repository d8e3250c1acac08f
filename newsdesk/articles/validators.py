"""Checks on uploaded media, run before anything is stored."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

VIDEO_EXTENSIONS = ["mp4", "webm"]
CAPTION_EXTENSIONS = ["vtt"]


def validate_video_size(file):
    limit = settings.NEWSDESK_VIDEO_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(f"This video is {filesizeformat(file.size)}; the limit is {filesizeformat(limit)}.")


def validate_webvtt(file):
    """A captions file must be WebVTT: UTF-8 text starting with the WEBVTT signature."""
    limit = settings.NEWSDESK_CAPTIONS_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            f"This captions file is {filesizeformat(file.size)}; the limit is {filesizeformat(limit)}."
        )
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"WEBVTT") or (len(head) > 6 and head[6:7] not in (b"\n", b"\r", b" ", b"\t")):
        raise ValidationError('Captions must be a WebVTT file: its first line must be "WEBVTT".')
    try:
        file.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError("Captions must be UTF-8 text.") from exc
    finally:
        file.seek(0)
