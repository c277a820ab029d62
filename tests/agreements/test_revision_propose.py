"""Proposing a revision: numbering on the latest, conflicts on a stale base, validation, and who may propose."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access.policy import NotAllowed, ReasonRequired
from cocreate.access.services import supervision_access_start
from cocreate.accounts.models import User
from cocreate.agreements.models import ChangeKind, Decision, Revision, RevisionState, Side, Verdict
from cocreate.agreements.services import RevisionConflict, revision_withdraw
from cocreate.care import services as care
from cocreate.care.models import Engagement, Kind, SessionKind
from cocreate.inbox.models import NoticeKind
from cocreate.library import services as library_services
from tests.agreements.helpers import (
    access,
    agree,
    intentions,
    library_modality,
    modalities,
    notices_to,
    propose,
    rows,
    touch,
    transport,
)
from tests.conftest import World


def _refused(world: World, content: Any, kind: str = "intentions", based_on: int | None = None,
             note: str = "") -> dict[str, list[str]]:
    """Propose as dana, expecting a refusal that writes nothing; the errors by key."""
    before = rows()
    with pytest.raises(ValidationError) as caught:
        propose(world, world.dana, kind, content, based_on, note=note)
    assert rows() == before
    return caught.value.message_dict


def _medicine_session(engagement: Engagement, actor: User) -> int:
    session = care.session_schedule(actor=actor, access=access(actor, engagement), kind=SessionKind.MEDICINE,
                                    starts_at=timezone.now() + timedelta(days=9), duration_minutes=360)
    return session.pk


def test_the_first_proposal_is_revision_one_with_the_authors_acceptance(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Sleep through the night"), None)

    assert (revision.number, revision.based_on, revision.state) == (1, None, RevisionState.PROPOSED)
    assert (revision.author, revision.side, revision.change) == (world.dana, Side.CLIENT, ChangeKind.PROPOSAL)
    assert revision.content == {"goals": [{"words": "Sleep through the night", "why": "", "noticing": "",
                                           "status": "open"}], "session_intentions": []}
    assert [(d.party, d.side, d.verdict) for d in Decision.objects.filter(revision=revision)] == [
        (world.dana, Side.CLIENT, Verdict.ACCEPT)]


def test_a_proposal_tells_the_care_team_and_not_its_author(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Sleep"), None)
    assert [n.kind for n in notices_to(world.alice)] == [NoticeKind.PROPOSAL_AWAITS]
    assert [n.kind for n in notices_to(world.bea)] == [NoticeKind.PROPOSAL_AWAITS]
    assert notices_to(world.dana) == []
    assert notices_to(world.carl) == []
    assert "Sleep" not in notices_to(world.alice)[0].title  # a notice names what happened, not the content


def test_the_next_proposal_names_the_latest_revision(world: World) -> None:
    first = propose(world, world.dana, "intentions", intentions("Sleep"), None)
    second = propose(world, world.alice, "intentions", intentions("Sleep", why="Rest heals"), 1)
    third = propose(world, world.dana, "intentions", intentions("Sleep well"), 2)

    assert [(r.number, r.based_on_id) for r in (first, second, third)] == [(1, None), (2, first.pk), (3, second.pk)]
    assert second.side == Side.CARE_TEAM
    assert set(Revision.objects.values_list("state", flat=True)) == {RevisionState.PROPOSED}


def test_a_stale_base_is_refused_with_the_latest_revision_and_what_changed(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Sleep", why="Tired"), None)
    propose(world, world.alice, "intentions", intentions("Sleep well", why=""), 1)
    before = rows()

    with pytest.raises(RevisionConflict) as caught:
        propose(world, world.bea, "intentions", intentions("Sleep", why="Tired"), 1)

    assert rows() == before
    conflict = caught.value
    assert (conflict.latest.number, conflict.latest.author) == (2, world.alice)
    assert conflict.base is not None and conflict.base.number == 1
    assert [(c.path, c.kind, c.before, c.after) for c in conflict.changes] == [
        ("goals.0.words", "changed", "Sleep", "Sleep well"), ("goals.0.why", "removed", "Tired", "")]


def test_proposing_without_a_base_once_revisions_exist_is_a_conflict(world: World) -> None:
    propose(world, world.dana, "transport", transport(), None)
    with pytest.raises(RevisionConflict) as caught:
        propose(world, world.alice, "transport", transport(driver="Kim"), None)
    assert caught.value.base is None
    assert {c.path for c in caught.value.changes} == {"driver", "pickup"}
    assert all(c.kind == "added" for c in caught.value.changes)


def test_a_base_on_a_document_without_revisions_is_refused(world: World) -> None:
    assert _refused(world, transport(), "transport", based_on=3) == {
        "based_on": ["This document has no revision yet; propose without a base."]}


def test_a_base_that_never_existed_is_a_conflict(world: World) -> None:
    propose(world, world.dana, "transport", transport(), None)
    with pytest.raises(RevisionConflict) as caught:
        propose(world, world.dana, "transport", transport(driver="Kim"), 7)
    assert (caught.value.latest.number, caught.value.base) == (1, None)


def test_proposing_what_is_already_proposed_is_refused(world: World) -> None:
    propose(world, world.dana, "transport", transport(), None)
    errors = _refused(world, transport(), "transport", based_on=1)
    assert errors == {"__all__": ["Nothing changed: this is already agreed or proposed."]}


def test_proposing_what_is_already_agreed_is_refused(world: World) -> None:
    agree(world, "transport", transport())
    assert "__all__" in _refused(world, {**transport(), "notes": "  "}, "transport", based_on=1)


def test_what_was_withdrawn_may_be_proposed_again(world: World) -> None:
    first = propose(world, world.dana, "transport", transport(), None)
    revision_withdraw(actor=world.dana, access=access(world.dana, world.engagement), revision=first)
    assert propose(world, world.dana, "transport", transport(), 1).number == 2


@pytest.mark.parametrize(
    ("kind", "content", "expected"),
    [
        ("intentions", {"goals": [{"words": "  "}]}, {"goals.0.words": ["Fill this in."]}),
        ("intentions", {"goals": [], "session_intentions": []},
         {"__all__": ["Write at least one goal or intention."]}),
        ("intentions", {"goals": [{"words": "ok", "mood": "x"}]},
         {"goals.0.mood": ["This field is not part of the document."]}),
        ("touch_consent", {**touch(), "stop_signal": ""}, {"stop_signal": ["Fill this in."]}),
        ("touch_consent", {**touch(), "hug": "sometimes"}, {"hug": ["Choose one of the options."]}),
        ("transport", {"driver": "Sam\x00", "pickup": "6 pm"}, {"driver": ["Must not contain NUL characters."]}),
        ("transport", ["driver", "pickup"], {"content": ["Send the document's fields as an object."]}),
        ("safety", {"support_person_after": "Jo"},
         {"__all__": ["Write at least warning signs, what helps, a contact or a crisis line."]}),
    ],
)
def test_invalid_content_is_refused_by_path_and_writes_nothing(world: World, kind: str, content: Any,
                                                               expected: dict[str, list[str]]) -> None:
    assert _refused(world, content, kind) == expected


def test_a_note_is_checked_before_anything_is_written(world: World) -> None:
    assert "note" in _refused(world, intentions("Sleep"), note="x" * 2001)
    assert "note" in _refused(world, intentions("Sleep"), note="a\x00b")


def test_a_session_intention_must_name_a_medicine_session_of_this_engagement(world: World) -> None:
    other = care.engagement_create(actor=world.carl, practice=world.practice, client_id=world.eve.pk,
                                   kind=Kind.PSYCHEDELIC_ASSISTED)
    foreign = _medicine_session(other, world.carl)
    own = _medicine_session(world.engagement, world.alice)

    def intention(session_id: int | None) -> dict[str, Any]:
        return {"session_intentions": [{"session_id": session_id, "intention": "Meet the fear"}]}

    message = {"session_intentions.0.session_id": ["Choose one of this engagement's medicine sessions."]}
    assert _refused(world, intention(foreign)) == message
    assert _refused(world, intention(world.session.pk)) == message  # dana's own, but a preparation session
    revision = propose(world, world.dana, "intentions", intention(own), None)
    assert revision.content["session_intentions"] == [{"session_id": own, "intention": "Meet the fear"}]
    assert propose(world, world.dana, "intentions", intention(None), 1).number == 2


def test_a_cancelled_medicine_session_cannot_be_named(world: World) -> None:
    own = _medicine_session(world.engagement, world.alice)
    session = world.engagement.sessions.get(pk=own)
    care.session_cancel(actor=world.alice, access=access(world.alice, world.engagement), session=session,
                        reason="Moved")
    assert "session_intentions.0.session_id" in _refused(
        world, {"session_intentions": [{"session_id": own, "intention": "Rest"}]})


def test_a_modality_must_be_in_the_practices_library(world: World) -> None:
    library_modality(world, "ifs", "Internal Family Systems")
    assert _refused(world, modalities("emdr"), "modality") == {
        "modalities.0.modality": ["Choose a modality from the practice's library."]}
    assert propose(world, world.dana, "modality", modalities("ifs"), None).number == 1


def test_another_practices_modality_is_not_in_this_library(world: World) -> None:
    library_services.topic_create(actor=world.olga, practice=world.other_practice, kind="modality",
                                  title="Somatic experiencing", slug="somatic", summary="s", body="b")
    assert "modalities.0.modality" in _refused(world, modalities("somatic"), "modality")


def test_switching_modalities_needs_a_note(world: World) -> None:
    library_modality(world, "ifs", "Internal Family Systems")
    library_modality(world, "somatic", "Somatic experiencing")
    agree(world, "modality", modalities("ifs"))

    assert _refused(world, modalities("somatic"), "modality", based_on=1) == {
        "note": ["Say why the modality changes."]}
    switched = propose(world, world.alice, "modality", modalities("somatic"), 1, note="IFS felt too cognitive")
    assert (switched.number, switched.note) == (2, "IFS felt too cognitive")
    # Rewording a reason keeps the modality: no note needed.
    reworded = {"modalities": [{"modality": "ifs", "reason": "It helped with my inner critic"}]}
    assert propose(world, world.dana, "modality", reworded, 2).number == 3


def test_the_first_modality_plan_needs_no_note(world: World) -> None:
    library_modality(world, "ifs", "Internal Family Systems")
    assert propose(world, world.alice, "modality", modalities("ifs"), None).note == ""


def test_a_closed_engagement_refuses_proposals(world: World) -> None:
    propose(world, world.dana, "transport", transport(), None)
    care.phase_transition(actor=world.alice, access=access(world.alice, world.engagement), to_phase="closed",
                          reason="Moved away")
    errors = _refused(world, transport(driver="Kim"), "transport", based_on=1)
    assert errors == {"__all__": ["This engagement is closed; its agreements are kept as they are."]}


def test_a_supervisor_may_read_but_not_propose(world: World) -> None:
    with pytest.raises(ReasonRequired):
        access(world.gus, world.engagement)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Monthly case review with Alice")
    before = rows()
    with pytest.raises(NotAllowed):
        propose(world, world.gus, "intentions", intentions("Sleep"), None)
    assert rows() == before


@pytest.mark.parametrize("persona", ["carl", "fay", "olga", "oscar", "eve"])
def test_people_outside_the_engagement_cannot_reach_it(world: World, persona: str) -> None:
    with pytest.raises(Http404):
        propose(world, getattr(world, persona), "intentions", intentions("Sleep"), None)
    assert rows()["Revision"] == 0


def test_a_former_care_team_member_cannot_reach_it(world: World) -> None:
    care.care_team_remove(actor=world.alice, access=access(world.alice, world.engagement), facilitator_id=world.bea.pk)
    with pytest.raises(Http404):
        propose(world, world.bea, "intentions", intentions("Sleep"), None)


@pytest.mark.parametrize("kind", ["touch_consent", "setting", "transport", "no_such_kind", ""])
def test_kinds_outside_the_engagement_kind_are_not_found(world: World, kind: str) -> None:
    with pytest.raises(Http404):
        propose(world, world.eve, kind, touch(), None, engagement=world.eve_engagement)
    assert rows()["Revision"] == 0


def test_psychotherapy_engagements_have_their_own_kinds(world: World) -> None:
    revision = propose(world, world.eve, "intentions", intentions("Grieve"), None, engagement=world.eve_engagement)
    assert (revision.number, revision.document.engagement) == (1, world.eve_engagement)
    assert len(notices_to(world.carl, NoticeKind.PROPOSAL_AWAITS)) == 1
    assert notices_to(world.alice) == []
