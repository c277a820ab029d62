"""Scoring and change, in pure Python (no Django): totals, subscales, bands, the missing-item rule, risk rules,
and the Jacobson-Truax reliable change index with the clinical cutoff.

The rules, as docs/instruments.md states them for definition writers:

- Only items that are asked count: a follow-up (`show_if`) is asked when its condition holds.
- The total is made of the asked required items, reverse-keyed items counted from the other end of their scale.
  Sum scoring adds them; mean scoring averages them (to two decimals). The multiplier applies to the total
  (WHO-5: raw x 4), not to subscales.
- Missing required items: with `missing = "invalid"` there is no total. With `"prorate"` and at least
  `min_answered` answered, a sum is scaled up to the full length (sum x asked / answered) and rounded half up
  to a whole point, as a paper form would be; a mean is the mean of the answered items.
- A subscale has a value when every one of its asked items is answered (or, prorating, `min_answered` of them).
- Risk rules look at the raw answers of asked items, whether or not the questionnaire is complete.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from cocreate.measures.definitions import Band, Instrument, Item, Risk


@dataclass(frozen=True)
class Score:
    total: float | None  # None: not scorable (required items missing, or a screener with no total)
    subscales: dict[str, float | None]
    band: Band | None
    answered: int
    missing: tuple[str, ...]  # required items (of those asked) left unanswered
    risk: tuple[Risk, ...]  # risk rules the answers meet
    prorated: bool


def asked(instrument: Instrument, answers: Mapping[str, int]) -> list[Item]:
    """The items the respondent is asked, given the answers so far: a follow-up item appears only when every
    item it depends on was itself asked and answered with the given value."""
    shown: list[Item] = []
    ids: set[str] = set()
    for item in instrument.items:
        if not item.show_if or all(k in ids and answers.get(k) == v for k, v in item.show_if.items()):
            shown.append(item)
            ids.add(item.id)
    return shown


def check_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, str]:
    """Problems with the given answers, by item id: an unknown item, or a value not among its options."""
    problems: dict[str, str] = {}
    for item_id, value in answers.items():
        item = instrument.item(item_id)
        if item is None:
            problems[item_id] = "not an item of this questionnaire"
        elif isinstance(value, bool) or not isinstance(value, int):
            problems[item_id] = "give one of the answer values as a whole number"
        elif value not in {o.value for o in instrument.options_of(item)}:
            allowed = ", ".join(str(o.value) for o in instrument.options_of(item))
            problems[item_id] = f"{value} is not one of the answers ({allowed})"
    return problems


def keyed(instrument: Instrument, item: Item, value: int) -> int:
    """The value as scored: reverse-keyed items count from the other end of their scale."""
    if not item.reverse:
        return value
    values = [o.value for o in instrument.options_of(item)]
    return min(values) + max(values) - value


def _half_up(x: float) -> int:
    return int(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _combine(values: list[int], count: int, method: str) -> float:
    """Sum or mean of the answered values; a sum with fewer values than `count` is prorated and rounded."""
    if method == "mean":
        return round(sum(values) / len(values), 2)
    if len(values) < count:
        return float(_half_up(sum(values) * count / len(values)))
    return float(sum(values))


def band_of(instrument: Instrument, total: float | None) -> Band | None:
    if total is None:
        return None
    return next((b for b in instrument.bands if b.min <= total <= b.max), None)


def score(instrument: Instrument, answers: Mapping[str, int]) -> Score:
    """Score a response. The answers must pass `check_answers` (a ValueError names the first problem);
    answers to items that are not asked, given the others, are left out."""
    problems = check_answers(instrument, answers)
    if problems:
        item_id, problem = next(iter(problems.items()))
        raise ValueError(f"{instrument.key} item {item_id}: {problem}")
    questions = asked(instrument, answers)
    shown = {i.id for i in questions}
    given = {i.id: keyed(instrument, i, answers[i.id]) for i in questions if i.id in answers}
    required = [i for i in questions if i.required]
    missing = tuple(i.id for i in required if i.id not in given)
    values = [given[i.id] for i in required if i.id in given]
    rule = instrument.scoring
    prorating = rule.missing == "prorate" and rule.min_answered is not None

    total: float | None = None
    prorated = False
    if instrument.scored and values:
        if not missing:
            total = _combine(values, len(required), rule.method)
        elif prorating and rule.min_answered is not None and len(values) >= rule.min_answered:
            total = _combine(values, len(required), rule.method)
            prorated = True
        if total is not None:
            total = round(total * rule.multiplier, 2)

    subscales: dict[str, float | None] = {}
    for sub in instrument.subscales:
        listed = [i for i in sub.items if i in shown]
        got = [given[i] for i in listed if i in given]
        enough = len(got) == len(listed) or (
            prorating and sub.min_answered is not None and len(got) >= sub.min_answered)
        subscales[sub.key] = _combine(got, len(listed), sub.method) if got and enough else None

    risk = tuple(r for r in instrument.risk
                 if any(i in shown and i in answers and answers[i] > r.above for i in r.items))
    return Score(total, subscales, band_of(instrument, total), len(given), missing, risk, prorated)


Label = Literal["reliable_improvement", "no_reliable_change", "reliable_deterioration", "recovered"]
LABELS: dict[str, str] = {
    "reliable_improvement": "Reliable improvement",
    "no_reliable_change": "No reliable change",
    "reliable_deterioration": "Reliable deterioration",
    "recovered": "Recovered",
}


@dataclass(frozen=True)
class Trajectory:
    first: float
    latest: float
    change: float  # latest - first
    threshold: float  # the smallest reliable change in points
    label: Label
    responded: bool | None  # met the instrument's response criterion, where it defines one
    remitted: bool | None  # below the remission score, where defined


def reliable_threshold(instrument: Instrument) -> float | None:
    """Smallest reliable change: the published threshold, or 1.96 x S_diff with S_diff = SD x sqrt(2(1 - r))
    (Jacobson & Truax 1991)."""
    change = instrument.change
    if change is None:
        return None
    if change.threshold is not None:
        return change.threshold
    assert change.sd is not None and change.reliability is not None  # noqa: S101 - the definition guarantees it
    return 1.96 * change.sd * math.sqrt(2 * (1 - change.reliability))


def trajectory(instrument: Instrument, first: float, latest: float) -> Trajectory | None:
    """How a client's score moved from the first to the latest: reliable improvement, no reliable change,
    reliable deterioration, or recovered (a reliable improvement from the clinical range to outside it).
    None for an instrument without change parameters."""
    threshold = reliable_threshold(instrument)
    change = instrument.change
    if threshold is None or change is None:
        return None
    eps = 1e-9
    diff = latest - first
    better = -diff if instrument.higher_is == "worse" else diff
    label: Label = "no_reliable_change"
    if better >= threshold - eps:
        label = "reliable_improvement"
        if change.cutoff is not None:
            if instrument.higher_is == "worse":
                was_clinical, now_not = first >= change.cutoff, latest < change.cutoff
            else:
                was_clinical, now_not = first <= change.cutoff, latest > change.cutoff
            if was_clinical and now_not:
                label = "recovered"
    elif -better >= threshold - eps:
        label = "reliable_deterioration"
    criteria: list[bool] = []
    if change.response_drop is not None and first:
        criteria.append(better >= change.response_drop * abs(first) - eps)
    if change.response_points is not None:
        criteria.append(better >= change.response_points - eps)
    responded = any(criteria) if criteria else None
    remitted = latest < change.remission_below if change.remission_below is not None else None
    return Trajectory(first, latest, diff, round(threshold, 2), label, responded, remitted)


def asked_answers(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, int]:
    """Only the answers to questions that are asked, given the other answers: a follow-up answered earlier
    and then left behind (C-SSRS 4 after 2 became "no") neither scores nor alerts."""
    kept = dict(answers)
    while True:
        ids = {item.id for item in asked(instrument, kept)}
        narrower = {k: v for k, v in kept.items() if k in ids}
        if narrower == kept:
            return kept
        kept = narrower


def risk_reasons(instrument: Instrument, answers: Mapping[str, int]) -> list[str]:
    """The reasons of the risk rules the asked answers meet, whether or not the questionnaire is complete.
    Answers that are not answers of their item (a form re-shown with an error) are left out."""
    problems = check_answers(instrument, answers)
    valid = {k: v for k, v in answers.items() if k not in problems}
    return [rule.reason for rule in score(instrument, asked_answers(instrument, valid)).risk]
