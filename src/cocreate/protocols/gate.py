"""The readiness gate, as pure logic: given what holds for an engagement, which of its pack's requirements are met.

Three acts are gated: moving into the medicine phase ("phase"), scheduling a medicine session ("schedule") and
beginning one ("start"). `evaluate` answers one check per requirement of the act, each with its state in plain
words; the gate is open when every check is met or, for a practice's own rule, set aside by a clinician.
Nothing here reads the database: `facts.facts_for` gathers the `Facts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from cocreate.protocols.packs import Pack, Requirement

LEVEL_NO = "no"


@dataclass(frozen=True)
class Facts:
    now: datetime
    zone: ZoneInfo  # the practice's: calendar days are counted in it
    # none | undecided | an outcome (eligible, eligible_with_conditions, not_eligible_now, refer)
    screening: str = "none"
    agreements: frozenset[str] = frozenset()  # document kinds with a revision in force
    touch: dict[str, str] | None = None  # the touch consent in force: kind -> yes | ask_first | no
    forms: dict[str, str] = field(default_factory=dict)  # form -> acknowledged | declined | withdrawn | outdated
    held: dict[str, int] = field(default_factory=dict)  # session kind -> sessions held
    risk_flags: int = 0  # unresolved risk answers
    measures: dict[str, datetime] = field(default_factory=dict)  # instrument -> last answered
    readiness: tuple[str, datetime] | None = None  # the latest check-in: (ready | talk_first | postpone, when)
    team_size: int = 1
    preparations: tuple[datetime, ...] = ()  # preparation sessions not called off
    medicine: tuple[tuple[int, datetime, bool], ...] = ()  # medicine sessions not called off: (id, start, held)
    set_aside: dict[str, str] = field(default_factory=dict)  # requirement -> who set it aside, and why


@dataclass(frozen=True)
class Plan:
    """The medicine session being scheduled or begun."""

    starts_at: datetime
    duration_minutes: int
    dose_mg: Decimal | None = None
    session_id: int | None = None


@dataclass(frozen=True)
class Check:
    requirement: Requirement
    met: bool
    state: str  # where it stands, in words both the client and the care team read
    set_aside: str = ""  # "Set aside by <name>: <reason>" for a practice's own rule

    @property
    def ok(self) -> bool:
        return self.met or bool(self.set_aside)


def evaluate(pack: Pack, act: str, facts: Facts, plan: Plan | None = None) -> list[Check]:
    checks = []
    for requirement in pack.requirements_for(act):
        met, state = _check(pack, requirement, facts, plan)
        aside = "" if met or requirement.regulatory else facts.set_aside.get(requirement.key, "")
        checks.append(Check(requirement, met, state, aside))
    return checks


def is_open(checks: list[Check]) -> bool:
    return all(c.ok for c in checks)


def _utc(moment: datetime) -> datetime:
    """Python subtracts and compares two times of the same zone by their clocks; in UTC, clocks are elapsed time."""
    return moment.astimezone(UTC)


def _days(f: Facts, earlier: datetime, later: datetime) -> int:
    """Calendar days from one time to another where the practice is."""
    return (later.astimezone(f.zone).date() - earlier.astimezone(f.zone).date()).days


def _hours(minutes: int) -> str:
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def _check(pack: Pack, r: Requirement, f: Facts, plan: Plan | None) -> tuple[bool, str]:  # noqa: C901
    kind = r.kind
    if kind == "screening":
        return {
            "none": (False, "Not yet answered"),
            "undecided": (False, "Answered; waiting for a clinician's decision"),
            "eligible": (True, "Decided: eligible"),
            "eligible_with_conditions": (True, "Decided: eligible, with conditions"),
            "not_eligible_now": (False, "Decided: not eligible now"),
            "refer": (False, "Decided: referred elsewhere"),
        }.get(f.screening, (False, "Not yet answered"))
    if kind == "agreement":
        return (True, "Agreed and in force") if r.document in f.agreements else (False, "Not agreed yet")
    if kind == "touch_within":
        if f.touch is None:
            return True, "No touch agreed, so none is offered"
        outside = sorted(k for k, level in f.touch.items() if level != LEVEL_NO and k not in (r.allowed or ()))
        if outside:
            return False, "The agreement in force includes a kind of touch this protocol does not allow: " + ", ".join(
                k.replace("_", " ") for k in outside)
        return True, "Within the kinds allowed"
    if kind == "form":
        return {
            "acknowledged": (True, "Acknowledged"),
            "declined": (False, "Declined"),
            "withdrawn": (False, "Withdrawn"),
            "outdated": (False, "A new version waits to be read"),
        }.get(f.forms.get(r.form or "", ""), (False, "Not read yet"))
    if kind == "sessions_held":
        held, wanted = f.held.get(r.session_kind or "", 0), r.count or 1
        return held >= wanted, f"{held} of {wanted} held"
    if kind == "no_risk_flag":
        return (True, "None waiting") if f.risk_flags == 0 else (False, f"{f.risk_flags} waiting for the care team")
    if kind == "measure":
        last = f.measures.get(r.instrument or "")
        if last is None:
            return False, "Not answered yet"
        fresh = f.now - last <= timedelta(days=r.within_days or 0)
        return fresh, "Answered recently" if fresh else "The last answers are too old"
    if kind == "readiness":
        if f.readiness is None:
            return False, "No check-in yet"
        answer, when = f.readiness
        if f.now - when > timedelta(days=r.within_days or 0):
            return False, "The last check-in is too old: a new one is needed"
        return {"ready": (True, "Ready"), "talk_first": (False, "The client would like to talk first"),
                "postpone": (False, "The client wants to postpone")}.get(answer, (False, "No check-in yet"))
    if kind == "care_team_size":
        return f.team_size >= (r.min_size or 1), f"{f.team_size} on the care team"
    if plan is None:
        return True, "Checked when a session is planned"
    if kind == "preparation_window":
        return _preparation_window(r, f, plan)
    if kind == "dose_duration":
        return _dose_duration(pack, f, plan)
    if kind == "medicine_spacing":
        others = [start for sid, start, _held in f.medicine if sid != plan.session_id]
        if not others:
            return True, "The first medicine session"
        gap = min(abs(_days(f, start, plan.starts_at)) for start in others)  # calendar days, as people count them
        wanted = r.min_days or 0
        return gap >= wanted, ("Far enough from the other medicine sessions" if gap >= wanted
                               else f"Only {gap} days from another medicine session")
    raise ValueError(f"unknown requirement kind {kind}")


def _preparation_window(r: Requirement, f: Facts, plan: Plan) -> tuple[bool, str]:
    earlier = [start for sid, start, _held in f.medicine
               if sid != plan.session_id and _utc(start) < _utc(plan.starts_at)]
    if earlier:
        return True, "Not the first medicine session"
    # Hours are elapsed time; days are calendar days where the practice is.
    latest = _utc(plan.starts_at) - timedelta(hours=r.min_hours or 0)
    fitting = [p for p in f.preparations if _utc(p) <= latest and _days(f, p, plan.starts_at) <= (r.max_days or 0)]
    if fitting:
        return True, "A preparation session falls in the window"
    return False, (f"No preparation session from {r.max_days} days to {r.min_hours} hours before this "
                   "medicine session")


def _dose_duration(pack: Pack, f: Facts, plan: Plan) -> tuple[bool, str]:
    dosing = pack.dosing
    if dosing is None:  # the pack's validation refuses a dose rule without a table; this is for the type checker
        return False, "This protocol has no dosing table"
    if plan.dose_mg is None:
        return False, f"Give the planned dose of {dosing.substance} in mg"
    # A repeat visit counts from the client's initial session: the earliest one held, within the window before.
    held_before = [_utc(start) for sid, start, held in f.medicine
                   if held and sid != plan.session_id and _utc(start) < _utc(plan.starts_at)]
    repeat = bool(held_before) and _utc(plan.starts_at) - min(held_before) <= timedelta(days=dosing.repeat_within_days)
    minimum = dosing.minimum_minutes(plan.dose_mg, repeat=repeat)
    dose = f"{plan.dose_mg.normalize():f} mg"
    if minimum is None:
        return False, f"{dose} is above this protocol's highest dose ({dosing.max_mg.normalize():f} mg)"
    if plan.duration_minutes < minimum:
        return False, (f"{dose} needs a session of at least {_hours(minimum)}; this one is "
                       f"{_hours(plan.duration_minutes)}")
    return True, f"At least {_hours(minimum)} for {dose}"
