"""The shipped session feedback questionnaire: written for cocreate and saying so, scored as the mean of the ratings
given (none required), watched as the alliance is, and flagging a low rating by name; WAI-SR as before."""

from __future__ import annotations

import tomllib

import pytest

from cocreate.measures import flagging
from cocreate.measures.definitions import SHIPPED_DIR, DefinitionError, load_dir, load_file, parse
from cocreate.measures.scoring import score

SHIPPED = load_dir(SHIPPED_DIR)


def test_it_is_shipped_says_what_it_is_and_is_not() -> None:
    feedback = load_file(SHIPPED_DIR / "session_feedback.toml")
    assert feedback.alliance and feedback.higher_is == "better" and feedback.licence.items_shipped
    assert [i.text for i in feedback.items] == [
        "I felt heard and respected", "We worked on what matters to me", "The way we worked suited me",
        "Overall, this session was right for me"]
    assert [o.value for o in feedback.options] == list(range(11))
    assert "not a test" in feedback.about and "no norms" in feedback.about
    assert "not a licensed" in feedback.licence.terms.lower() and "free to use" in feedback.licence.name
    assert feedback.bands == () and feedback.change is None  # no norms, no published reliable change
    assert feedback.alliance_watch is not None and feedback.alliance_watch.low_at_or_below == 4


def test_the_score_is_the_mean_of_the_ratings_given() -> None:
    feedback = SHIPPED["session_feedback"]
    assert score(feedback, {"1": 8, "2": 7, "3": 3, "4": 6}).total == 6
    one = score(feedback, {"3": 3})
    assert (one.total, one.prorated) == (3, True)
    assert score(feedback, {}).total is None
    assert feedback.score_range() == (0, 10)


def test_a_low_rating_is_flagged_by_its_statement() -> None:
    feedback = SHIPPED["session_feedback"]
    reason = flagging.alliance(feedback, None, 6, {"1": 8, "2": 7, "3": 3, "4": 6})
    assert reason == "Rated 4 or lower: “The way we worked suited me”, 3 of 10."
    assert flagging.alliance(feedback, None, 5, {"1": 5, "2": 5, "3": 5, "4": 5}) is None
    both = flagging.alliance(feedback, 9, 4.5, {"1": 0, "2": 9, "3": 4, "4": 5})
    assert both is not None and "fell from 9" in both
    assert "“I felt heard and respected”, 0 of 10; “The way we worked suited me”, 4 of 10" in both
    assert "bottom of the scale" not in both  # the low rule already names an answer at the bottom


def test_a_fall_from_the_client_s_own_first_score_is_flagged() -> None:
    feedback = SHIPPED["session_feedback"]
    assert flagging.alliance_threshold(feedback) == 1.5
    reason = flagging.alliance(feedback, 8.5, 7, {"1": 7, "2": 7, "3": 7, "4": 7})
    assert reason is not None and reason.startswith("The total fell from 8.5")
    assert flagging.alliance(feedback, 8.5, 7.25, {"1": 7, "2": 7, "3": 7, "4": 8}) is None


def test_the_wai_sr_is_watched_as_before() -> None:
    wai = SHIPPED["wai_sr"]
    assert wai.alliance_watch is None
    answers = {str(n): 4 for n in range(1, 13)}
    assert flagging.alliance(wai, None, 48, {**answers, "2": 2}) is None  # 2 of 5 is not the bottom
    assert flagging.alliance(wai, None, 47, {**answers, "2": 1}) == "Answered at the bottom of the scale: item 2."


@pytest.mark.parametrize(("old", "new", "message"), [
    ("alliance = true", "alliance = false", "only an alliance measure"),
    ('higher_is = "better"', 'higher_is = "worse"', 'where higher is better'),
    ("low_at_or_below = 4", "low_at_or_below = 10", "below the highest answer"),
    ("low_at_or_below = 4", "low_at_or_below = -1", "at least the lowest answer"),
    ("low_at_or_below = 4", 'low_at_or_below = 4\nhigh = 9', "alliance_watch.high: Extra inputs"),
])
def test_the_loader_checks_the_alliance_watch(old: str, new: str, message: str) -> None:
    text = (SHIPPED_DIR / "session_feedback.toml").read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(DefinitionError, match=message):
        parse(tomllib.loads(text), "session_feedback.toml")
