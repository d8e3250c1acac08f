from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from wagtail.models import APIToken

from newsdesk.distribution import api as partner_api
from newsdesk.distribution.services import partner_key_create
from newsdesk.live.services import alert_publish
from newsdesk.wires.models import WireSource

PUSH = "/api/wires/push/{source_id}/"
STORY = "https://example.org/story"
WIRE_FILES = Path(__file__).resolve().parents[2] / "wires" / "tests" / "fixtures"


@pytest.mark.django_db
def test_openapi_describes_every_http_api_of_the_project(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    paths = spec["paths"]
    assert {"/api/articles", "/api/articles/{article_id}"} <= paths.keys()
    assert any(path.startswith("/api/alerts/") for path in paths), "the breaking-alerts API is described too"
    assert spec["components"]["securitySchemes"]["PartnerKeyAuth"] == {"type": "http", "scheme": "bearer"}
    listing = paths["/api/articles"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"since", "changed_since", "limit", "ninjs"}
    assert {"200", "401", "422", "429"} <= listing["responses"].keys()
    assert listing["responses"]["429"]["content"].keys() == {"application/problem+json"}


@pytest.mark.django_db
def test_openapi_describes_the_wire_push_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    push = spec["paths"][PUSH]["post"]
    assert spec["components"]["securitySchemes"]["PushTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert push["security"] == [{"PushTokenAuth": []}]
    body = push["requestBody"]["content"]
    assert body.keys() == {
        "application/octet-stream",
        "application/json",
        "application/xml",
        "text/xml",
        "application/atom+xml",
        "application/rss+xml",
    }
    assert all(media["schema"] == {"type": "string", "format": "binary"} for media in body.values())
    assert {p["name"] for p in push["parameters"]} == {"source_id", "X-Filename"}
    assert push["responses"].keys() == {"202", "401", "413", "422"}


@pytest.mark.django_db
def test_openapi_describes_every_problem_the_alerts_api_answers(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        ("/api/alerts/", "post"): {"201", "400", "401", "403", "422"},
        ("/api/alerts/{alert_id}/withdraw/", "post"): {"200", "401", "403", "404", "409", "422"},
        ("/api/alerts/{alert_id}/", "delete"): {"200", "401", "403", "404", "409", "422"},
    }
    for (path, method), statuses in expected.items():
        responses = paths[path][method]["responses"]
        assert responses.keys() == statuses, (path, method)
        for status, response in responses.items():
            if status.startswith("4"):
                assert response["content"] == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
                }


def _wsgi_schema(request):
    # Called straight through WSGI, each request would end by closing the database
    # connection, and with it the test's transaction on PostgreSQL; Django's own
    # test client disconnects the same handlers.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
        request.addfinalizer(lambda signal=signal: signal.connect(close_old_connections))
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


def _conforms(operation, headers, max_examples=30, prepare=None, excluded_checks=None) -> set[int]:
    """Run schemathesis on one operation; prepare(case, pick) may steer some valid
    examples towards data the schema cannot express (an existing id, a real file).
    Returns the status codes seen."""
    seen = set()

    @given(case=operation.as_strategy(), pick=st.integers(0, 3))
    @settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case, pick):
        excluded = list(excluded_checks or [])
        if prepare and case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
            prepare(case, pick)
            # Schemathesis takes a body set here for one it cannot vouch for.
            excluded.append(negative_data_rejection)
        seen.add(case.call_and_validate(headers=headers, excluded_checks=excluded).status_code)

    check()
    return seen


@pytest.mark.django_db
def test_partner_api_conforms_to_its_openapi_description(article, hidden_articles, monkeypatch, request):
    """Schemathesis generates requests from /api/openapi.json, valid and invalid,
    and checks every answer: no server errors, documented status codes, content
    types and bodies, and authentication enforced."""
    monkeypatch.setattr(partner_api, "SETTLE_SECONDS", 0)
    cache.clear()
    _, key = partner_key_create(name="Schemathesis", requests_per_minute=100_000)
    schema = _wsgi_schema(request)
    operations = [result.ok() for result in schema.get_all_operations() if result.ok().path.startswith("/api/articles")]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        check()


@pytest.mark.django_db
def test_alerts_api_conforms_to_its_openapi_description(editor, request):
    token = APIToken.create_token(user=editor, name="schemathesis")[1]
    alert_ids = [alert_publish(text=f"Alert {n}", url=STORY, user=editor).pk for n in range(3)]
    schema = _wsgi_schema(request)
    operations = {
        result.ok().path: result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/alerts/")
    }
    assert operations.keys() == {"/api/alerts/", "/api/alerts/{alert_id}/withdraw/", "/api/alerts/{alert_id}/"}

    def linked(case, pick):
        if pick and isinstance(case.body, dict) and not ({"page", "url"} & case.body.keys()):
            case.body = {**case.body, "url": STORY}

    def existing(case, pick):
        if pick:
            case.path_parameters = {**(case.path_parameters or {}), "alert_id": alert_ids[pick - 1]}

    auth = {"Authorization": f"Bearer {token}"}
    # An alert needs a page or a URL: a rule across fields that the schema does not
    # express, so some schema-valid bodies are rightly refused with 422.
    created = _conforms(operations["/api/alerts/"], auth, prepare=linked, excluded_checks=[positive_data_acceptance])
    assert 201 in created
    for path in ("/api/alerts/{alert_id}/withdraw/", "/api/alerts/{alert_id}/"):
        # Withdrawing twice is a conflict (409): the first call changes what the next one sees.
        withdrawn = _conforms(operations[path], auth, prepare=existing, excluded_checks=[positive_data_acceptance])
        assert {404, 409} <= withdrawn


@pytest.mark.django_db
def test_wire_push_conforms_to_its_openapi_description(agencies, request):
    source = WireSource.objects.create(name="dpa push", agency=agencies[0], kind=WireSource.Kind.PUSH)
    schema = _wsgi_schema(request)
    [operation] = [result.ok() for result in schema.get_all_operations() if result.ok().path == PUSH]
    files = [None, *(WIRE_FILES / name for name in ("embargoed.xml", "rss_feed.xml", "atom_feed.xml"))]

    def to_the_source(case, pick):
        case.path_parameters = {**(case.path_parameters or {}), "source_id": source.pk}
        if files[pick]:
            case.body = files[pick].read_bytes()

    auth = {"Authorization": f"Bearer {source.push_token}"}
    # Any bytes are schema-valid; those that are no wire file are rightly quarantined (422).
    unreadable = [positive_data_acceptance]
    assert {202, 422} <= _conforms(operation, auth, prepare=to_the_source, excluded_checks=unreadable)
    assert _conforms(operation, auth, max_examples=10, excluded_checks=unreadable) <= {202, 401, 422}  # other ids
