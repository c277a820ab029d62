"""Which phase may follow which: the course of care as a small state machine."""

from __future__ import annotations

from cocreate.care.models import Engagement, Kind, Phase, SessionKind
from cocreate.compose.course import course_of

_FORWARD: dict[str, set[str]] = {
    Phase.CONSULTATION: {Phase.SCREENING},
    Phase.SCREENING: {Phase.PREPARATION},
    Phase.THERAPY: set(),
    Phase.PREPARATION: {Phase.MEDICINE},
    Phase.MEDICINE: {Phase.INTEGRATION},
    Phase.INTEGRATION: {Phase.MEDICINE},
    Phase.CLOSED: set(),
}


def allowed_next(kind: str, phase: str) -> list[str]:
    """Phases that may follow `phase`. Any open engagement may close.

    A psychotherapy engagement has no medicine phase: after preparation its ongoing work is integration.
    """
    if phase == Phase.CLOSED:
        return []
    nxt = set(_FORWARD[phase])
    if kind == Kind.PSYCHOTHERAPY:
        nxt.discard(Phase.MEDICINE)
        if phase == Phase.PREPARATION:
            nxt.add(Phase.INTEGRATION)
    nxt.add(Phase.CLOSED)
    return [p for p in Phase.values if p in nxt]


def session_kinds_for(kind: str) -> list[str]:
    if kind == Kind.PSYCHOTHERAPY:
        return [k for k in SessionKind.values if k != SessionKind.MEDICINE]
    return [k for k in SessionKind.values if k != SessionKind.PSYCHOTHERAPY]


def next_phases(engagement: Engagement) -> list[str]:
    """Phases this engagement may move to now: its protocol's moves where a protocol governs it."""
    course = course_of(engagement)
    return course.next_phases if course is not None else allowed_next(engagement.kind, engagement.phase)


def schedulable_kinds(engagement: Engagement) -> list[str]:
    """Kinds of session that may be scheduled in the engagement's present phase."""
    course = course_of(engagement)
    return course.session_kinds if course is not None else session_kinds_for(engagement.kind)
