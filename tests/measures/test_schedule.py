"""When questionnaires fall due, as pure computation: each kind of schedule, expiry, and the limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from cocreate.measures.schedule import MAX_PLANNED, Occurrence, Plan, SessionTime, occurrences

T0 = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def at(days: float, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def sess(pk: int, kind: str, starts: datetime, minutes: int = 60, *, cancelled: bool = False,
         created: datetime = T0) -> SessionTime:
    return SessionTime(pk, kind, starts, starts + timedelta(minutes=minutes), created, cancelled)


def dues(found: list[Occurrence]) -> list[datetime]:
    return [o.due_at for o in found]


def test_once_and_intake_are_due_when_assigned_and_close_after_the_days_given() -> None:
    for schedule in ("once", "intake"):
        plan = Plan(schedule, created=T0, expires_after_days=7)
        assert occurrences(plan, [], now=T0) == [Occurrence(T0, at(7))]
        assert occurrences(plan, [], now=at(7)) == []  # closed: nothing left to plan


def test_every_n_days_starts_at_once_and_repeats_each_closing_before_the_next() -> None:
    plan = Plan("every_n_days", created=T0, expires_after_days=10, every_days=7)
    found = occurrences(plan, [], now=T0)
    assert dues(found)[:3] == [T0, at(7), at(14)]
    assert [o.expires_at for o in found[:2]] == [at(7), at(14)]  # 10 days asked, but the next one is due at 7
    assert dues(found)[-1] <= at(365)
    assert len(found) == 53


def test_every_n_days_plans_at_most_sixty_and_moves_on_with_time() -> None:
    plan = Plan("every_n_days", created=T0, expires_after_days=1, every_days=1)
    assert dues(occurrences(plan, [], now=T0)) == [at(k) for k in range(MAX_PLANNED)]
    later = occurrences(plan, [], now=at(100, 3))
    assert dues(later)[0] == at(100) and len(later) == MAX_PLANNED  # the one still open today comes first


def test_before_sessions_is_due_two_days_before_and_closes_when_the_session_starts() -> None:
    plan = Plan("before_sessions", created=T0, expires_after_days=7, session_kinds=("preparation",))
    sessions = [sess(1, "preparation", at(10)), sess(2, "integration", at(12)), sess(3, "preparation", at(20)),
                sess(4, "preparation", at(30), cancelled=True)]
    assert occurrences(plan, sessions, now=T0) == [Occurrence(at(8), at(10), 1), Occurrence(at(18), at(20), 3)]


def test_before_a_session_soon_after_assigning_it_is_due_at_once() -> None:
    plan = Plan("before_sessions", created=T0, expires_after_days=7, session_kinds=("preparation",))
    soon = sess(1, "preparation", at(1))
    assert occurrences(plan, [soon], now=T0) == [Occurrence(T0, at(1), 1)]


def test_before_a_session_that_has_started_nothing_is_planned() -> None:
    plan = Plan("before_sessions", created=T0, expires_after_days=7, session_kinds=("preparation",))
    assert occurrences(plan, [sess(1, "preparation", at(3))], now=at(3, 1)) == []


def test_after_sessions_is_due_at_the_end_of_every_nth_session_from_the_first() -> None:
    plan = Plan("after_sessions", created=T0, expires_after_days=5, session_kinds=("integration", "preparation"),
                every_nth=2)
    sessions = [sess(n, "integration" if n % 2 else "preparation", at(7 * n), minutes=90) for n in range(1, 6)]
    sessions.append(sess(9, "medicine", at(3)))
    found = occurrences(plan, sessions, now=T0)
    assert [(o.session_id, o.due_at, o.expires_at) for o in found] == [
        (1, at(7, 1.5), at(12, 1.5)), (3, at(21, 1.5), at(26, 1.5)), (5, at(35, 1.5), at(40, 1.5))]


def test_after_sessions_skips_cancelled_sessions_and_those_over_before_the_assignment() -> None:
    plan = Plan("after_sessions", created=at(10), expires_after_days=7, session_kinds=("integration",))
    sessions = [sess(1, "integration", at(2)), sess(2, "integration", at(12), cancelled=True),
                sess(3, "integration", at(14))]
    assert [o.session_id for o in occurrences(plan, sessions, now=at(10))] == [3]


def test_after_medicine_is_due_at_each_offset_after_each_medicine_session() -> None:
    plan = Plan("after_medicine", created=T0, expires_after_days=3, offsets_days=(7, 1))
    sessions = [sess(1, "medicine", at(10), minutes=480), sess(2, "preparation", at(5)),
                sess(3, "medicine", at(40), minutes=480), sess(4, "medicine", at(60), cancelled=True)]
    found = occurrences(plan, sessions, now=T0)
    assert [(o.session_id, o.due_at, o.expires_at) for o in found] == [
        (1, at(11), at(14)), (1, at(17), at(20)), (3, at(41), at(44)), (3, at(47), at(50))]


def test_after_medicine_an_earlier_offset_closes_when_the_next_one_opens() -> None:
    plan = Plan("after_medicine", created=T0, expires_after_days=14, offsets_days=(1, 7))
    found = occurrences(plan, [sess(1, "medicine", at(10))], now=T0)
    assert [o.expires_at for o in found] == [at(17), at(31)]


def test_two_sessions_at_the_same_time_ask_once() -> None:
    plan = Plan("after_sessions", created=T0, expires_after_days=7, session_kinds=("integration",))
    sessions = [sess(1, "integration", at(5)), sess(2, "integration", at(5))]
    assert [o.session_id for o in occurrences(plan, sessions, now=T0)] == [1]


@given(every=st.integers(1, 365), expires=st.integers(1, 90), elapsed=st.integers(0, 3000))
def test_every_n_days_never_has_two_open_at_once(every: int, expires: int, elapsed: int) -> None:
    plan = Plan("every_n_days", created=T0, expires_after_days=expires, every_days=every)
    found = occurrences(plan, [], now=at(elapsed))
    assert 1 <= len(found) <= MAX_PLANNED
    assert all(o.due_at < o.expires_at <= n.due_at for o, n in zip(found, found[1:], strict=False))
    assert found[0].expires_at > at(elapsed)
    assert all((o.due_at - T0) % timedelta(days=every) == timedelta(0) for o in found)


def test_every_n_days_keeps_its_hour_on_the_clock_across_a_daylight_saving_change() -> None:
    london = ZoneInfo("Europe/London")
    created = datetime(2026, 10, 20, 9, 0, tzinfo=london)  # BST; the clocks go back on 25 October
    plan = Plan(schedule="every_n_days", created=created.astimezone(UTC), expires_after_days=3, every_days=7,
                zone=london)
    found = occurrences(plan, [], created.astimezone(UTC))
    assert [o.due_at.astimezone(london).hour for o in found[:4]] == [9, 9, 9, 9]
    assert [o.due_at.astimezone(london).day for o in found[:3]] == [20, 27, 3]
