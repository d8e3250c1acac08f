import json

import pytest
from wagtail.models import APIToken

from newsdesk.live.models import BreakingAlert, LiveEvent
from newsdesk.live.services import alert_publish

STORY = "https://example.org/story"


@pytest.fixture
def token(editor):
    return APIToken.create_token(user=editor, name="desk")[1]


def _post(client, path, body=None, token=None, raw=None, **extra):
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = raw if raw is not None else json.dumps(body or {})
    return client.post(path, data=data, content_type="application/json", **extra)


def _nothing_stored():
    return not BreakingAlert.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_an_editor_token_publishes_an_alert(client, token):
    response = _post(client, "/api/alerts/", {"text": "Quake hits coast", "url": STORY}, token=token)
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == "Quake hits coast" and body["link"] == STORY and body["status"] == "current"
    assert LiveEvent.objects.get().payload["alert"]["id"] == body["id"]


@pytest.mark.django_db
def test_an_editor_session_publishes_with_its_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    refused = _post(client, "/api/alerts/", {"text": "No CSRF token", "url": STORY})
    assert refused.status_code == 403 and _nothing_stored()
    client.get("/admin/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = _post(client, "/api/alerts/", {"text": "With a session", "url": STORY}, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "", "url": STORY}, "text"),
        ({"url": STORY}, "text"),
        ({"text": "x" * 201, "url": STORY}, "text"),
        ({"text": "No link"}, None),
        ({"text": "Bad link", "url": "javascript:alert(1)"}, "url"),
        ({"text": "Bad link", "url": "not a url"}, "url"),
        ({"text": "No such page", "page": 987654}, "page"),
        ({"text": "Page id", "page": "first"}, "page"),
        ({"text": "Past", "url": STORY, "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"text": "Vague", "url": STORY, "expires_at": "soon"}, "expires_at"),
        ({"text": "Typo", "url": STORY, "expires": "2031-01-01T00:00:00Z"}, "expires"),
        ({"text": ["a", "list"], "url": STORY}, "text"),
    ],
)
def test_bad_input_gets_a_clear_422_and_nothing_is_stored(client, token, body, field):
    response = _post(client, "/api/alerts/", body, token=token)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["errors"]
    assert all(error["msg"] for error in problem["errors"])
    if field:
        assert any(field in error["loc"] for error in problem["errors"]), problem
    assert _nothing_stored()


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_400(client, token):
    response = _post(client, "/api/alerts/", raw="text=Breaking", token=token)
    assert response.status_code == 400 and response.json()["detail"]
    assert _nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wagtail_not-a-real-token", "Basic ZWRpdG9yOnB3"])
def test_an_anonymous_caller_gets_401_and_nothing_is_stored(client, authorization):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = _post(client, "/api/alerts/", {"text": "Anonymous", "url": STORY}, **extra)
    assert response.status_code == 401 and response.json()["status"] == 401
    assert _nothing_stored()


@pytest.mark.django_db
def test_a_reporter_token_gets_403_and_nothing_is_stored(client, reporter):
    token = APIToken.create_token(user=reporter, name="reporter")[1]
    response = _post(client, "/api/alerts/", {"text": "Reporter", "url": STORY}, token=token)
    assert response.status_code == 403 and "editors" in response.json()["detail"]
    assert _nothing_stored()


@pytest.mark.django_db
def test_a_revoked_token_gets_401(client, editor):
    instance, token = APIToken.create_token(user=editor, name="old")
    instance.revoke()
    assert _post(client, "/api/alerts/", {"text": "Revoked", "url": STORY}, token=token).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["delete", "post"])
def test_withdraw_by_delete_or_post(client, token, editor, how):
    alert = alert_publish(text="Withdraw me", url=STORY, user=editor)
    if how == "delete":
        response = client.delete(f"/api/alerts/{alert.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    else:
        response = _post(client, f"/api/alerts/{alert.pk}/withdraw/", token=token)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert LiveEvent.objects.last().type == "cleared"
    # The record stays, for the history.
    assert BreakingAlert.objects.filter(pk=alert.pk).exists()


@pytest.mark.django_db
def test_withdrawing_twice_gets_409_and_an_unknown_alert_404(client, token, editor):
    alert = alert_publish(text="Once", url=STORY, user=editor)
    assert _post(client, f"/api/alerts/{alert.pk}/withdraw/", token=token).status_code == 200
    again = _post(client, f"/api/alerts/{alert.pk}/withdraw/", token=token)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert _post(client, "/api/alerts/987654/withdraw/", token=token).status_code == 404
    assert LiveEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_reporter_cannot_withdraw(client, editor, reporter):
    alert = alert_publish(text="Stays", url=STORY, user=editor)
    token = APIToken.create_token(user=reporter, name="reporter")[1]
    assert _post(client, f"/api/alerts/{alert.pk}/withdraw/", token=token).status_code == 403
    assert BreakingAlert.objects.current().first() == alert


@pytest.mark.django_db
@pytest.mark.parametrize("alert_id", [0, 2**63])
def test_an_alert_id_out_of_range_gets_422(client, token, alert_id):
    response = _post(client, f"/api/alerts/{alert_id}/withdraw/", token=token)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_the_alerts_api_publishes_no_description_of_its_own(client):
    # /api/openapi.json describes every API of the project, this one included.
    assert client.get("/api/alerts/openapi.json").status_code == 404
