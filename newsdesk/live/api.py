"""The breaking-alert HTTP API, for newsroom tools and scripts.

Authentication is Wagtail's: an API token (`manage.py api_tokens create --user
NAME --name LABEL`, sent as `Authorization: Bearer <token>`), or an editor's
admin session with its CSRF token. Errors are application/problem+json, as in
Wagtail's own API; bad input is refused before anything is stored.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema, Status
from ninja.security import SessionAuth
from pydantic import ConfigDict, Field
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response, register_exception_handlers
from wagtail.models import Page

from newsdesk.api_ids import PathId

from .models import BreakingAlert
from .services import alert_publish, alert_withdraw


class EditorSession(SessionAuth):
    """An admin session, with its CSRF token. Without a session there is nothing
    to check, so the caller gets 401 (not a CSRF 403) and learns to authenticate."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="Newsdesk breaking alerts",
    version="1",
    urls_namespace="live_api",
    auth=[BearerTokenAuth(), EditorSession()],
    openapi_url=None,  # /api/openapi.json describes every API of the project (distribution/openapi.py)
    docs_url=None,
)
register_exception_handlers(api)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": [] if name == "__all__" else [name], "msg": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": [], "msg": message} for message in exc.messages]
    status = 409 if getattr(exc, "code", None) == "withdrawn" else 422
    return problem_response(status=status, detail=" ".join(error["msg"] for error in errors), errors=errors)


class AlertIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200, description="One short sentence, as readers will see it.")
    page: int | None = Field(None, description="The id of the published page the alert links to.")
    url: str = Field("", max_length=200, description="Or a link to a story elsewhere.")
    expires_at: datetime | None = Field(None, description="ISO 8601; without an offset, in UTC.")


class AlertOut(Schema):
    id: int
    text: str
    link: str
    page: int | None = Field(None, alias="page_id")
    url: str
    published_at: datetime
    expires_at: datetime | None
    withdrawn_at: datetime | None
    status: str


def _responses(success: dict, problems: dict[int, str]) -> dict:
    """`response=` and its descriptions (`openapi_extra`) for an operation. Every error is
    a ProblemDetail, from Wagtail's exception handlers or validation_error above."""
    return {
        "response": {**success, **dict.fromkeys(problems, ProblemDetail)},
        "openapi_extra": {"responses": {status: {"description": text} for status, text in problems.items()}},
    }


NOT_ALLOWED = {
    401: "No valid API token or editor session.",
    403: "Not allowed to publish alerts, or an editor session without its CSRF token.",
}
CREATE_RESPONSES = _responses(
    {201: AlertOut},
    {
        400: "The body is not JSON.",
        **NOT_ALLOWED,
        422: "Bad input (a field, or neither page nor URL); nothing is stored.",
    },
)
WITHDRAW_RESPONSES = _responses(
    {200: AlertOut},
    {
        **NOT_ALLOWED,
        404: "No such alert.",
        409: "The alert was already withdrawn.",
        422: "The id is out of range.",
    },
)


@api.post("/", summary="Publish a breaking alert", **CREATE_RESPONSES)
def alerts_create(request, alert: AlertIn):
    page = None
    if alert.page is not None:
        page = Page.objects.filter(pk=alert.page).first()
        if page is None:
            raise ValidationError({"page": f"There is no page with id {alert.page}."})
        page = page.specific
    created = alert_publish(text=alert.text, page=page, url=alert.url, expires_at=alert.expires_at, user=request.user)
    return Status(201, created)


@api.post("/{int:alert_id}/withdraw/", summary="Withdraw a breaking alert", **WITHDRAW_RESPONSES)
def alerts_withdraw(request, alert_id: PathId):
    alert = get_object_or_404(BreakingAlert, pk=alert_id)
    return alert_withdraw(alert=alert, user=request.user)


@api.delete("/{int:alert_id}/", summary="Withdraw a breaking alert (its record stays)", **WITHDRAW_RESPONSES)
def alerts_delete(request, alert_id: PathId):
    return alerts_withdraw(request, alert_id)
