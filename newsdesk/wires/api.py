"""The push endpoint: agencies that deliver by HTTP POST their files here.

`POST /api/wires/push/<source id>/` with one wire file (ninjs, NewsML-G2, RSS or
Atom) as the raw body, in any content type, and the source's push token as
`Authorization: Bearer <token>` (Wagtail admin, Wires > Sources). An optional
`X-Filename` header names the file on the desk. 202: ingested; 422: unreadable,
kept in quarantine with the reason (the agency need not resend); 401: unknown
source or wrong token; 413: too large to accept.
"""

from typing import Annotated, Literal

from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from ninja import Field, Header, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from newsdesk.api_ids import MAX_ID, PathId

from .models import WireSource
from .services import max_readable_bytes, wire_file_ingest

UNAUTHORIZED = "Unknown source or wrong token."
CONTENT_TYPES = (
    "application/octet-stream",
    "application/json",
    "application/xml",
    "text/xml",
    "application/atom+xml",
    "application/rss+xml",
)


class PushTokenAuth(HttpBearer):
    """The push token of the source named in the path, as a Bearer token."""

    def authenticate(self, request, token: str):
        source_id = (request.resolver_match.kwargs if request.resolver_match else {}).get("source_id")
        if not isinstance(source_id, int) or not 0 < source_id <= MAX_ID:
            return None
        source = WireSource.objects.select_related("agency").filter(pk=source_id, kind=WireSource.Kind.PUSH).first()
        if (
            source is None
            or not source.enabled
            or not source.push_token
            or not constant_time_compare(token.strip(), source.push_token)
        ):
            return None
        return source


api = NinjaAPI(
    title="Newsdesk wire push",
    version="1",
    description=__doc__,
    urls_namespace="wires",
    auth=PushTokenAuth(),
    openapi_url=None,  # /api/openapi.json describes every API of the project
    docs_url=None,
)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return JsonResponse({"error": UNAUTHORIZED}, status=401)


class ItemOutcome(Schema):
    guid: str = Field(description="The agency's identifier for the item, stable across versions.")
    version: int | None = Field(description="The agency's version number, if it gives one.")
    outcome: Literal["created", "updated", "duplicate", "stale"] = Field(
        description="stale: an older version arriving late, filed in the history."
    )


class PushIngested(Schema):
    status: Literal["ingested"]
    items: list[ItemOutcome]


class PushQuarantined(Schema):
    status: Literal["quarantined"]
    items: list[ItemOutcome]
    reason: str = Field(description="Why the file could not be read; it is kept in quarantine.")


class PushError(Schema):
    error: str


@api.post(
    "/push/{int:source_id}/",
    url_name="push",
    summary="Push one wire file",
    response={202: PushIngested, 401: PushError, 413: PushError, 422: PushQuarantined},
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One wire file, as is: ninjs, NewsML-G2, RSS or Atom.",
            "content": {
                content_type: {"schema": {"type": "string", "format": "binary"}} for content_type in CONTENT_TYPES
            },
        },
        "responses": {
            202: {"description": "Ingested: each item created, updated or a duplicate."},
            401: {"description": "Unknown or disabled push source, or wrong token."},
            413: {"description": "The body is too large to accept."},
            422: {"description": "Unreadable: kept in quarantine with the reason; no need to resend."},
        },
    },
)
def wire_push(
    request,
    source_id: PathId,
    x_filename: Annotated[str, Header(alias="X-Filename", description="The file's name on the desk.")] = "",
):
    source = request.auth
    limit = max_readable_bytes()
    payload = request.read(limit + 1)
    if len(payload) > limit:
        return Status(413, {"error": f"The body is over {limit:,} bytes; split it or use the drop folder."})
    filename = x_filename.strip()[:200] or f"push-{timezone.now():%Y%m%dT%H%M%S%f}"
    result = wire_file_ingest(source=source, filename=filename, payload=payload)
    body = {
        "status": result.status,
        "items": [{"guid": o.item.guid, "version": o.item.version, "outcome": o.outcome} for o in result.outcomes],
    }
    if result.quarantined:
        return Status(422, {**body, "reason": result.reason})
    return Status(202, body)
