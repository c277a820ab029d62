"""The integration plan: action steps agreed together, in both kinds of engagement; one facilitator's acceptance
with the client's is enough; refused content is refused by field and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.agreements import services
from cocreate.agreements.kinds import KINDS, kinds_for
from cocreate.agreements.models import RevisionState
from tests.agreements.helpers import accept, access, propose, rows, state_of
from tests.conftest import World

PLAN = {"steps": [{"step": "Walk by the river three mornings a week", "when": "Mornings",
                   "support": "A text from my partner"}, {"step": "Call my sister"}],
        "review": "At our integration session in three weeks"}


def test_both_kinds_of_engagement_have_it_and_one_facilitator_is_enough() -> None:
    spec = KINDS["integration_plan"]
    assert (spec.label, spec.whole_team, spec.is_consent) == ("Integration plan", False, False)
    assert spec in kinds_for("psychotherapy") and spec in kinds_for("psychedelic_assisted")


def test_the_client_and_one_facilitator_agree_it(world: World) -> None:
    revision = propose(world, world.dana, "integration_plan", PLAN, None)
    assert state_of(revision) == RevisionState.PROPOSED
    accept(world, world.bea, revision)
    assert state_of(revision) == RevisionState.AGREED
    assert revision.content["steps"][1] == {"step": "Call my sister", "when": "", "support": ""}


def test_a_psychotherapy_client_has_one_too(world: World) -> None:
    revision = services.revision_propose(actor=world.carl, access=access(world.carl, world.eve_engagement),
                                         kind="integration_plan", content=PLAN, based_on=None)
    services.revision_accept(actor=world.eve, access=access(world.eve, world.eve_engagement), revision=revision)
    assert state_of(revision) == RevisionState.AGREED


@pytest.mark.parametrize(("content", "field"), [
    ({"steps": [], "review": "Soon"}, "steps"),
    ({"review": "Soon"}, "steps"),
    ({"steps": [{"step": "   ", "when": "Daily"}]}, "steps.0.step"),
    ({"steps": [{"step": "x" * 301}]}, "steps.0.step"),
    ({"steps": [{"step": "Walk", "who": "me"}]}, "steps.0.who"),
    ({"steps": [{"step": "Walk"}], "review": "r" * 4001}, "review"),
    ({"steps": [{"step": "Walk"}] * 31}, "steps"),
])
def test_bad_content_is_refused_by_field(world: World, content: dict[str, Any], field: str) -> None:
    before = rows()
    with pytest.raises(ValidationError) as caught:
        propose(world, world.dana, "integration_plan", content, None)
    assert field in caught.value.message_dict
    assert rows() == before


def test_the_plan_speaks_to_the_client_as_you(world: World) -> None:
    url = reverse("agreement_propose", args=[world.engagement.pk, "integration_plan"])
    mine = world.client_for(world.dana).get(url).text
    assert "What you will do" in mine and "the steps are yours to carry out" in mine
    assert "the client" not in mine.split("<main", 1)[1].lower()
    theirs = world.client_for(world.alice).get(url).text
    assert "What the client will do" in theirs
