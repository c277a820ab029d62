"""The archive at the size the issue names (two years of weekly PHQ-9s, 100 notes, a medicine session): it
validates as FHIR R4 resource by resource and holds no private note; and it is built in the same number of
queries whatever the history (no timing here: `make bench` times it, bench/archive.py)."""

from __future__ import annotations

import json

from bench.archive import PRIVATE_MARK, build_client
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.accounts.models import User
from cocreate.interop import selectors
from cocreate.interop.archive_forms import render
from tests.conftest import World
from tests.interop.archive_helpers import own_sections
from tests.interop.test_archive import readable, valid_bundle


def queries(client: User, engagement_id: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        for form in ("fhir", "json"):
            with render(selectors.own_archive(client, engagement_id), form) as out:
                out.read()
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_history(world: World) -> None:
    build_client(world.engagement, world.alice, weeks=2, notes=2, timeline=3)
    own_sections(world.engagement, world.dana, world.alice, n=1)
    build_client(world.eve_engagement, world.carl, weeks=40, notes=40, timeline=60)
    own_sections(world.eve_engagement, world.eve, world.carl, n=12)
    small = queries(world.dana, world.engagement.pk)
    assert small == queries(world.eve, world.eve_engagement.pk)
    assert small <= 100
    # Every section of the client's own is filled at both sizes, so its queries are counted at both.
    for client, engagement, n in ((world.dana, world.engagement, 1), (world.eve, world.eve_engagement, 12)):
        e = selectors.own_archive(client, engagement.pk).data["engagements"][0]
        assert len(e["screening"]["answers"]) == n and len(e["readiness"]) == n and len(e["ruptures"]) == n
        assert len(e["fit_reviews"]) == 2 * n and len(e["endings"]) == n and len(e["library"]) == n
        assert len(e["fees"]["sessions"]) >= n and len(e["patterns_and_resources"]["resources"]) == n


def test_two_years_of_weekly_questionnaires_validate_and_hold_no_private_note(world: World) -> None:
    build_client(world.engagement, world.alice)  # 104 PHQ-9s, 100 shared and 100 private notes, a medicine session
    record = selectors.own_archive(world.dana, world.engagement.pk)
    with render(record, "fhir") as out:
        bundle = json.loads(out.read())
    kinds = valid_bundle(bundle)
    assert {"Patient", "Encounter", "QuestionnaireResponse", "Observation", "Goal", "Consent",
            "DocumentReference", "AuditEvent"} <= kinds
    counted = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert counted.count("QuestionnaireResponse") == 104 and counted.count("Observation") == 104
    text = readable(bundle)
    assert all(f"Shared note {n}:" in text for n in range(100)) and PRIVATE_MARK not in text
    with render(record, "json") as out:
        assert PRIVATE_MARK not in out.read().decode()
