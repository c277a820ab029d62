"""Consent: anyone may narrow alone and at once; widening needs everyone; withdrawn consent never comes back unasked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed
from cocreate.access.services import supervision_access_start
from cocreate.agreements.kinds import KINDS, narrows
from cocreate.agreements.models import ChangeKind, Decision, RevisionState, Side
from cocreate.care import services as care
from cocreate.inbox.models import NoticeKind
from tests.agreements.helpers import (
    accept,
    access,
    agree,
    in_force,
    narrow,
    notices_to,
    propose,
    rows,
    state_of,
    touch,
    transport,
)
from tests.conftest import World

TOUCH = KINDS["touch_consent"]
AGREED = touch(hand_on_shoulder="yes", hand_holding="ask_first")


@pytest.fixture
def agreed(world: World) -> Any:
    """Touch consent agreed by dana, alice and bea: hand on shoulder yes, hand-holding ask first, the rest no."""
    return agree(world, "touch_consent", AGREED)


def _level(world: World, item: str) -> str:
    revision = in_force(world.engagement, "touch_consent")
    assert revision is not None
    return str(revision.content[item])


def _refused(action: Any) -> dict[str, list[str]]:
    before = rows()
    with pytest.raises(ValidationError) as caught:
        action()
    assert rows() == before
    return caught.value.message_dict


def test_the_client_narrows_alone_and_it_is_in_force_at_once(world: World, agreed: Any) -> None:
    revision = narrow(world, world.dana, {"hand_on_shoulder": "no"})

    assert (revision.number, revision.state, revision.change) == (2, RevisionState.AGREED, ChangeKind.NARROWING)
    assert (revision.based_on, revision.author, revision.side) == (agreed, world.dana, Side.CLIENT)
    assert revision.content == {**AGREED, "hand_on_shoulder": "no"}
    assert [d.party for d in Decision.objects.filter(revision=revision)] == [world.dana]
    assert in_force(world.engagement, "touch_consent") == revision
    agreed.refresh_from_db()
    assert (agreed.state, agreed.superseded_by) == (RevisionState.SUPERSEDED, revision)
    for facilitator in (world.alice, world.bea):
        assert len(notices_to(facilitator, NoticeKind.CONSENT_NARROWED)) == 1
    assert notices_to(world.dana, NoticeKind.CONSENT_NARROWED) == []


def test_a_facilitator_may_narrow_alone_too(world: World, agreed: Any) -> None:
    revision = narrow(world, world.bea, {"hand_holding": "no", "hand_on_shoulder": "ask_first"})
    assert (revision.state, revision.side) == (RevisionState.AGREED, Side.CARE_TEAM)
    assert (_level(world, "hand_holding"), _level(world, "hand_on_shoulder")) == ("no", "ask_first")
    assert revision.attribution["hand_holding"] == Side.CARE_TEAM
    assert revision.attribution["stop_signal"] == Side.CLIENT  # unchanged, still the client's words
    assert len(notices_to(world.dana, NoticeKind.CONSENT_NARROWED)) == 1


def test_widening_through_narrow_is_refused_naming_the_item(world: World, agreed: Any) -> None:
    errors = _refused(lambda: narrow(world, world.dana, {"hand_on_shoulder": "no", "hug": "yes"}))
    assert errors == {"hug": ["Widening consent needs everyone's acceptance: propose it instead."]}
    assert _level(world, "hand_on_shoulder") == "yes"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"stop_signal": "no"}, {"stop_signal": ["Not a kind of consent in this document."]}),
        ({"hug": "maybe"}, {"hug": ["Choose yes, ask me first or no."]}),
        ({}, {"changes": ["Say which consent to narrow."]}),
        ({"hug": "no"}, {"__all__": ["This is already the consent in force."]}),
    ],
)
def test_a_narrowing_must_lower_a_consent_item(world: World, agreed: Any, changes: dict[str, str],
                                               expected: dict[str, list[str]]) -> None:
    assert _refused(lambda: narrow(world, world.dana, changes)) == expected


def test_a_pending_widening_is_superseded_by_a_narrowing_and_cannot_restore_consent(world: World,
                                                                                     agreed: Any) -> None:
    widening = propose(world, world.alice, "touch_consent", {**AGREED, "hug": "yes"}, 1)
    accept(world, world.dana, widening)  # only bea is missing now

    narrowed = narrow(world, world.dana, {"hand_on_shoulder": "no"})

    assert narrowed.number == 3  # a narrowing applies to what is in force; it never conflicts
    widening.refresh_from_db()
    assert (widening.state, widening.superseded_by) == (RevisionState.SUPERSEDED, narrowed)
    with pytest.raises(ValidationError):
        accept(world, world.bea, widening)
    assert (_level(world, "hand_on_shoulder"), _level(world, "hug")) == ("no", "no")


def test_a_narrowing_after_a_widening_is_agreed_applies_on_top_of_it(world: World, agreed: Any) -> None:
    widening = propose(world, world.alice, "touch_consent", {**AGREED, "hug": "yes"}, 1)
    accept(world, world.dana, widening)
    accept(world, world.bea, widening)

    narrowed = narrow(world, world.dana, {"hand_on_shoulder": "no"})

    assert narrowed.based_on == widening
    assert (_level(world, "hand_on_shoulder"), _level(world, "hug")) == ("no", "yes")
    assert state_of(widening) == RevisionState.SUPERSEDED


def test_a_full_proposal_that_only_lowers_levels_is_in_force_at_once(world: World, agreed: Any) -> None:
    awaiting = len(notices_to(world.alice, NoticeKind.PROPOSAL_AWAITS))

    revision = propose(world, world.dana, "touch_consent", {**AGREED, "hand_on_shoulder": "ask_first"}, 1)

    assert (revision.state, revision.change) == (RevisionState.AGREED, ChangeKind.NARROWING)
    assert [d.party for d in Decision.objects.filter(revision=revision)] == [world.dana]
    assert _level(world, "hand_on_shoulder") == "ask_first"
    assert len(notices_to(world.alice, NoticeKind.CONSENT_NARROWED)) == 1
    assert len(notices_to(world.alice, NoticeKind.PROPOSAL_AWAITS)) == awaiting  # nothing awaits anyone


def test_a_full_proposal_narrowing_on_top_of_a_pending_one_supersedes_it(world: World, agreed: Any) -> None:
    pending = propose(world, world.alice, "touch_consent", {**AGREED, "hug": "ask_first"}, 1)
    revision = propose(world, world.dana, "touch_consent", {**AGREED, "hand_holding": "no"}, 2)
    assert (revision.number, revision.state) == (3, RevisionState.AGREED)
    assert state_of(pending) == RevisionState.SUPERSEDED
    assert (_level(world, "hand_holding"), _level(world, "hug")) == ("no", "no")


def test_lowering_one_item_and_raising_another_needs_everyone(world: World, agreed: Any) -> None:
    revision = propose(world, world.dana, "touch_consent", {**AGREED, "hand_on_shoulder": "no", "hug": "yes"}, 1)
    assert (revision.state, revision.change) == (RevisionState.PROPOSED, ChangeKind.PROPOSAL)
    assert _level(world, "hand_on_shoulder") == "yes"  # nothing changes until everyone accepts

    accept(world, world.alice, revision)
    assert state_of(revision) == RevisionState.PROPOSED
    accept(world, world.bea, revision)
    assert state_of(revision) == RevisionState.AGREED
    assert (_level(world, "hand_on_shoulder"), _level(world, "hug")) == ("no", "yes")


def test_lowering_a_level_while_changing_the_stop_signal_needs_everyone(world: World, agreed: Any) -> None:
    revision = propose(world, world.dana, "touch_consent",
                       {**AGREED, "hand_on_shoulder": "no", "stop_signal": "Hand up"}, 1)
    assert revision.state == RevisionState.PROPOSED
    assert _level(world, "hand_on_shoulder") == "yes"


def test_nothing_can_be_narrowed_before_anything_is_agreed(world: World) -> None:
    message = {"__all__": ["No touch agreement is in force, so no touch is offered."]}
    assert _refused(lambda: narrow(world, world.dana, {"hug": "no"})) == message
    propose(world, world.alice, "touch_consent", AGREED, None)
    assert _refused(lambda: narrow(world, world.dana, {"hand_on_shoulder": "no"})) == message


def test_a_first_proposal_is_never_in_force_at_once(world: World) -> None:
    revision = propose(world, world.dana, "touch_consent", touch(), None)  # everything "no"
    assert (revision.state, revision.change) == (RevisionState.PROPOSED, ChangeKind.PROPOSAL)


def test_only_consent_kinds_can_be_narrowed(world: World) -> None:
    agree(world, "transport", transport())
    with pytest.raises(Http404):
        narrow(world, world.dana, {"driver": "no"}, kind="transport")
    with pytest.raises(Http404):
        narrow(world, world.eve, {"hug": "no"})  # eve has no relation to dana's engagement


def test_a_supervisor_cannot_narrow(world: World, agreed: Any) -> None:
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Monthly case review with Alice")
    with pytest.raises(NotAllowed):
        narrow(world, world.gus, {"hand_on_shoulder": "no"})
    assert _level(world, "hand_on_shoulder") == "yes"


def test_a_closed_engagement_keeps_its_consent_as_it_is(world: World, agreed: Any) -> None:
    care.phase_transition(actor=world.alice, access=access(world.alice, world.engagement), to_phase="closed",
                          reason="Moved away")
    assert "__all__" in _refused(lambda: narrow(world, world.dana, {"hand_on_shoulder": "no"}))


def test_the_next_proposal_builds_on_the_narrowing(world: World, agreed: Any) -> None:
    narrow(world, world.dana, {"hand_on_shoulder": "no"})
    restore = propose(world, world.alice, "touch_consent", {**AGREED, "hand_on_shoulder": "ask_first"}, 2)
    assert (restore.number, restore.state) == (3, RevisionState.PROPOSED)  # widening again needs everyone


BASE = touch(hand_on_shoulder="yes", hug="ask_first")


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ({**BASE, "hug": "no"}, True),
        ({**BASE, "hand_on_shoulder": "ask_first"}, True),
        ({**BASE, "hand_on_shoulder": "no", "hug": "no"}, True),
        (BASE, False),  # nothing lowered
        ({**BASE, "hug": "yes"}, False),  # widened
        ({**BASE, "hand_on_shoulder": "no", "hug": "yes"}, False),  # one lowered, one widened
        ({**BASE, "hug": "no", "notes": "Only above the waist"}, False),  # lowered, and something else changed
        ({**BASE, "hug": "no", "stop_signal": "Hand up"}, False),
        ({k: v for k, v in BASE.items() if k != "hug"}, True),  # an item left out reads as "no"
    ],
)
def test_narrows(new: dict[str, Any], expected: bool) -> None:
    assert narrows(TOUCH, BASE, new) is expected


def test_narrows_is_false_for_kinds_without_consent() -> None:
    assert narrows(KINDS["transport"], transport(), transport(driver="")) is False
