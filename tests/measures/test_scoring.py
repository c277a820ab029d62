"""Scoring by each instrument's published rules, with worked examples, and properties that hold for every
shipped instrument and for any valid definition: scores stay in range, reverse keys mirror, bands partition."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.measures.definitions import SHIPPED_DIR, Instrument, load_dir, parse
from cocreate.measures.scoring import (
    LABELS,
    asked,
    band_of,
    check_answers,
    keyed,
    reliable_threshold,
    score,
    trajectory,
)

SHIPPED = load_dir(SHIPPED_DIR)
PHQ9, GAD7, PCL5, WHO5, WAI_SR, CSSRS = (SHIPPED[k] for k in ("phq9", "gad7", "pcl5", "who5", "wai_sr",
                                                                "cssrs_screener"))


def answers_of(values: list[int], first: int = 1) -> dict[str, int]:
    """Answers to items "1", "2", ... in order."""
    return {str(n): v for n, v in enumerate(values, start=first)}


def settle(instrument: Instrument, answers: dict[str, int]) -> dict[str, int]:
    """Only the answers to items that are asked, given those answers."""
    while True:
        kept = {i.id: answers[i.id] for i in asked(instrument, answers) if i.id in answers}
        if kept == answers:
            return kept
        answers = kept


# --- PHQ-9: sum of 9 items 0-3; bands 0-4, 5-9, 10-14, 15-19, 20-27 (Kroenke et al. 2001) -------------------


@pytest.mark.parametrize(("values", "total", "band"), [
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal"),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal"),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "Mild"),
    ([2, 2, 1, 1, 1, 1, 1, 1, 0], 10, "Moderate"),
    ([2, 2, 2, 2, 2, 1, 1, 1, 1], 14, "Moderate"),
    ([3, 3, 2, 2, 2, 1, 1, 1, 0], 15, "Moderately severe"),
    ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "Moderately severe"),
    ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "Severe"),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe"),
])
def test_phq9_totals_and_bands(values: list[int], total: int, band: str) -> None:
    result = score(PHQ9, answers_of(values))
    assert result.total == total
    assert result.band is not None and result.band.label == band
    assert result.missing == () and not result.prorated and result.answered == 9


@pytest.mark.parametrize(("item9", "risky"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_above_not_at_all_is_a_risk(item9: int, risky: bool) -> None:
    result = score(PHQ9, answers_of([0] * 8 + [item9]))
    assert bool(result.risk) is risky
    assert score(PHQ9, {"9": item9}).risk == result.risk, "risk does not wait for the other answers"


@pytest.mark.parametrize(("first", "latest", "label", "responded", "remitted"), [
    (18, 8, "recovered", True, False),  # -10 >= 6, from 10 or more to below 10
    (22, 14, "reliable_improvement", False, False),  # -8 >= 6 but still 10 or more; 8 < 50 % of 22
    (20, 4, "recovered", True, True),  # below 5: remission
    (12, 7, "no_reliable_change", False, False),  # -5 < 6
    (12, 18, "reliable_deterioration", False, False),  # +6 >= 6
    (8, 3, "no_reliable_change", True, True),  # responded and remitted, yet not a reliable change
    (0, 0, "no_reliable_change", None, True),  # no response criterion from a first score of 0
])
def test_phq9_trajectories(first: float, latest: float, label: str, responded: bool | None, remitted: bool) -> None:
    result = trajectory(PHQ9, first, latest)
    assert result is not None
    assert (result.label, result.responded, result.remitted) == (label, responded, remitted)
    assert result.threshold == 6 and result.change == latest - first
    assert result.label in LABELS


# --- GAD-7: sum of 7 items 0-3; bands 0-4, 5-9, 10-14, 15-21 (Spitzer et al. 2006) --------------------------


@pytest.mark.parametrize(("values", "total", "band"), [
    ([0, 0, 0, 0, 0, 0, 0], 0, "Minimal"),
    ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal"),
    ([1, 1, 1, 1, 1, 1, 1], 7, "Mild"),
    ([2, 2, 2, 1, 1, 1, 1], 10, "Moderate"),
    ([3, 2, 2, 2, 2, 2, 2], 15, "Severe"),
    ([3, 3, 3, 3, 3, 3, 3], 21, "Severe"),
])
def test_gad7_totals_and_bands(values: list[int], total: int, band: str) -> None:
    result = score(GAD7, answers_of(values))
    assert result.total == total and result.band is not None and result.band.label == band
    assert result.risk == ()


@pytest.mark.parametrize(("first", "latest", "label"), [
    (12, 7, "recovered"),  # -5 >= 4, from 8 or more to below 8
    (16, 10, "reliable_improvement"),  # still 8 or more
    (12, 9, "no_reliable_change"),  # -3 < 4
    (6, 10, "reliable_deterioration"),  # +4 >= 4
])
def test_gad7_trajectories(first: float, latest: float, label: str) -> None:
    result = trajectory(GAD7, first, latest)
    assert result is not None and result.label == label and result.responded is None and result.remitted is None


# --- PCL-5: sum of 20 items 0-4; clusters B 1-5, C 6-7, D 8-14, E 15-20; no bands (National Center for PTSD) ---


def test_pcl5_total_and_cluster_severity() -> None:
    values = [3, 3, 2, 2, 2] + [4, 3] + [1, 1, 1, 2, 2, 2, 0] + [0, 1, 2, 3, 4, 1]
    result = score(PCL5, answers_of(values))
    assert result.total == 39
    assert result.subscales == {"intrusion": 12, "avoidance": 7, "cognition_mood": 9, "arousal": 11}
    assert result.band is None, "the PCL-5 has no severity bands"


def test_pcl5_extremes() -> None:
    assert score(PCL5, answers_of([0] * 20)).total == 0
    assert score(PCL5, answers_of([4] * 20)).total == 80


@pytest.mark.parametrize(("first", "latest", "label", "responded"), [
    (45, 30, "recovered", True),  # -15 >= 10, from 33 or more to below 33
    (60, 45, "reliable_improvement", True),  # still 33 or more
    (45, 38, "no_reliable_change", True),  # -7: a response (5 points) but below the reliable threshold
    (45, 42, "no_reliable_change", False),
    (30, 41, "reliable_deterioration", False),
])
def test_pcl5_trajectories(first: float, latest: float, label: str, responded: bool) -> None:
    result = trajectory(PCL5, first, latest)
    assert result is not None and (result.label, result.responded) == (label, responded)


# --- WHO-5: raw 0-25 x 4 = 0-100, higher is better; <= 50 poor, <= 28 likely depression (Topp et al. 2015) -----


@pytest.mark.parametrize(("values", "total", "band"), [
    ([5, 5, 5, 5, 5], 100, "Not low"),
    ([3, 3, 3, 2, 2], 52, "Not low"),  # raw 13
    ([3, 3, 2, 2, 2], 48, "Low wellbeing"),  # raw 12
    ([2, 2, 1, 1, 1], 28, "Very low wellbeing"),  # raw 7
    ([0, 0, 0, 0, 0], 0, "Very low wellbeing"),
])
def test_who5_percentage_score_and_bands(values: list[int], total: int, band: str) -> None:
    result = score(WHO5, answers_of(values))
    assert result.total == total and result.band is not None and result.band.label == band


@pytest.mark.parametrize(("first", "latest", "label"), [
    (40, 56, "recovered"),  # +16 >= 10, from 50 or below to above 50
    (20, 36, "reliable_improvement"),  # still 50 or below
    (52, 60, "no_reliable_change"),  # +8 < 10
    (60, 48, "reliable_deterioration"),  # higher is better: -12 is worse
])
def test_who5_trajectories(first: float, latest: float, label: str) -> None:
    result = trajectory(WHO5, first, latest)
    assert result is not None and result.label == label


# --- WAI-SR: sum of 12 items 1-5; task 1 2 10 12, bond 3 5 7 9, goal 4 6 8 11 (Hatcher & Gillaspy 2006) -------


def test_wai_sr_total_and_subscales() -> None:
    values = [5, 4, 3, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    result = score(WAI_SR, answers_of(values))
    assert result.total == 41
    assert result.subscales == {"task": 5 + 4 + 3 + 5, "bond": 3 + 3 + 5 + 2, "goal": 2 + 4 + 1 + 4}
    assert result.band is None and trajectory(WAI_SR, 40, 20) is None, "no cutoff, no published change"
    assert score(WAI_SR, answers_of([1] * 12)).total == 12 and score(WAI_SR, answers_of([5] * 12)).total == 60


def test_a_subscale_with_an_item_missing_has_no_value() -> None:
    answers = answers_of([4] * 12)
    del answers["7"]
    result = score(WAI_SR, answers)
    assert result.total is None
    assert result.subscales == {"task": 16, "bond": None, "goal": 16}


# --- C-SSRS screener: no total; positive screen = past-month yes to 4 or 5, or behaviour in the past 3 months -----


NO, YES = 0, 1


@pytest.mark.parametrize(("answers", "positive"), [
    ({"1": NO, "2": NO, "6": NO}, False),
    ({"1": YES, "2": NO, "6": NO}, False),  # a wish to be dead alone: not the most urgent answers
    ({"1": YES, "2": YES, "3": YES, "4": NO, "5": NO, "6": NO}, False),
    ({"1": YES, "2": YES, "3": YES, "4": YES, "5": NO, "6": NO}, True),
    ({"1": YES, "2": YES, "3": NO, "4": NO, "5": YES, "6": NO}, True),
    ({"1": NO, "2": NO, "6": YES, "6b": NO}, False),  # behaviour, but longer than 3 months ago
    ({"1": NO, "2": NO, "6": YES, "6b": YES}, True),
    ({"1": NO, "2": NO, "4": YES, "6": NO}, False),  # 4 is not asked after a no to 2: a stale answer
])
def test_cssrs_positive_and_negative_screens(answers: dict[str, int], positive: bool) -> None:
    result = score(CSSRS, answers)
    assert bool(result.risk) is positive
    assert result.total is None and result.band is None and result.subscales == {}


def test_cssrs_follow_up_questions_appear_with_their_condition() -> None:
    assert [i.id for i in asked(CSSRS, {"2": NO, "6": NO})] == ["1", "2", "6"]
    assert [i.id for i in asked(CSSRS, {"2": YES, "6": YES})] == ["1", "2", "3", "4", "5", "6", "6b"]
    result = score(CSSRS, {"1": YES, "2": YES, "6": YES})
    assert result.missing == ("3", "4", "5", "6b")
    both = score(CSSRS, {"1": YES, "2": YES, "3": YES, "4": YES, "5": YES, "6": YES, "6b": YES})
    assert len(both.risk) == 2 and all(r.reason for r in both.risk)


# --- the missing-item rule, prorating, reverse keys, mean scoring --------------------------------------------


def instrument(**changes: Any) -> Instrument:
    data: dict[str, Any] = {
        "key": "test", "title": "Test", "short_title": "T",
        "options": [{"value": v, "label": str(v)} for v in range(4)],
        "items": [{"id": str(n), "text": f"Item {n}"} for n in range(1, 10)],
        "licence": {"name": "test", "items_shipped": True}, "source": {"citation": "test"},
    }
    data.update(changes)
    return parse(data, "test")


PRORATING = instrument(scoring={"missing": "prorate", "min_answered": 7},
                       subscales=[{"key": "first", "label": "First", "items": ["1", "2", "3", "4"],
                                   "min_answered": 3}])


def test_prorating_scales_the_answered_items_up_and_rounds_half_up() -> None:
    answers = answers_of([2, 2, 2, 2, 2, 1, 1, 1])  # item 9 missing: 13 over 8 items
    result = score(PRORATING, answers)
    assert result.prorated and result.missing == ("9",)
    assert result.total == 15  # 13 x 9 / 8 = 14.625
    assert score(PRORATING, answers_of([2, 2, 2, 2, 1, 1, 1, 1])).total == 14  # 12 x 9 / 8 = 13.5, half up
    assert score(PRORATING, answers_of([1] * 9)).prorated is False


def test_prorating_stops_below_the_minimum() -> None:
    result = score(PRORATING, answers_of([3] * 6))
    assert result.total is None and not result.prorated and len(result.missing) == 3


def test_a_subscale_prorates_with_its_own_minimum() -> None:
    answers = answers_of([3, 3, 0] + [1] * 6)
    del answers["3"]
    assert score(PRORATING, answers).subscales == {"first": 9}  # (3 + 3 + 1) x 4 / 3 = 9.33
    del answers["2"]
    assert score(PRORATING, answers).subscales == {"first": None}


def test_mean_scoring_and_its_prorating() -> None:
    means = instrument(scoring={"method": "mean", "missing": "prorate", "min_answered": 5})
    assert score(means, answers_of([3, 2, 2, 2, 2, 2, 2, 2, 2])).total == 2.11
    short = answers_of([3, 3, 3, 3, 2])
    result = score(means, short)
    assert result.total == 2.8 and result.prorated


def test_reverse_keyed_items_count_from_the_other_end() -> None:
    mixed = instrument(items=[{"id": "1", "text": "a"}, {"id": "2", "text": "b", "reverse": True}])
    item2 = mixed.item("2")
    assert item2 is not None and [keyed(mixed, item2, v) for v in range(4)] == [3, 2, 1, 0]
    assert score(mixed, {"1": 3, "2": 0}).total == 6
    assert score(mixed, {"1": 0, "2": 3}).total == 0


def test_answers_must_be_valid() -> None:
    assert check_answers(PHQ9, {"1": 4, "x": 1, "2": True}) == {
        "1": "4 is not one of the answers (0, 1, 2, 3)", "x": "not an item of this questionnaire",
        "2": "give one of the answer values as a whole number"}
    with pytest.raises(ValueError, match="phq9 item 1: 4 is not one of the answers"):
        score(PHQ9, {"1": 4})


# --- the reliable change index (Jacobson & Truax 1991) ---------------------------------------------------------


def test_the_threshold_is_computed_from_reliability_and_sd() -> None:
    computed = instrument(change={"reliability": 0.84, "sd": 5.0, "cutoff": 10, "source": "test"})
    # S_diff = SD x sqrt(2 (1 - r)) = 5 x sqrt(0.32) = 2.828; 1.96 x S_diff = 5.54
    threshold = reliable_threshold(computed)
    assert threshold is not None and math.isclose(threshold, 1.96 * 5 * math.sqrt(0.32))
    result = trajectory(computed, 15, 9.4)
    assert result is not None and result.threshold == 5.54 and result.label == "recovered"
    result = trajectory(computed, 15, 9.5)  # -5.5 is short of 5.54
    assert result is not None and result.label == "no_reliable_change"


# --- properties over every shipped instrument ----------------------------------------------------------------


@st.composite
def responses(draw: st.DrawFn, instrument: Instrument, complete: bool = True) -> dict[str, int]:
    drawn = {i.id: draw(st.sampled_from([o.value for o in instrument.options_of(i)])) for i in instrument.items}
    answers = settle(instrument, drawn)
    if not complete:
        keep = draw(st.sets(st.sampled_from(sorted(answers)))) if answers else set()
        answers = settle(instrument, {k: v for k, v in answers.items() if k in keep})
    return answers


def mirrored(instrument: Instrument, answers: dict[str, int]) -> dict[str, int]:
    """Every answer from the other end of its item's scale."""
    out = {}
    for item_id, value in answers.items():
        item = instrument.item(item_id)
        assert item is not None
        values = [o.value for o in instrument.options_of(item)]
        out[item_id] = min(values) + max(values) - value
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data(), key=st.sampled_from(sorted(SHIPPED)))
def test_every_complete_score_is_within_its_range_and_in_a_band(data: st.DataObject, key: str) -> None:
    instrument = SHIPPED[key]
    result = score(instrument, data.draw(responses(instrument)))
    assert result.missing == ()
    if not instrument.scored:
        assert result.total is None
        return
    low, high = instrument.score_range() or (0, 0)
    assert result.total is not None and low <= result.total <= high
    assert result.total in instrument.possible_totals()
    assert (result.band is not None) is bool(instrument.bands)
    for sub in instrument.subscales:
        value = result.subscales[sub.key]
        ranges = [[o.value for o in instrument.options_of(i)] for i in instrument.items if i.id in sub.items]
        assert value is not None and sum(map(min, ranges)) <= value <= sum(map(max, ranges))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), key=st.sampled_from(sorted(SHIPPED)))
def test_a_partial_response_is_scored_only_by_the_missing_item_rule(data: st.DataObject, key: str) -> None:
    instrument = SHIPPED[key]
    answers = data.draw(responses(instrument, complete=False))
    result = score(instrument, answers)
    rule = instrument.scoring
    answered = len([i for i in asked(instrument, answers) if i.required and i.id in answers])
    if result.missing and rule.missing == "prorate" and rule.min_answered is not None and answered >= (
            rule.min_answered) and answered:
        low, high = instrument.score_range() or (0, 0)
        assert result.prorated and result.total is not None and low <= result.total <= high
    elif result.missing:
        assert result.total is None and not result.prorated
    elif instrument.scored and answers:
        assert result.total is not None
    assert set(result.missing) <= {i.id for i in asked(instrument, answers) if i.required}


@settings(max_examples=150, deadline=None)
@given(data=st.data(), key=st.sampled_from(sorted(k for k in SHIPPED if SHIPPED[k].scored)))
def test_mirrored_answers_mirror_the_total(data: st.DataObject, key: str) -> None:
    instrument = SHIPPED[key]
    answers = data.draw(responses(instrument))
    low, high = instrument.score_range() or (0, 0)
    total = score(instrument, answers).total
    other = score(instrument, mirrored(instrument, answers)).total
    assert total is not None and other is not None and math.isclose(total + other, low + high)


@pytest.mark.parametrize("key", sorted(k for k in SHIPPED if SHIPPED[k].bands))
def test_bands_cover_every_possible_score_exactly_once_in_order_of_severity(key: str) -> None:
    instrument = SHIPPED[key]
    for total in instrument.possible_totals():
        holding = [b for b in instrument.bands if b.min <= total <= b.max]
        assert len(holding) == 1, f"{total} is in exactly one band"
        assert band_of(instrument, total) == holding[0]
    by_score = [b.severity for b in sorted(instrument.bands, key=lambda b: b.min)]
    assert by_score == (sorted(by_score) if instrument.higher_is == "worse" else sorted(by_score, reverse=True))


@settings(max_examples=100, deadline=None)
@given(key=st.sampled_from(sorted(k for k in SHIPPED if SHIPPED[k].change)), data=st.data())
def test_trajectory_labels_are_symmetric(key: str, data: st.DataObject) -> None:
    instrument = SHIPPED[key]
    totals = instrument.possible_totals()
    first, latest = data.draw(st.sampled_from(totals)), data.draw(st.sampled_from(totals))
    forward, backward = trajectory(instrument, first, latest), trajectory(instrument, latest, first)
    assert forward is not None and backward is not None
    improved = {"reliable_improvement", "recovered"}
    assert (forward.label in improved) == (backward.label == "reliable_deterioration")
    assert (forward.label == "no_reliable_change") == (backward.label == "no_reliable_change")


# --- properties over any valid definition: generated instruments --------------------------------------------


@st.composite
def definitions(draw: st.DrawFn) -> Instrument:
    start = draw(st.integers(-2, 1))
    width = draw(st.integers(2, 7))
    count = draw(st.integers(1, 8))
    method = draw(st.sampled_from(["sum", "mean"]))
    multiplier = draw(st.sampled_from([1, 2, 4]))
    items = [{"id": f"i{n}", "text": f"Item {n}", "reverse": draw(st.booleans())} for n in range(count)]
    scoring: dict[str, Any] = {"method": method, "multiplier": multiplier}
    if count > 1 and draw(st.booleans()):
        scoring.update(missing="prorate", min_answered=draw(st.integers(1, count - 1)))
    data: dict[str, Any] = {
        "key": "generated", "title": "Generated", "short_title": "G",
        "options": [{"value": v, "label": str(v)} for v in range(start, start + width)],
        "items": items, "scoring": scoring,
        "licence": {"name": "test", "items_shipped": True}, "source": {"citation": "test"},
    }
    generated = parse(data, "generated")
    totals = generated.possible_totals()
    cuts = sorted(draw(st.sets(st.sampled_from(range(1, len(totals))), max_size=3))) if len(totals) > 1 else []
    edges = [0, *cuts, len(totals)]
    data["bands"] = [{"min": totals[a], "max": totals[b - 1], "label": f"band {n}", "severity": n}
                     for n, (a, b) in enumerate(zip(edges, edges[1:], strict=False))]
    return parse(data, "generated")


@settings(max_examples=150, deadline=None)
@given(definition=definitions(), data=st.data())
def test_any_definition_scores_within_range_and_every_score_has_one_band(definition: Instrument,
                                                                        data: st.DataObject) -> None:
    answers = data.draw(responses(definition))
    result = score(definition, answers)
    low, high = definition.score_range() or (0, 0)
    assert result.total is not None and low <= result.total <= high
    assert result.band is not None
    assert sum(1 for b in definition.bands if b.min <= result.total <= b.max) == 1


@settings(max_examples=150, deadline=None)
@given(definition=definitions())
def test_reverse_keys_swap_all_lowest_and_all_highest_answers(definition: Instrument) -> None:
    values = [o.value for o in definition.options]
    lowest = {i.id: min(values) for i in definition.items}
    highest = {i.id: max(values) for i in definition.items}
    low, high = definition.score_range() or (0, 0)
    at_lowest, at_highest = score(definition, lowest).total, score(definition, highest).total
    assert at_lowest is not None and at_highest is not None
    assert math.isclose(at_lowest + at_highest, low + high), "all-lowest and all-highest mirror each other"
    if not any(i.reverse for i in definition.items):
        assert (at_lowest, at_highest) == (low, high)
    if all(i.reverse for i in definition.items):
        assert (at_lowest, at_highest) == (high, low)
    for item in definition.items:
        for v in values:
            assert keyed(definition, item, keyed(definition, item, v)) == v, "reverse keying is its own inverse"


@settings(max_examples=150, deadline=None)
@given(definition=definitions(), data=st.data())
def test_any_partial_response_is_scored_in_range_and_banded_or_not_at_all(definition: Instrument,
                                                                          data: st.DataObject) -> None:
    answers = data.draw(responses(definition, complete=False))
    result = score(definition, answers)
    rule = definition.scoring
    answered = len(answers)
    if answered == len(definition.items):
        assert result.total is not None and not result.prorated
    elif rule.missing == "prorate" and rule.min_answered is not None and answered >= rule.min_answered:
        assert result.total is not None and result.prorated
    else:
        assert result.total is None and result.band is None
        return
    low, high = definition.score_range() or (0, 0)
    assert low <= result.total <= high and result.total in definition.possible_totals()
    assert result.band is not None, "a prorated total lands in a band too"
