"""The API against its own OpenAPI document, with generated requests.

Schemathesis builds requests from the document (valid and invalid ones) and
sends them as the HR system would, with an HR bearer token. Every answer must
be documented, match its schema and never be a server error. The number of
examples per operation is bounded (``API_FUZZ_EXAMPLES``, default 40) and
derandomised, so a CI run is repeatable.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.models import APIToken

from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory

# A well-formed course slug or department name that does not exist is a 422
# (an HR system must hear about a typo, not get an empty list), so "every
# schema-valid request is accepted" does not hold by design.
EXCLUDED = [positive_data_acceptance]
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "40"))


@pytest.fixture
def hr_headers():
    _token, plaintext = APIToken.create_token(
        user=UserFactory(roles=["HR"]), name="HR system"
    )
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, kept off the test's database connection:
    like Django's test client, it must not close the connection that holds the
    test's transaction at the start and end of each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(db, role, course, hr_headers, wsgi_app):
    manager = StaffProfileFactory(job_role=role, employee_id="M1")
    certified(StaffProfileFactory(manager=manager, job_role=role).user, course)
    StaffProfileFactory(manager=manager, job_role=role, employee_id="E2")
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", wsgi_app, headers=hr_headers
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_documented_contract(api_schema, hr_headers, mode):
    failures = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            check_operation(operation, mode, hr_headers)
        except Exception as error:  # every operation is tried; all are reported
            failures[operation.label] = error
    assert not failures, "\n\n".join(f"{op}: {err}" for op, err in failures.items())


def check_operation(operation, mode, headers):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    call()
