import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from newsdesk.distribution import api as partner_api
from newsdesk.distribution.services import partner_key_create


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
def test_partner_api_conforms_to_its_openapi_description(article, hidden_articles, monkeypatch, request):
    """Schemathesis generates requests from /api/openapi.json, valid and invalid,
    and checks every answer: no server errors, documented status codes, content
    types and bodies, and authentication enforced."""
    monkeypatch.setattr(partner_api, "SETTLE_SECONDS", 0)
    cache.clear()
    _, key = partner_key_create(name="Schemathesis", requests_per_minute=100_000)
    # Called straight through WSGI, each request would end by closing the database
    # connection, and with it the test's transaction on PostgreSQL; Django's own
    # test client disconnects the same handlers.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
        request.addfinalizer(lambda signal=signal: signal.connect(close_old_connections))
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations() if result.ok().path.startswith("/api/articles")]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        check()
