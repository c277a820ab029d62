"""How the protocols app reacts to care: a new engagement is put under its practice's pack, and the gate is
checked, under the engagement's row lock, before the medicine phase is entered or a medicine session planned."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cocreate.care.events import EngagementOpened, PhaseMoving, SessionPlanning
from cocreate.care.models import Engagement, Phase, SessionKind
from cocreate.compose.course import Course, course_provider
from cocreate.compose.events import subscribe
from cocreate.compose.gates import GateClosed
from cocreate.protocols.gate import Plan
from cocreate.protocols.selectors import Checklist, checklist, pack_of
from cocreate.protocols.services import engagement_pack_start

# A moved session is checked against the rules that depend on its time and dose, not the whole gate: moving a
# session later must not be refused because, say, a check-in has since grown old.
SESSION_RULES = ("preparation_window", "dose_duration", "medicine_spacing")


@subscribe(EngagementOpened)
def put_under_the_practice_pack(event: EngagementOpened) -> None:
    engagement_pack_start(actor=event.actor, engagement=event.engagement)


def _refuse(headline: str, found: Checklist, only: tuple[str, ...] = ()) -> None:
    unmet = found.unmet(only)
    if unmet:
        raise GateClosed(headline, unmet)


@subscribe(PhaseMoving)
def gate_the_medicine_phase(event: PhaseMoving) -> None:
    if event.to_phase == Phase.MEDICINE:
        _refuse(_("Not yet: the medicine phase needs every requirement of %(pack)s.") % {
            "pack": pack_of(event.engagement).title}, checklist(event.engagement, "phase"))


@subscribe(SessionPlanning)
def gate_medicine_sessions(event: SessionPlanning) -> None:
    if event.kind != SessionKind.MEDICINE:
        return
    plan = Plan(event.starts_at, event.duration_minutes, event.planned_dose_mg,
                event.session.pk if event.session else None)
    found = checklist(event.engagement, "schedule", plan)
    if event.session is None:
        _refuse(_("This medicine session cannot be scheduled yet under %(pack)s.") % {"pack": found.pack.title},
                found)
    else:
        _refuse(_("This medicine session cannot be moved there under %(pack)s.") % {"pack": found.pack.title},
                found, SESSION_RULES)


@course_provider
def course_under_the_pack(engagement: Engagement) -> Course | None:
    pack = pack_of(engagement)
    phase = pack.phase(engagement.phase)
    if phase is None:  # a phase the pack does not know (it changed since): care's own moves apply
        return None
    order: list[str] = [p.key for p in pack.phases]
    nxt = sorted(set(phase.next) | ({"closed"} if engagement.phase != "closed" else set()), key=order.index)
    return Course(next_phases=nxt, session_kinds=list(phase.session_kinds))
