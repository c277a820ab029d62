"""A property of the gate on the real database: for a new engagement under a real pack, whichever of the pack's
requirements for the medicine phase are made to hold through the services (and whichever way the others fall
short), the checklist reports exactly those as met, and the move into the medicine phase succeeds exactly when
they are all of them; otherwise it is refused naming the others, each with its source."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cocreate.accounts.models import Role
from cocreate.care import services as care
from cocreate.care.models import Engagement, Phase, PhaseTransition
from cocreate.compose.gates import GateClosed
from cocreate.protocols import services
from cocreate.protocols.models import ReadinessCheckin
from cocreate.protocols.packs import Pack, Requirement, load_all
from cocreate.protocols.selectors import checklist, current_form, pack_of
from tests.agreements.helpers import touch
from tests.conftest import World, make_user
from tests.protocols.gate_helpers import (
    access,
    agree,
    check_in,
    open_engagement,
    preparation,
    propose,
    resolve,
    respond,
    risk_answer,
    screen,
    to_preparation,
)

PACKS = {key: pack for key, pack in load_all()[0].items() if key in ("oregon_psilocybin", "psychedelic_general")}

# How each kind of requirement holds, and the ways people leave it short.
HOLDS = {
    "screening": ("eligible", "eligible_with_conditions"),
    "form": ("acknowledged", "acknowledged_after_declining"),
    "agreement": ("agreed",),
    "touch_within": ("within",),
    "sessions_held": ("held",),
    "no_risk_flag": ("no_answer", "answer_resolved"),
    "readiness": ("ready", "ready_after_talking"),
}
SHORT = {
    "screening": ("unanswered", "undecided", "not_eligible_now", "refer"),
    "form": ("unread", "declined", "withdrawn", "outdated"),
    "agreement": ("none", "proposed_only"),
    "touch_within": ("bodywork",),
    "sessions_held": ("none", "not_held"),
    "no_risk_flag": ("risk_answer",),
    "readiness": ("none", "talk_first", "postpone", "too_old"),
}
# The client's choices on a form, and their check-ins, in order, for each way.
FORM_CHOICES = {"acknowledged": ("acknowledged",), "acknowledged_after_declining": ("declined", "acknowledged"),
                "declined": ("declined",), "withdrawn": ("acknowledged", "withdrawn"), "outdated": ("acknowledged",)}
CHECK_INS = {"ready": ("ready",), "ready_after_talking": ("talk_first", "ready"), "talk_first": ("talk_first",),
             "postpone": ("postpone",), "too_old": ("ready",)}
_people = itertools.count()
_wordings = itertools.count()


@dataclass(frozen=True)
class Case:
    pack: str
    how: dict[str, str]  # requirement -> a way it holds or falls short
    chosen: frozenset[str]  # the requirements that hold


def phase_rules(pack: Pack) -> list[Requirement]:
    return pack.requirements_for("phase")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    key = draw(st.sampled_from(sorted(PACKS)))
    rules = phase_rules(PACKS[key])
    keys = [r.key for r in rules]
    # Every one of them, all but one, or any subset: the gate's two answers both come up often.
    chosen = set(draw(st.one_of(st.just(set(keys)), st.sampled_from(keys).map(lambda k: set(keys) - {k}),
                                st.sets(st.sampled_from(keys)))))
    # The kinds of touch can fall short only under a touch agreement in force.
    if "touch_allowed_kinds" in {r.key for r in rules} and "touch_consent" not in chosen:
        chosen.add("touch_allowed_kinds")
    how = {r.key: draw(st.sampled_from((HOLDS if r.key in chosen else SHORT)[r.kind])) for r in rules}
    return Case(key, how, frozenset(chosen))


def make(world: World, engagement: Engagement, r: Requirement, case: Case) -> None:
    kind, way = r.kind, case.how[r.key]
    if kind == "screening" and way != "unanswered":
        screen(world, engagement, None if way == "undecided" else way)
    elif kind == "form" and way != "unread":
        for choice in FORM_CHOICES[way]:
            respond(engagement, r.form or "", choice)
        if way == "outdated":  # the practice words the form anew after the client acknowledged it
            shown = current_form(engagement.practice, pack_of(engagement), r.form or "")
            services.form_publish(actor=world.alice, practice=engagement.practice, pack=pack_of(engagement),
                                  form=r.form or "", title=shown.title,
                                  body=f"{shown.body}\n\nWording {next(_wordings)}.")
    elif kind == "agreement" and way != "none":
        document = r.document or ""
        # Touch beyond the pack's kinds only where the kinds are to fall short.
        beyond = document == "touch_consent" and case.how.get("touch_allowed_kinds") == "bodywork"
        content = touch(hug="yes", bodywork="yes") if beyond else None
        if way == "proposed_only":
            propose(engagement, document, content)
        else:
            agree(world, engagement, document, content)
    elif kind == "sessions_held" and way != "none":
        preparation(world, engagement, held=way == "held")
    elif kind == "no_risk_flag" and way != "no_answer":
        flag = risk_answer(engagement)
        if way == "answer_resolved":
            resolve(world, flag)
    elif kind == "readiness" and way != "none":
        for readiness in CHECK_INS[way]:
            checkin = check_in(engagement, readiness)
        if way == "too_old":  # as if it had been sent before the 14 days a check-in counts for
            ReadinessCheckin.objects.filter(pk=checkin.pk).update(created=timezone.now() - timedelta(days=15))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=cases())
def test_the_checklist_and_the_move_agree_with_what_was_made_to_hold(world: World, case: Case) -> None:
    client = make_user(f"client{next(_people)}", world.practice, Role.CLIENT)
    engagement = open_engagement(world, client, case.pack)
    to_preparation(world, engagement)
    pack = pack_of(engagement)
    assert pack.key == case.pack
    rules = phase_rules(pack)
    for r in rules:
        make(world, engagement, r, case)

    found = checklist(engagement, "phase")
    assert [i.check.requirement.key for i in found.items] == [r.key for r in rules]
    assert {i.check.requirement.key for i in found.items if i.check.met} == case.chosen, case
    assert not any(i.check.set_aside for i in found.items)
    assert found.open == (case.chosen == {r.key for r in rules})
    event("open" if found.open else "closed")

    try:
        care.phase_transition(actor=world.alice, access=access(world.alice, engagement), to_phase=Phase.MEDICINE,
                              reason="Ready")
        unmet = []
    except GateClosed as refused:
        unmet = refused.unmet
    sources = {r.key: r.source.citation for r in rules}
    assert {u.key for u in unmet} == {r.key for r in rules} - case.chosen
    assert all(u.source == sources[u.key] and u.label and u.state for u in unmet)
    engagement.refresh_from_db()
    assert engagement.phase == (Phase.MEDICINE if found.open else Phase.PREPARATION)
    moved = PhaseTransition.objects.filter(engagement=engagement, to_phase=Phase.MEDICINE).count()
    assert moved == (1 if found.open else 0)
