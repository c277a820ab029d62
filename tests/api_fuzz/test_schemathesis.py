"""The whole API, fuzzed from its own OpenAPI document: as a facilitator and as a client, no input gives a 5xx and
every response matches its documented shape. A few examples per operation, so it runs in a minute or two."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.api_helpers import bearer_token
from tests.conftest import World, build_world

EXAMPLES = 25


@pytest.fixture
def app_in_this_thread(db: None) -> Iterator[None]:
    """The app is called in the test's thread, inside its transaction: keep Django from closing the connection
    at the end of each request, as its own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(persona: str) -> list[str]:
    """Every operation, `EXAMPLES` generated requests each; the failures, described."""
    world: World = build_world()
    token = bearer_token(world.alice if persona == "facilitator" else world.dana)
    ids = {"engagement_id": world.engagement.pk, "session_id": world.session.pk, "practice_id": world.practice.pk}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            # Half the time the path's ids are the world's own, so the fuzzing reaches past the 404s.
            if case.path_parameters and hash(str(case.path_parameters)) % 2:
                for name, value in ids.items():
                    if name in case.path_parameters:
                        case.path_parameters[name] = value
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[checks.not_a_server_error, checks.response_schema_conformance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation's failure is collected and reported together
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    return failures


def test_as_a_facilitator_no_input_gives_a_server_error(app_in_this_thread: None) -> None:
    failures = fuzz("facilitator")
    assert not failures, "\n\n".join(failures)


def test_as_a_client_no_input_gives_a_server_error(app_in_this_thread: None) -> None:
    failures = fuzz("client")
    assert not failures, "\n\n".join(failures)
