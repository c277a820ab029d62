"""When an assignment's questionnaires fall due: pure computation from its schedule and the engagement's
sessions, with no Django, so that `services.administrations_sync` only compares and writes.

The rules, for each kind of schedule:

- once / at intake: one occasion, due when the assignment is made.
- every N days: from the assignment's creation, every N days, up to a year ahead and at most 60 at a time
  (the hourly `remind` run plans further as time passes).
- before sessions: two days before each session of the chosen kinds (not before the assignment or the session
  was made), open until the session starts.
- after sessions: at the end of the first session of the chosen kinds that ends after the assignment was made,
  and then of every n-th one (the alliance cadence: n = 1 after each session, 3 after every third).
- after medicine: at each offset (in days) after the start of each medicine session.

An occasion closes `expires_after_days` after it falls due (before sessions: at the session's start), but
never later than the next occasion of the same assignment falls due, so the client never has the same
questionnaire open twice. Occasions that have already closed are not planned; cancelled sessions have none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

BEFORE_SESSION = timedelta(days=2)
HORIZON = timedelta(days=365)
MAX_PLANNED = 60
MEDICINE = "medicine"


@dataclass(frozen=True)
class Plan:
    """An assignment's schedule, as the computation needs it."""

    schedule: str  # a models.Schedule value
    created: datetime
    expires_after_days: int
    session_kinds: tuple[str, ...] = ()
    every_nth: int = 1
    every_days: int | None = None
    offsets_days: tuple[int, ...] = ()
    zone: tzinfo = UTC  # the practice's time zone: "every 7 days" keeps its hour on the clock across DST


@dataclass(frozen=True)
class SessionTime:
    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    created: datetime
    cancelled: bool = False


@dataclass(frozen=True)
class Occurrence:
    due_at: datetime
    expires_at: datetime
    session_id: int | None = None


def _every_n_days(plan: Plan, now: datetime) -> list[Occurrence]:
    if not plan.every_days:
        return []
    step = timedelta(days=plan.every_days)
    open_for = min(timedelta(days=plan.expires_after_days), step)
    # Skip straight to the first occasion that has not closed yet, however old the assignment is (one step
    # early: a daylight-saving change may have moved the clock by an hour).
    k = max(0, (now - plan.created - open_for) // step - 1)
    start = plan.created.astimezone(plan.zone)
    found: list[Occurrence] = []
    while len(found) < MAX_PLANNED:
        # Aware arithmetic in the zone adds days on the wall clock: 09:00 stays 09:00 after the clocks change.
        due = (start + k * step).astimezone(UTC)
        if due > now + HORIZON:
            break
        if due + open_for > now:
            found.append(Occurrence(due, due + open_for))
        k += 1
    return found


def _live(sessions: Iterable[SessionTime], kinds: Iterable[str]) -> list[SessionTime]:
    wanted = set(kinds)
    return sorted((s for s in sessions if not s.cancelled and s.kind in wanted), key=lambda s: (s.starts_at, s.id))


def _before_sessions(plan: Plan, sessions: list[SessionTime]) -> list[Occurrence]:
    return [Occurrence(max(s.starts_at - BEFORE_SESSION, plan.created, s.created), s.starts_at, s.id)
            for s in _live(sessions, plan.session_kinds)]


def _after_sessions(plan: Plan, sessions: list[SessionTime]) -> list[Occurrence]:
    counted = [s for s in _live(sessions, plan.session_kinds) if s.ends_at > plan.created]
    expiry = timedelta(days=plan.expires_after_days)
    nth = max(plan.every_nth, 1)
    return [Occurrence(s.ends_at, s.ends_at + expiry, s.id) for i, s in enumerate(counted) if i % nth == 0]


def _after_medicine(plan: Plan, sessions: list[SessionTime]) -> list[Occurrence]:
    expiry = timedelta(days=plan.expires_after_days)
    return [Occurrence(s.starts_at + timedelta(days=d), s.starts_at + timedelta(days=d) + expiry, s.id)
            for s in _live(sessions, [MEDICINE]) for d in sorted(set(plan.offsets_days))]


def occurrences(plan: Plan, sessions: list[SessionTime], now: datetime) -> list[Occurrence]:
    """The occasions of the assignment that have not closed by `now`, in order of their due time."""
    if plan.schedule in ("once", "intake"):
        found = [Occurrence(plan.created, plan.created + timedelta(days=plan.expires_after_days))]
    elif plan.schedule == "every_n_days":
        found = _every_n_days(plan, now)
    elif plan.schedule == "before_sessions":
        found = _before_sessions(plan, sessions)
    elif plan.schedule == "after_sessions":
        found = _after_sessions(plan, sessions)
    elif plan.schedule == "after_medicine":
        found = _after_medicine(plan, sessions)
    else:
        raise ValueError(f"unknown schedule {plan.schedule!r}")
    # One occasion per due time (two sessions at the same hour ask once), each closing by the next one's due.
    unique: dict[datetime, Occurrence] = {}
    for occurrence in sorted(found, key=lambda o: o.due_at):
        unique.setdefault(occurrence.due_at, occurrence)
    ordered = list(unique.values())
    capped = [Occurrence(o.due_at, min(o.expires_at, ordered[i + 1].due_at) if i + 1 < len(ordered) else o.expires_at,
                         o.session_id) for i, o in enumerate(ordered)]
    return [o for o in capped if o.expires_at > now and o.expires_at > o.due_at]
