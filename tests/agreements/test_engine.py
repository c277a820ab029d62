"""The rules of agreement apart from storage: who must accept, who is still awaited, and who wrote what."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.agreements.engine import Parties, Written, attribution_of, awaited, is_agreed
from cocreate.agreements.kinds import KINDS
from cocreate.agreements.models import Side

WHOLE_TEAM = KINDS["intentions"]
ONE_OF_TEAM = KINDS["transport"]
PARTIES = Parties(client_id=1, team_ids=frozenset({2, 3}))
CLIENT, TEAM = Side.CLIENT.value, Side.CARE_TEAM.value


def test_parties() -> None:
    assert PARTIES.all_ids == {1, 2, 3}
    assert (PARTIES.side_of(1), PARTIES.side_of(2), PARTIES.side_of(3)) == (CLIENT, TEAM, TEAM)


@pytest.mark.parametrize(
    ("accepted", "whole_team", "one_of_team"),
    [
        (set(), False, False),
        ({1}, False, False),
        ({2, 3}, False, False),  # the care team alone never agrees
        ({1, 2}, False, True),
        ({1, 3}, False, True),
        ({1, 2, 3}, True, True),
        ({1, 2, 3, 9}, True, True),  # someone no longer a party does not matter
        ({1, 9}, False, False),  # ... nor stand in for the team
    ],
)
def test_is_agreed(accepted: set[int], whole_team: bool, one_of_team: bool) -> None:
    assert is_agreed(WHOLE_TEAM, PARTIES, accepted) is whole_team
    assert is_agreed(ONE_OF_TEAM, PARTIES, accepted) is one_of_team


@pytest.mark.parametrize(
    ("accepted", "whole_team", "one_of_team"),
    [
        ({1}, ([2, 3], False), ([], True)),
        ({2}, ([1, 3], False), ([1], False)),
        ({1, 3}, ([2], False), ([], False)),
        ({1, 2, 3}, ([], False), ([], False)),
        (set(), ([1, 2, 3], False), ([1], True)),
    ],
)
def test_awaited(accepted: set[int], whole_team: tuple[list[int], bool], one_of_team: tuple[list[int], bool]
                 ) -> None:
    assert awaited(WHOLE_TEAM, PARTIES, accepted) == whole_team
    assert awaited(ONE_OF_TEAM, PARTIES, accepted) == one_of_team


def test_awaited_follows_the_team_as_it_is_now() -> None:
    smaller = Parties(client_id=1, team_ids=frozenset({2}))
    assert awaited(WHOLE_TEAM, smaller, {1}) == ([2], False)
    assert is_agreed(WHOLE_TEAM, smaller, {1, 2})


def _plan(**fields: str) -> dict[str, Any]:
    return {"driver": "Sam", "pickup": "6 pm", **fields}


def _attribution(agreed: Written, *line: Written, previous: Written | None = None,
                 previous_attribution: dict[str, str] | None = None) -> dict[str, str]:
    chain = {w.number: w for w in line}
    return attribution_of(ONE_OF_TEAM, agreed, chain, previous, previous_attribution or {})


def test_a_first_proposal_agreed_as_it_was_is_its_authors() -> None:
    agreed = Written(1, CLIENT, _plan(notes="Call first"), None)
    assert _attribution(agreed) == {"driver": CLIENT, "pickup": CLIENT, "notes": CLIENT}


def test_an_amendment_keeps_the_lines_it_did_not_change_with_their_author() -> None:
    first = Written(1, CLIENT, _plan(), None)
    amended = Written(2, TEAM, _plan(pickup="7 pm", destination="Home"), 1)
    assert _attribution(amended, first) == {"driver": CLIENT, "pickup": TEAM, "destination": TEAM}


def test_each_line_belongs_to_the_earliest_proposal_that_held_it() -> None:
    first = Written(1, CLIENT, _plan(), None)
    second = Written(2, TEAM, _plan(pickup="7 pm"), 1)
    third = Written(3, CLIENT, _plan(pickup="7 pm", notes="Bring water"), 2)
    assert _attribution(third, first, second) == {"driver": CLIENT, "pickup": TEAM, "notes": CLIENT}


def test_a_value_written_back_belongs_to_whoever_wrote_it_back() -> None:
    first = Written(1, TEAM, _plan(), None)
    second = Written(2, CLIENT, _plan(driver="Kim"), 1)
    third = Written(3, TEAM, _plan(driver="Sam"), 2)
    assert _attribution(third, first, second)["driver"] == TEAM
    fourth = Written(4, CLIENT, _plan(driver="Sam"), 3)
    assert _attribution(fourth, first, second, third)["driver"] == TEAM  # held since revision 3, unbroken


def test_what_was_agreed_before_keeps_its_earlier_author() -> None:
    previous = Written(1, TEAM, _plan(notes="Call first"), None)
    earlier = {"driver": CLIENT, "pickup": TEAM, "notes": TEAM}
    agreed = Written(2, CLIENT, _plan(notes="Text first"), 1)
    assert _attribution(agreed, previous, previous=previous, previous_attribution=earlier) == {
        "driver": CLIENT, "pickup": TEAM, "notes": CLIENT}


def test_the_line_of_amendments_stops_at_the_previous_agreement() -> None:
    # Revision 1 (the client's) was agreed and then superseded by 2 (the team's, same pickup); 3 amends 2.
    one = Written(1, CLIENT, _plan(), None)
    two = Written(2, TEAM, _plan(destination="Home"), 1)
    three = Written(3, CLIENT, _plan(destination="Home", notes="Bring water"), 2)
    result = _attribution(three, one, two, three, previous=two,
                          previous_attribution={"driver": CLIENT, "pickup": CLIENT, "destination": TEAM})
    assert result == {"driver": CLIENT, "pickup": CLIENT, "destination": TEAM, "notes": CLIENT}


def test_group_rows_are_attributed_field_by_field() -> None:
    goal = {"words": "Sleep", "why": "Tired", "status": "open"}
    first = Written(1, CLIENT, {"goals": [goal]}, None)
    amended = Written(2, TEAM, {"goals": [goal, {"words": "Walk daily", "status": "open"}]}, 1)
    assert attribution_of(WHOLE_TEAM, amended, {1: first}, None, {}) == {
        "goals[sleep#1].words": CLIENT, "goals[sleep#1].why": CLIENT, "goals[sleep#1].status": CLIENT,
        "goals[walk daily#1].words": TEAM, "goals[walk daily#1].status": TEAM,
    }
