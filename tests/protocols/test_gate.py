"""The gate as pure logic, on hand-built facts: Oregon's preparation window (elapsed hours for its 24-hour minimum,
calendar days where the practice is for its 90-day maximum, across daylight-saving changes), the minimum session
length by dose, the spacing of MDMA medicine sessions, the kinds of touch allowed, and which rules may be set aside."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreate.protocols.gate import Check, Facts, Plan, evaluate, is_open
from cocreate.protocols.packs import Pack, load_all

PACKS, _QUESTIONNAIRES = load_all()
OREGON = PACKS["oregon_psilocybin"]
MDMA = PACKS["mdma_research"]
LA = ZoneInfo("America/Los_Angeles")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LA, fold=fold)


def elapsed(earlier: datetime, later: datetime) -> timedelta:
    """Real time between two instants (Python subtracts wall-clock times when both carry the same zone)."""
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def facts(**given_facts: Any) -> Facts:
    """What holds, on 1 January 2025 in Los Angeles: nothing, except what is given."""
    return replace(Facts(now=local(2025, 1, 1), zone=LA), **given_facts)


def check(key: str, found: Facts, plan: Plan | None = None, *, pack: Pack = OREGON, act: str = "schedule") -> Check:
    [wanted] = [c for c in evaluate(pack, act, found, plan) if c.requirement.key == key]
    return wanted


def window(preparation: datetime, session: datetime, *, zone: ZoneInfo = LA) -> Check:
    return check("preparation_window", facts(zone=zone, preparations=(preparation,)),
                 Plan(session, 300, Decimal("25")))


# --- the preparation window: 24 hours elapsed at least, 90 calendar days at most --------------------------------


def test_the_spring_forward_day_makes_10_to_10_only_23_hours_so_the_minimum_is_not_met() -> None:
    # 9 March 2025: clocks in Los Angeles go from 02:00 to 03:00.
    preparation, session = local(2025, 3, 8), local(2025, 3, 9)
    assert elapsed(preparation, session) == timedelta(hours=23)
    found = window(preparation, session)
    assert not found.met
    assert found.state == "No preparation session from 90 days to 24 hours before this medicine session"


def test_an_hour_later_on_the_spring_forward_day_is_24_hours_and_meets_it() -> None:
    assert window(local(2025, 3, 8), local(2025, 3, 9, 11)).met


def test_the_fall_back_day_makes_9_oclock_the_next_day_24_hours_after_10_oclock() -> None:
    # 2 November 2025: clocks go from 02:00 back to 01:00, so the day is 25 hours long.
    preparation = local(2025, 11, 1)
    assert elapsed(preparation, local(2025, 11, 2, 9)) == timedelta(hours=24)
    assert window(preparation, local(2025, 11, 2, 9)).met
    assert not window(preparation, local(2025, 11, 2, 8, 59)).met


def test_90_calendar_days_in_summer_time_are_met() -> None:
    preparation, session = local(2025, 8, 2), local(2025, 10, 31)
    assert (session.date() - preparation.date()).days == 90
    assert window(preparation, session).met


def test_90_calendar_days_across_the_fall_back_are_met_though_more_than_90_times_24_hours_passed() -> None:
    preparation, session = local(2025, 8, 10), local(2025, 11, 8)  # summer time, then standard time
    assert (session.date() - preparation.date()).days == 90
    assert elapsed(preparation, session) == timedelta(days=90, hours=1)
    found = window(preparation, session)
    assert found.met and found.state == "A preparation session falls in the window"


def test_91_calendar_days_across_the_fall_back_are_not_met() -> None:
    preparation, session = local(2025, 8, 9), local(2025, 11, 8)
    assert (session.date() - preparation.date()).days == 91
    assert not window(preparation, session).met


def test_days_are_calendar_days_not_blocks_of_24_hours() -> None:
    # Late at night to early in the morning: fewer than 91 × 24 hours, but the 91st calendar day.
    late, early = local(2025, 8, 9, 23), local(2025, 11, 8, 1)
    assert elapsed(late, early) < timedelta(days=91)
    assert not window(late, early).met
    # Just after midnight to just before the next one: more than 90 × 24 hours, and still the 90th calendar day.
    first, last = local(2025, 8, 10, 0, 30), local(2025, 11, 8, 23, 30)
    assert elapsed(first, last) > timedelta(days=90, hours=23)
    assert window(first, last).met


def test_calendar_days_are_counted_where_the_practice_is_not_in_utc() -> None:
    preparation = local(2025, 8, 9, 20)  # 10 August, 03:00 in UTC
    session = local(2025, 11, 8)
    assert not window(preparation, session, zone=LA).met  # 91 days in Los Angeles
    assert window(preparation, session, zone=ZoneInfo("UTC")).met  # 90 days in UTC


def test_a_preparation_after_the_session_or_none_at_all_does_not_count() -> None:
    session = local(2025, 6, 10)
    assert not window(local(2025, 6, 11), session).met
    assert not check("preparation_window", facts(), Plan(session, 300, Decimal("25"))).met


def test_only_the_first_medicine_session_needs_the_window() -> None:
    session = local(2025, 6, 10)
    earlier = ((7, local(2025, 5, 1), True),)
    found = check("preparation_window", facts(medicine=earlier), Plan(session, 300, Decimal("25")))
    assert found.met and found.state == "Not the first medicine session"
    # The session being moved is not "an earlier one" for itself.
    moved = check("preparation_window", facts(medicine=((7, local(2025, 5, 1), False),)),
                  Plan(session, 300, Decimal("25"), session_id=7))
    assert not moved.met


ZONES = st.sampled_from([LA, ZoneInfo("UTC")])


# hypothesis takes naive bounds and puts each time it draws in the zone given.
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31),  # noqa: DTZ001
                    timezones=st.just(LA), allow_imaginary=False),
       st.timedeltas(min_value=timedelta(hours=-2), max_value=timedelta(days=100)), ZONES, ZONES)
def test_the_window_is_24_elapsed_hours_to_90_calendar_days_where_the_practice_is(
        preparation: datetime, gap: timedelta, preparation_zone: ZoneInfo, session_zone: ZoneInfo) -> None:
    # The same instants, whichever zone each one comes in (the database's UTC, a form's local time).
    session = (preparation.astimezone(UTC) + gap).astimezone(session_zone)
    days = (session.astimezone(LA).date() - preparation.date()).days
    expected = gap >= timedelta(hours=24) and days <= 90
    assert window(preparation.astimezone(preparation_zone), session).met == expected


# --- the minimum length by dose -----------------------------------------------------------------------------------


def dose(mg: str | None, minutes: int, *, medicine: tuple[tuple[int, datetime, bool], ...] = (),
         starts_at: datetime | None = None) -> Check:
    plan = Plan(starts_at or local(2025, 6, 10), minutes, Decimal(mg) if mg is not None else None)
    return check("dose_duration", facts(medicine=medicine), plan)


def test_25_mg_needs_five_hours_so_a_30_minute_plan_is_refused() -> None:
    found = dose("25", 30)
    assert not found.met
    assert found.state == "25 mg needs a session of at least 5 h; this one is 30 min"
    assert found.requirement.regulatory and "OAR 333-333-5250" in found.requirement.source.citation


def test_25_mg_for_five_hours_is_met() -> None:
    found = dose("25", 300)
    assert found.met and found.state == "At least 5 h for 25 mg"
    assert not dose("25", 299).met


def test_each_row_of_the_table_is_from_inclusive_to_exclusive_and_the_last_to_inclusive() -> None:
    assert dose("24.99", 240).met  # 10 to 25 mg: 4 h
    assert not dose("25", 240).met  # 25 mg is the next row's
    assert dose("50", 360).met  # the highest dose is still in the table
    assert not dose("50", 359).met


def test_without_a_planned_dose_the_length_cannot_be_checked() -> None:
    found = dose(None, 600)
    assert not found.met and found.state == "Give the planned dose of psilocybin analyte in mg"


def test_a_dose_above_the_table_is_refused_whatever_the_length() -> None:
    found = dose("60", 24 * 60)
    assert not found.met
    assert found.state == "60 mg is above this protocol's highest dose (50 mg)"


def test_a_repeat_session_under_2_5_mg_within_a_year_of_one_held_needs_only_30_minutes() -> None:
    session = local(2025, 6, 10)
    held_before = ((3, local(2025, 1, 10), True),)
    found = dose("2", 30, medicine=held_before, starts_at=session)
    assert found.met and found.state == "At least 30 min for 2 mg"


def test_the_repeat_minimum_needs_an_earlier_session_held_within_365_days() -> None:
    session = local(2025, 6, 10)
    assert not dose("2", 30, starts_at=session).met  # the first session: 60 min
    assert not dose("2", 30, medicine=((3, local(2025, 1, 10), False),), starts_at=session).met  # not held
    assert not dose("2", 30, medicine=((3, session - timedelta(days=366), True),), starts_at=session).met
    assert dose("2", 30, medicine=((3, session - timedelta(days=365), True),), starts_at=session).met
    assert not dose("2", 30, medicine=((3, local(2025, 7, 1), True),), starts_at=session).met  # after, not before
    found = dose("2.5", 30, medicine=((3, local(2025, 1, 10), True),), starts_at=session)
    assert not found.met and "at least 1 h" in found.state  # 2.5 mg and up has no repeat minimum


# --- the spacing of medicine sessions (MDMA research protocol) ---------------------------------------------------


def spacing(starts_at: datetime, others: tuple[tuple[int, datetime, bool], ...], session_id: int | None = None
            ) -> Check:
    return check("spacing", facts(medicine=others), Plan(starts_at, 480, Decimal("120"), session_id), pack=MDMA)


def test_medicine_sessions_at_least_21_days_apart() -> None:
    first = local(2025, 6, 1)
    found = spacing(local(2025, 6, 21), ((1, first, True),))
    assert not found.met and found.state == "Only 20 days from another medicine session"
    assert found.requirement.source.citation.startswith("MAPP1/MAPP2 protocol")
    found = spacing(local(2025, 6, 22), ((1, first, True),))
    assert found.met and found.state == "Far enough from the other medicine sessions"
    assert spacing(local(2025, 6, 1), ()).state == "The first medicine session"


def test_three_weeks_later_at_the_same_time_is_21_days_across_the_spring_forward() -> None:
    # 21 calendar days where the practice is, though an hour short of 21 × 24 hours.
    first, then = local(2025, 3, 1), local(2025, 3, 22)
    assert elapsed(first, then) == timedelta(days=21) - timedelta(hours=1)
    assert spacing(then, ((1, first.astimezone(UTC), True),)).met
    assert not spacing(local(2025, 3, 21, 23), ((1, first.astimezone(UTC), True),)).met


def test_spacing_counts_sessions_on_either_side_but_not_the_session_moved() -> None:
    later = local(2025, 4, 1)
    assert not spacing(local(2025, 3, 20), ((2, later, False),)).met
    moved = spacing(local(2025, 3, 20), ((2, later, False),), session_id=2)
    assert moved.met and moved.state == "The first medicine session"


# --- touch -------------------------------------------------------------------------------------------------------


def touch(**levels: str) -> dict[str, str]:
    found = dict.fromkeys(("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork"), "no")
    found.update(levels)
    return found


def test_bodywork_is_outside_oregons_kinds_of_touch_unless_it_is_no() -> None:
    for level in ("yes", "ask_first"):
        found = check("touch_allowed_kinds", facts(touch=touch(bodywork=level)), act="phase")
        assert not found.met
        assert found.state.endswith("does not allow: bodywork")
    assert check("touch_allowed_kinds", facts(touch=touch(hug="yes", hands_on_feet="ask_first", bodywork="no")),
                 act="phase").met


def test_without_a_touch_agreement_no_touch_is_offered_so_the_kinds_hold() -> None:
    found = check("touch_allowed_kinds", facts(touch=None), act="phase")
    assert found.met and found.state == "No touch agreed, so none is offered"


# --- setting rules aside -----------------------------------------------------------------------------------------


def test_a_practice_rule_set_aside_counts_and_a_regulatory_one_does_not() -> None:
    aside = {"readiness": "Set aside by Alice: we talked on the phone", "informed_consent": "Set aside by Alice: x"}
    checks = {c.requirement.key: c for c in evaluate(OREGON, "phase", facts(set_aside=aside))}

    readiness, consent = checks["readiness"], checks["informed_consent"]
    assert not readiness.requirement.regulatory and consent.requirement.regulatory
    assert (readiness.met, readiness.ok, readiness.set_aside) == (False, True,
                                                                  "Set aside by Alice: we talked on the phone")
    assert (consent.met, consent.ok, consent.set_aside) == (False, False, "")


def test_a_rule_that_is_met_is_not_shown_as_set_aside() -> None:
    found = check("readiness", facts(readiness=("ready", local(2024, 12, 31)), set_aside={"readiness": "Set aside"}),
                  act="phase")
    assert (found.met, found.set_aside) == (True, "")


def test_the_gate_opens_only_when_every_rule_is_met_or_set_aside() -> None:
    now = local(2025, 1, 1)
    everything = facts(
        screening="eligible", agreements=frozenset({"safety", "transport", "touch_consent"}), touch=touch(hug="yes"),
        forms={"bill_of_rights": "acknowledged", "informed_consent": "acknowledged",
               "data_opt_out": "acknowledged"},
        held={"preparation": 1}, readiness=("talk_first", now - timedelta(days=1)),
    )
    assert not is_open(evaluate(OREGON, "phase", everything))
    aside = replace(everything, set_aside={"readiness": "Set aside by Alice: talked it through"})
    assert is_open(evaluate(OREGON, "phase", aside))


@pytest.mark.parametrize(("answer", "age", "met"), [
    ("ready", timedelta(days=14), True), ("ready", timedelta(days=14, seconds=1), False),
    ("talk_first", timedelta(0), False), ("postpone", timedelta(0), False),
])
def test_readiness_is_the_latest_check_in_within_14_days(answer: str, age: timedelta, met: bool) -> None:
    now = local(2025, 1, 1)
    assert check("readiness", facts(now=now, readiness=(answer, now - age)), act="phase").met is met


def test_the_session_rules_are_not_part_of_the_move_into_the_medicine_phase() -> None:
    keys = {c.requirement.key for c in evaluate(OREGON, "phase", facts())}
    assert not keys & {"preparation_window", "dose_duration"}
    assert "preparation_held" in keys
