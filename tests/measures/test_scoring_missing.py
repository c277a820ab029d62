"""The missing-item rule: PHQ-9 and GAD-7 with one or two items left out are prorated from the mean of the
answered items (NHS Data Dictionary, as docs/instruments.md notes); with more left out there is no total."""

from __future__ import annotations

import pytest

from cocreate.measures.scoring import score
from tests.measures.test_scoring import GAD7, PHQ9, answers_of


def test_phq9_with_an_item_missing_is_prorated_and_item_9_still_raises_risk() -> None:
    answers = answers_of([2, 2, 2, 2, 2, 2, 2, 2, 1])
    del answers["3"]
    result = score(PHQ9, answers)
    assert result.total == 17 and result.prorated  # 15 over 8 items, times 9: 16.875, rounded half up
    assert result.band is not None and result.band.label == "Moderately severe"
    assert result.missing == ("3",)
    assert [r.items for r in result.risk] == [("9",)]


@pytest.mark.parametrize(("values", "left_out", "total"), [
    ([1, 1, 1, 1, 1, 1, 1, 1, 1], ["1", "2"], 9.0),  # 7 / 7 * 9
    ([3, 3, 3, 3, 3, 3, 3, 0, 0], ["8", "9"], 27.0),  # mean 3, times 9
    ([0, 1, 0, 1, 0, 1, 0, 1, 0], ["2"], 3.0),  # 3 / 8 * 9 = 3.375
    ([1, 2, 1, 2, 1, 2, 1, 2, 1], ["1"], 14.0),  # 12 / 8 * 9 = 13.5, half up
])
def test_phq9_prorates_from_the_mean_of_the_answered_items(values: list[int], left_out: list[str],
                                                           total: float) -> None:
    answers = answers_of(values)
    for item in left_out:
        del answers[item]
    result = score(PHQ9, answers)
    assert (result.total, result.prorated, result.missing) == (total, True, tuple(left_out))


def test_three_left_out_of_phq9_or_gad7_give_no_total() -> None:
    phq9 = answers_of([1] * 9)
    gad7 = {str(n): 1 for n in range(1, 8)}
    for answers, instrument in ((phq9, PHQ9), (gad7, GAD7)):
        for item in ("1", "2", "3"):
            del answers[item]
        result = score(instrument, answers)
        assert result.total is None and not result.prorated and result.missing == ("1", "2", "3")


def test_gad7_with_two_left_out_is_prorated() -> None:
    answers = {str(n): 2 for n in range(1, 8)}
    del answers["6"], answers["7"]
    result = score(GAD7, answers)
    assert (result.total, result.prorated) == (14.0, True)
