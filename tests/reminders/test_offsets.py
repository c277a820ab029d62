"""Reminder times as people type them: "48h, 2h", "30m", "3d"; written back so that reading them again gives the
same times; anything else refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreate.reminders.offsets import LONGEST, MOST, SHORTEST, OffsetError, as_text, check, parse, words


@pytest.mark.parametrize(("typed", "minutes"), [
    ("48h, 2h", [2880, 120]), ("2h 48h", [2880, 120]), ("48 h; 2 h", [2880, 120]), ("30m", [30]),
    ("90 min", [90]), ("3d", [4320]), ("24", [1440]), ("", []), ("  ", []), ("2h, 2h, 120m", [120]),
])
def test_typed_times_are_read(typed: str, minutes: list[int]) -> None:
    assert parse(typed) == minutes


@pytest.mark.parametrize("typed", ["soon", "2 hours", "-1h", "1.5h", "9m", "15d", "1h,2h,3h,4h,5h", "h", "2w",
                                   "99999999h", "1h\x00"])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(OffsetError):
        parse(typed)


@given(st.lists(st.integers(min_value=SHORTEST, max_value=LONGEST), max_size=MOST))
def test_written_back_times_read_the_same(minutes: list[int]) -> None:
    assert parse(as_text(check(minutes))) == check(minutes)


def test_times_in_words_and_their_limits() -> None:
    assert [words(m) for m in (2880, 120, 90, 30)] == ["48 h", "2 h", "90 min", "30 min"]
    for bad in ([SHORTEST - 1], [LONGEST + 1], [True], [1.5]):
        with pytest.raises(OffsetError):
            check(bad)  # type: ignore[arg-type]
