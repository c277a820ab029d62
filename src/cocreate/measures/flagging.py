"""Why a score raises a flag beyond its risk rules, from the instrument and the totals alone (no database): a
reliable deterioration since the first score, and an alliance drop from the client's own baseline or an answer
at the bottom of the scale (or, where the definition sets `[alliance_watch] low_at_or_below`, at or below it).
`services.response_submit` writes the flags these reasons describe."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from cocreate.measures import scoring
from cocreate.measures.definitions import Instrument

# Without a [change] section, an alliance drop counts when the total falls by 15 % of its possible range: for
# the WAI-SR (12-60) that is about 7 points, close to the reliable change its published reliability implies.
ALLIANCE_FALLBACK_SHARE = 0.15


def deterioration(instrument: Instrument, first: float | None, latest: float | None) -> str | None:
    """The reason, when the change from the first total to the latest is a reliable deterioration."""
    if first is None or latest is None:
        return None
    change = scoring.trajectory(instrument, first, latest)
    if change is None or change.label != "reliable_deterioration":
        return None
    return _("%(title)s moved from %(first)s to %(latest)s since the first score: a reliable deterioration "
             "(a change of %(threshold)s points or more).") % {
        "title": instrument.short_title, "first": f"{first:g}", "latest": f"{latest:g}",
        "threshold": f"{change.threshold:g}"}


def bottom_answers(instrument: Instrument, answers: Mapping[str, int]) -> list[str]:
    """Items answered at the low end of their scale (as scored, so reverse-keyed items count from the top)."""
    bottom = []
    for item in scoring.asked(instrument, answers):
        if item.id in answers:
            values = [o.value for o in instrument.options_of(item)]
            if scoring.keyed(instrument, item, answers[item.id]) == min(values):
                bottom.append(item.id)
    return bottom


def low_answers(instrument: Instrument, answers: Mapping[str, int]) -> list[tuple[str, int]]:
    """(item, answer) for each answer at or below the definition's `alliance_watch.low_at_or_below` (as scored),
    the item named by its text where the wording is shipped; none where the definition sets no threshold."""
    watch = instrument.alliance_watch
    if watch is None or watch.low_at_or_below is None:
        return []
    low = []
    for item in scoring.asked(instrument, answers):
        if item.id in answers and scoring.keyed(instrument, item, answers[item.id]) <= watch.low_at_or_below:
            low.append((f"“{item.text}”" if item.text else _("item %(id)s") % {"id": item.id}, answers[item.id]))
    return low


def alliance_threshold(instrument: Instrument) -> float:
    """The fall from the client's own baseline that counts as an alliance drop: the reliable change where the
    definition gives one, else ALLIANCE_FALLBACK_SHARE of the total's possible range."""
    threshold = scoring.reliable_threshold(instrument)
    if threshold is not None:
        return threshold
    low = {i.id: min(instrument.options_of(i), key=lambda o: scoring.keyed(instrument, i, o.value)).value
           for i in instrument.items}
    high = {i.id: max(instrument.options_of(i), key=lambda o: scoring.keyed(instrument, i, o.value)).value
            for i in instrument.items}
    span = abs((scoring.score(instrument, high).total or 0) - (scoring.score(instrument, low).total or 0))
    return round(span * ALLIANCE_FALLBACK_SHARE, 2)


def alliance(instrument: Instrument, baseline: float | None, latest: float | None,
             answers: Mapping[str, int]) -> str | None:
    """The reason for an alliance flag, if any: a fall from the baseline (the client's first score), or any
    answer at the bottom of the scale (where the definition sets a low threshold: any answer at or below it)."""
    reasons = []
    if baseline is not None and latest is not None:
        threshold = alliance_threshold(instrument)
        if baseline - latest >= threshold:
            reasons.append(_("The total fell from %(first)s (the first, the client's own baseline) to %(latest)s, "
                             "by %(threshold)s points or more.") % {
                "first": f"{baseline:g}", "latest": f"{latest:g}", "threshold": f"{threshold:g}"})
    low = low_answers(instrument, answers)
    if low:  # the threshold lies above the bottom of the scale, so these include any answer at the bottom
        watch = instrument.alliance_watch
        top = max(o.value for i in instrument.items for o in instrument.options_of(i))
        reasons.append(_("Rated %(low)s or lower: %(items)s.") % {
            "low": watch.low_at_or_below if watch else "",
            "items": "; ".join(_("%(item)s, %(value)s of %(top)s") % {"item": item, "value": value, "top": top}
                               for item, value in low)})
        return " ".join(reasons)
    bottom = bottom_answers(instrument, answers)
    if bottom:
        reasons.append(_("Answered at the bottom of the scale: item %(items)s.") % {"items": ", ".join(bottom)})
    return " ".join(reasons) or None
