"""The outbound API for partners: published articles as IPTC ninjs.

Partners authenticate with their key (`Authorization: Bearer nd_...`), made in
the Wagtail admin under Settings > Partner API keys; each key has its own rate
limit. ninjs 2.2 by default; 3.1 with `?ninjs=3.1` or an Accept header with
`profile="http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"`.

The list is ordered by when each article last changed, so a partner polls with
the cursor it was given and receives new articles and updated ones (a
correction, an edit) exactly once each. Errors are application/problem+json.
"""

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import Field, NinjaAPI, Query, Schema
from ninja.security import HttpBearer
from wagtail.api.v3.errors import ProblemDetail, problem_response, register_exception_handlers

from newsdesk.api_ids import PathId
from newsdesk.articles.models import ArticlePage

from . import ninjs, reads, syndication
from .models import PartnerKey
from .ratelimit import rate_limit_hit

# An article committed a moment after a later one was handed out would sit behind
# a partner's cursor forever; items this fresh wait for the next poll.
SETTLE_SECONDS = 2
LAST_USED_RESOLUTION = timedelta(minutes=1)

NinjsVersion = Literal["2.2", "3.1"]


class RateLimited(Exception):
    def __init__(self, retry_after: float):
        self.retry_after = retry_after


class PartnerKeyAuth(HttpBearer):
    """A partner's key as a Bearer token; each request counts against its limit."""

    def authenticate(self, request, token: str):
        key = PartnerKey.objects.active().filter(key_hash=PartnerKey.digest(token)).first()
        if key is None:
            return None
        retry_after = rate_limit_hit(key_id=key.pk, limit=key.requests_per_minute)
        if retry_after is not None:
            raise RateLimited(retry_after)
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return key


api = NinjaAPI(
    title="Newsdesk partner API",
    version="1",
    description=__doc__,
    urls_namespace="distribution_api",
    auth=PartnerKeyAuth(),
    openapi_url=None,  # /api/openapi.json describes every API of the project (openapi.py)
    docs_url=None,
)
register_exception_handlers(api)


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = problem_response(status=429, detail="Too many requests for this key: wait and retry.")
    response["Retry-After"] = str(max(1, round(exc.retry_after)))
    return response


class ArticleList(Schema):
    items: list[dict[str, Any]] = Field(description="ninjs items, oldest change first.")
    next_cursor: str = Field(description="Pass as `since` to get what changed after the last item.")
    next: str = Field(description="The URL of the next request, with the cursor.")
    has_more: bool = Field(description="More items are waiting now; false means poll again later.")


ERRORS = {401: ProblemDetail, 404: ProblemDetail, 422: ProblemDetail, 429: ProblemDetail}


def _version(request, requested: str | None) -> str:
    """ninjs version from ?ninjs=, else from the Accept header's profile (or version) parameter."""
    if requested:
        return requested
    for media_range in request.headers.get("Accept", "").split(","):
        for parameter in media_range.split(";")[1:]:
            name, _, value = parameter.strip().partition("=")
            value = value.strip().strip('"').rstrip("#")
            for version, uri in ninjs.SCHEMA_URIS.items():
                if (name.lower() == "profile" and value == uri.rstrip("#")) or (
                    name.lower() == "version" and value == version
                ):
                    return version
    return ninjs.DEFAULT_VERSION


def _ninjs_response(data, version: str) -> JsonResponse:
    profile = ninjs.SCHEMA_URIS[version].rstrip("#")
    response = JsonResponse(data, content_type=f'application/json; profile="{profile}"')
    response["Vary"] = "Accept"
    return response


# The cursor is "<microseconds since 1970>.<id>" of the last item seen: opaque to
# partners, but any string of that shape is a valid position.
CURSOR_PATTERN = r"^[0-9]{1,16}\.[0-9]{1,18}$"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _cursor(article: ArticlePage) -> str:
    return f"{(article.last_published_at - EPOCH) // MICROSECOND}.{article.pk}"


def _after(cursor: str) -> Q:
    micros, pk = cursor.split(".")
    moment = EPOCH + int(micros) * MICROSECOND
    # Page ids are 32-bit integers in PostgreSQL; a larger id in a cursor means "after all of them".
    pk = min(int(pk), 2**31 - 1)
    return Q(last_published_at__gt=moment) | Q(last_published_at=moment, pk__gt=pk)


def _aware(moment: datetime) -> datetime:
    """In UTC: PostgreSQL refuses offsets beyond +-15:59 (ISO 8601 allows up to 23:59)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # a moment at the very edge of year 1 or 9999
        return datetime.min.replace(tzinfo=UTC) if moment.year < 5000 else datetime.max.replace(tzinfo=UTC)


def _moment_cursor(moment: datetime) -> str:
    """The cursor just after everything changed by `moment`."""
    micros = min(max((_aware(moment) - EPOCH) // MICROSECOND, 0), 10**16 - 1)
    return f"{micros}.{10**18 - 1}"


class ItemParams(Schema):
    ninjs: NinjsVersion | None = Field(None, description="ninjs version; 2.2 unless asked.")


class ListParams(Schema):
    since: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="The next_cursor of a previous response: what changed after it."
    )
    changed_since: datetime | None = Field(
        None, description="Or start from a moment (ISO 8601): articles published or changed after it."
    )
    limit: int = Field(20, ge=1, le=100, description="Items per response.")
    ninjs: NinjsVersion | None = Field(None, description="ninjs version; 2.2 unless asked.")


@api.get(
    "/articles",
    response={200: ArticleList, **ERRORS},
    summary="Published articles as ninjs, in the order they last changed",
    tags=["ninjs"],
)
def articles_list(request, params: Query[ListParams]):
    version = _version(request, params.ninjs)
    settled = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
    articles = ninjs.with_versions(reads.article_list()).filter(last_published_at__lte=settled)
    if params.since:
        articles = articles.filter(_after(params.since))
    elif params.changed_since:
        articles = articles.filter(last_published_at__gt=_aware(params.changed_since))
    page = list(articles.order_by("last_published_at", "pk")[: params.limit + 1])
    has_more = len(page) > params.limit
    page = page[: params.limit]
    sections = reads.section_map()
    if page:
        next_cursor = _cursor(page[-1])
    elif params.since:
        next_cursor = params.since
    else:
        next_cursor = _moment_cursor(params.changed_since or settled)
    query = {"since": next_cursor, "limit": params.limit, **({"ninjs": params.ninjs} if params.ninjs else {})}
    root = syndication.site_root(request)
    data = {
        "items": [ninjs.article_ninjs(a, request=request, version=version, sections=sections) for a in page],
        "next_cursor": next_cursor,
        "next": f"{root}{reverse('distribution_api:articles_list')}?{urlencode(query)}",
        "has_more": has_more,
    }
    return _ninjs_response(data, version)


@api.get(
    "/articles/{article_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="One published article as a ninjs item",
    tags=["ninjs"],
)
def article_get(request, article_id: PathId, params: Query[ItemParams]):
    version = _version(request, params.ninjs)
    article = ninjs.with_versions(reads.article_list()).filter(pk=article_id).first()
    if article is None:
        raise Http404("No published article with this id.")
    return _ninjs_response(ninjs.article_ninjs(article, request=request, version=version), version)
