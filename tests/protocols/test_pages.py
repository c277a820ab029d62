"""The protocols pages and waiting items: a fixed number of queries however long the history, and what the care
team is asked to offer after a medicine session under Oregon's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import Engagement, Session, SessionKind
from cocreate.care.selectors import waiting_for
from cocreate.protocols import services
from cocreate.protocols.models import ScreeningResponse
from cocreate.protocols.screening import questions
from cocreate.protocols.selectors import pack_of
from tests.care.test_query_counts import query_count
from tests.conftest import World


def oregon(world: World) -> None:
    services.engagement_pack_change(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    pack="oregon_psilocybin", reason="Psilocybin services")


def no_to_all(world: World) -> dict[str, dict[str, str]]:
    return {q.key: {"answer": "no" if q.type == "yes_no" else ""} for q in questions(pack_of(world.engagement))}


def history(world: World, n: int) -> None:
    """n more rounds of everything the pages list: answers and decisions, acknowledgements, check-ins, sessions."""
    client, team = engagement_access(world.dana, world.engagement), engagement_access(world.alice, world.engagement)
    for i in range(n):
        answers = no_to_all(world)
        answers["prior_diagnoses"] = {"answer": f"Round {i} of {n}, after {ScreeningResponse.objects.count()}"}
        services.screening_submit(actor=world.dana, access=client, answers=answers)
        services.screening_decide(actor=world.alice, access=team, outcome="eligible", rationale=f"Round {i}")
        for form in ("bill_of_rights", "informed_consent", "data_opt_out"):
            services.form_respond(actor=world.dana, access=client, form=form, version=1,
                                  choice="acknowledged" if i % 2 else "withdrawn")
        services.checkin_submit(actor=world.dana, access=client, readiness="ready", how_i_am=f"Round {i}")
        held = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION, duration_minutes=60,
                                      starts_at=timezone.now() - timedelta(days=20 + i), created_by=world.alice)
        care.session_complete(actor=world.alice, access=team, session=held)


PAGES = {
    "readiness (facilitator)": ("alice", "readiness"),
    "readiness (client)": ("dana", "readiness"),
    "screening (facilitator)": ("alice", "screening"),
    "screening (client)": ("dana", "screening"),
    "forms (client)": ("dana", "protocol_forms"),
    "check-in (client)": ("dana", "checkin"),
    "engagement page (client)": ("dana", "engagement"),
}


@pytest.mark.parametrize("page", PAGES)
def test_protocol_pages_do_not_grow_with_history(world: World, page: str) -> None:
    oregon(world)
    who, name = PAGES[page]
    client = world.client_for(getattr(world, who))
    url = reverse(name, args=[world.engagement.pk])
    history(world, 1)
    small, _ = query_count(client, url)
    history(world, 6)
    large, sql = query_count(client, url)
    assert large == small, "\n".join(sql)


def test_an_integration_session_is_asked_for_after_an_oregon_medicine_session(world: World) -> None:
    oregon(world)
    team = engagement_access(world.alice, world.engagement)
    medicine = Session.objects.create(engagement=world.engagement, kind=SessionKind.MEDICINE, duration_minutes=300,
                                      starts_at=timezone.now() - timedelta(days=1), created_by=world.alice)
    care.session_complete(actor=world.alice, access=team, session=medicine)
    waiting = [w for w in waiting_for(world.alice, via="web") if w.kind == "protocols.offer"]
    assert [w.label for w in waiting] == ["Offer an integration session (the client may decline it)"]
    assert "ORS 475A.360" in waiting[0].detail
    assert not [w for w in waiting_for(world.dana, via="web") if w.kind == "protocols.offer"]  # the team's to do

    Engagement.objects.filter(pk=world.engagement.pk).update(phase="integration")  # set up: past the gate
    team = engagement_access(world.alice, Engagement.objects.get(pk=world.engagement.pk))
    care.session_schedule(actor=world.alice, access=team, kind=SessionKind.INTEGRATION,
                          starts_at=timezone.now() + timedelta(days=2), duration_minutes=60)
    assert not [w for w in waiting_for(world.alice, via="web") if w.kind == "protocols.offer"]


def test_answers_waiting_for_a_decision_are_the_care_teams(world: World) -> None:
    oregon(world)
    services.screening_submit(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              answers=no_to_all(world))
    mine = [w.label for w in waiting_for(world.alice, via="web") if w.kind == "protocols.screening"]
    assert mine == ["Decide on screening answers"]
    services.screening_decide(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                              outcome="eligible", rationale="Fine")
    assert not [w for w in waiting_for(world.alice, via="web") if w.kind == "protocols.screening"]
