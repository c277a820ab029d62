"""A screening decision stays within the pack's rules: under Oregon's law a "not eligible" answer cannot be decided
away; under a practice's own rules the clinician may, with a rationale the client reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocreate.access.policy import engagement_access
from cocreate.protocols import services
from cocreate.protocols.screening import questions
from cocreate.protocols.selectors import pack_of, screening_history
from tests.conftest import World


def answered_lithium(world: World, pack: str) -> None:
    services.engagement_pack_change(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    pack=pack, reason="Chosen together")
    answers = {q.key: {"answer": "no" if q.type == "yes_no" else ""} for q in questions(pack_of(world.engagement))}
    answers["lithium_30d"] = {"answer": "yes"}
    services.screening_submit(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              answers=answers)


@pytest.mark.parametrize("outcome", ["eligible", "eligible_with_conditions"])
def test_oregon_lithium_cannot_be_decided_eligible(world: World, outcome: str) -> None:
    answered_lithium(world, "oregon_psilocybin")
    with pytest.raises(ValidationError) as refused:
        services.screening_decide(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                  outcome=outcome, rationale="I think it is fine", conditions="Watch closely")
    message = " ".join(refused.value.messages)
    assert "within 30 days of taking lithium" in message and "OAR 333-333-5050" in message
    assert not screening_history(engagement_access(world.alice, world.engagement))[0].decisions.exists()
    decision = services.screening_decide(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                         outcome="not_eligible_now", rationale="Thirty days first.")
    assert decision.outcome == "not_eligible_now"


def test_a_practice_rule_is_the_clinicians_to_weigh(world: World) -> None:
    answered_lithium(world, "psychedelic_general")
    decision = services.screening_decide(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                         outcome="eligible_with_conditions", conditions="Session after 30 days",
                                         rationale="The lithium stopped 25 days ago; we will wait the last days.")
    assert decision.outcome == "eligible_with_conditions"
