"""The closing summary: written together as the work ends, in both kinds of engagement; one facilitator's acceptance
with the client's is enough; it is the one kind still written once the engagement has closed; refused content is
refused by field and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.agreements.kinds import KINDS, kinds_for
from cocreate.agreements.models import RevisionState
from cocreate.care import services as care
from tests.agreements.helpers import accept, access, propose, rows, state_of
from tests.conftest import World

SUMMARY = {"worked_on": "Grief for my grandmother, and sleep.", "changed": "I can talk about her without bracing.",
           "takes_with": "The evening walk; her shawl.", "watch_for": "Weeks without sleep.",
           "next": "My GP, and the bereavement group on Tuesdays."}


def test_both_kinds_of_engagement_have_it_and_it_outlives_the_close() -> None:
    spec = KINDS["closing_summary"]
    assert (spec.label, spec.whole_team, spec.is_consent, spec.after_close) == ("Closing summary", False, False, True)
    assert spec in kinds_for("psychotherapy") and spec in kinds_for("psychedelic_assisted")
    assert [s.kind.value for s in KINDS.values() if s.after_close] == ["closing_summary"]


def test_written_together_after_the_engagement_closed(world: World) -> None:
    care.phase_transition(actor=world.alice, access=access(world.alice, world.engagement), to_phase="closed",
                          reason="Ended together")
    revision = propose(world, world.dana, "closing_summary", SUMMARY, None)
    assert state_of(revision) == RevisionState.PROPOSED
    accept(world, world.bea, revision)
    assert state_of(revision) == RevisionState.AGREED
    with pytest.raises(ValidationError):  # every other kind stays as it was
        propose(world, world.dana, "integration_plan", {"steps": [{"step": "Walk"}]}, None)


@pytest.mark.parametrize(("content", "field"), [
    ({}, "__all__"),
    ({"worked_on": "   "}, "__all__"),
    ({"worked_on": "x" * 4001}, "worked_on"),
    ({"worked_on": "Sleep", "lessons": "none"}, "lessons"),
])
def test_bad_content_is_refused_by_field(world: World, content: dict[str, Any], field: str) -> None:
    before = rows()
    with pytest.raises(ValidationError) as caught:
        propose(world, world.dana, "closing_summary", content, None)
    assert field in caught.value.message_dict
    assert rows() == before


def test_it_speaks_to_the_client_as_you(world: World) -> None:
    url = reverse("agreement_propose", args=[world.engagement.pk, "closing_summary"])
    mine = world.client_for(world.dana).get(url).text
    assert "What you take with you" in mine
    assert "What the client takes with them" in world.client_for(world.alice).get(url).text
