"""Schemathesis against the app's OpenAPI document, in-process (Django's WSGI app on the test
database, with one of everything from the `world` fixture): for every operation, no server
error, and every response conforms to its documented schema and status codes. Writes carry a
valid API key so they reach the services.

(schemathesis.pytest.from_fixture does not work with pytest 9 yet, so the document is built
from the API object itself: the same one /api/v1/openapi.json serves, which
test_openapi_document_is_served checks.)"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from samenspel.api import security
from samenspel.api.api import api

MAX_EXAMPLES = 25

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _generous_limits(monkeypatch):
    # The generated requests should reach the services, not stop at 429.
    monkeypatch.setattr(security, "LIMITS", dict.fromkeys(security.LIMITS, (100000, 60)))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Django's own test client does this too: after each request WSGIHandler closes "old"
    # database connections, which would close the test transaction's connection (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(world, token_for):
    return token_for(world.resident)


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"].keys() == api.get_openapi_schema(path_prefix="/api/v1/")["paths"].keys()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case, key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )
