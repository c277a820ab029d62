"""Content and request bodies the agreements API refuses: the field is named and nothing is saved."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cocreate.agreements.models import Decision, Revision
from tests.api_helpers import Api, eng
from tests.conftest import World

TOUCH = {"hand_holding": "yes", "hug": "ask_first", "stop_signal": "Red card"}


def doc(world: World, kind: str = "intentions", rest: str = "") -> str:
    return eng(world.engagement.pk, f"/documents/{kind}{rest}")


def propose(api: Api, world: World, body: Any, kind: str = "intentions") -> Any:
    return api.post(doc(world, kind, "/revisions"), body)


@pytest.mark.parametrize(("kind", "content", "field"), [
    ("intentions", {"goals": [{"words": "   "}]}, "goals.0.words"),
    ("intentions", {"goals": [{"words": "Sleep"}], "mood": "calm"}, "mood"),
    ("intentions", {"goals": [{"words": "Sleep", "colour": "red"}]}, "goals.0.colour"),
    ("intentions", {"goals": [{"words": "Sleep", "status": "done"}]}, "goals.0.status"),
    ("intentions", {"goals": [{"words": "Sle\x00ep"}]}, "goals.0.words"),
    ("intentions", {"goals": [{"words": "x" * 4001}]}, "goals.0.words"),
    ("intentions", {"goals": [{"words": f"Goal {n}"} for n in range(300)]}, "goals"),
    ("intentions", {"goals": "Sleep"}, "goals"),
    ("intentions", {}, "__all__"),
    ("touch_consent", {**TOUCH, "hug": "always"}, "hug"),
    ("touch_consent", {"hug": "yes"}, "stop_signal"),
    ("modality", {"modalities": [{"modality": "made-up", "reason": "Because"}]}, "modalities.0.modality"),
    ("transport", {"driver": "Sam", "pickup": ["18:00"]}, "pickup"),
])
def test_content_the_kind_cannot_hold_is_400_naming_the_path(world: World, kind: str, content: Any,
                                                             field: str) -> None:
    response = propose(Api.as_user(world.dana), world, {"based_on": None, "content": content}, kind)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert response.json()["detail"]
    assert not Revision.objects.exists()


def test_an_intention_for_a_session_that_is_not_a_medicine_session_is_refused(world: World) -> None:
    content = {"session_intentions": [{"session_id": world.session.pk, "intention": "Be open"}]}  # preparation
    response = propose(Api.as_user(world.dana), world, {"based_on": None, "content": content})
    assert response.status_code == 400
    assert "session_intentions.0.session_id" in response.json()["errors"]
    assert not Revision.objects.exists()


@pytest.mark.parametrize("content", [["Sleep"], "Sleep", 42, None, True])
def test_content_that_is_not_an_object_is_422(world: World, content: Any) -> None:
    response = propose(Api.as_user(world.dana), world, {"based_on": None, "content": content})
    assert response.status_code == 422
    assert "content" in response.json()["errors"]
    assert not Revision.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"content": {"goals": [{"words": "Sleep"}]}}, "based_on"),
    ({"based_on": None}, "content"),
    ({"based_on": 0, "content": {"goals": [{"words": "Sleep"}]}}, "based_on"),
    ({"based_on": "one", "content": {"goals": [{"words": "Sleep"}]}}, "based_on"),
    ({"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "note": "n" * 2001}, "note"),
    ({"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "note": "a\x00b"}, "note"),
    ({"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "author_id": 1}, "author_id"),
    ({"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "side": "care_team"}, "side"),
])
def test_a_misshapen_proposal_is_422_naming_the_field(world: World, body: dict[str, Any], field: str) -> None:
    response = propose(Api.as_user(world.dana), world, body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Revision.objects.exists()


@pytest.mark.parametrize("payload", ["{not json", "[]", '"text"', "", "null"])
def test_an_unreadable_body_is_a_4xx_json_error(world: World, payload: str) -> None:
    response = Api.as_user(world.dana).post(doc(world, rest="/revisions"), raw=payload)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert not Revision.objects.exists()


def test_the_longest_note_and_comment_are_kept_whole(world: World) -> None:
    response = propose(Api.as_user(world.dana), world,
                       {"based_on": None, "content": {"goals": [{"words": "Sleep"}]}, "note": "n" * 2000})
    assert response.status_code == 201
    assert len(response.json()["note"]) == 2000
    response = Api.as_user(world.alice).post(doc(world, rest="/revisions/1/decline"), {"comment": "c" * 2000})
    assert response.status_code == 200
    assert len(Decision.objects.get(party=world.alice).comment) == 2000


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_a_decision_is_always_the_callers_own(world: World, verb: str) -> None:
    """Naming another party is refused, never taken as that party's decision."""
    propose(Api.as_user(world.dana), world, {"based_on": None, "content": {"goals": [{"words": "Sleep"}]}})
    alice = Api.as_user(world.alice)
    for body in ({"party": world.bea.pk, "comment": "On Bea's behalf"}, {"party_id": world.bea.pk, "comment": "x"},
                 {"verdict": "accept", "comment": "x"}):
        response = alice.post(doc(world, rest=f"/revisions/1/{verb}"), body)
        assert response.status_code == 422, body
        assert set(body) - {"comment"} <= set(response.json()["errors"])
    response = alice.post(doc(world, rest=f"/revisions/1/{verb}"), {"comment": "c" * 2001})
    assert response.status_code == 422
    assert "comment" in response.json()["errors"]
    assert list(Decision.objects.values_list("party__name", flat=True)) == ["Dana"]
    assert Revision.objects.get().state == "proposed"


def test_a_narrowing_with_unknown_fields_or_oversized_items_is_422(world: World) -> None:
    dana = Api.as_user(world.dana)
    path = doc(world, "touch_consent", "/narrow")
    for body, field in (({"changes": {"hug": "no"}, "party": world.alice.pk}, "party"),
                        ({"changes": {"hug" * 20: "no"}}, "changes"),
                        ({"changes": {"hug": "no" * 11}}, "changes.hug"),
                        ({"changes": {f"item{n}": "no" for n in range(21)}}, "changes"),
                        ({"note": "x"}, "changes")):
        response = dana.post(path, body)
        assert response.status_code == 422, body
        assert any(key.startswith(field) for key in response.json()["errors"]), (body, response.json())
    assert not Revision.objects.exists()


def test_errors_are_json_with_detail_and_errors(world: World) -> None:
    response = Api.as_user(world.dana).post(doc(world, rest="/revisions"),
                                            raw=json.dumps({"based_on": None, "content": {"goals": []}}))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) >= {"detail", "errors"}
