"""Revisions through the API: propose, amend, accept, decline, withdraw, conflicts, history and differences."""

from __future__ import annotations

from typing import Any

from cocreate.agreements.models import Decision, Revision
from cocreate.inbox.models import Notice, NoticeKind
from tests.api_helpers import Api, eng
from tests.conftest import World

SLEEP = {"goals": [{"words": "Sleep through the night"}]}
SLEEP_AMENDED = {"goals": [{"words": "Sleep through the night", "why": "To have energy for my children"}]}


def doc(world: World, rest: str = "", kind: str = "intentions") -> str:
    return eng(world.engagement.pk, f"/documents/{kind}{rest}")


def propose(api: Api, world: World, content: Any, based_on: int | None = None, note: str = "") -> Any:
    return api.post(doc(world, "/revisions"), {"based_on": based_on, "content": content, "note": note})


def decide(api: Api, world: World, number: int, verb: str, comment: str = "") -> Any:
    return api.post(doc(world, f"/revisions/{number}/{verb}"), {"comment": comment} if verb != "withdraw" else None)


def agreed_after_amendment(world: World) -> tuple[Api, Api, Api]:
    """dana proposes #1, alice amends it as #2, dana and bea accept #2."""
    alice, bea, dana = Api.as_user(world.alice), Api.as_user(world.bea), Api.as_user(world.dana)
    assert propose(dana, world, SLEEP).status_code == 201
    assert propose(alice, world, SLEEP_AMENDED, based_on=1, note="Added why").status_code == 201
    assert decide(dana, world, 2, "accept").status_code == 200
    assert decide(bea, world, 2, "accept", "Good").status_code == 200
    return alice, bea, dana


def test_first_proposal_is_revision_one_awaiting_the_others(world: World) -> None:
    response = propose(Api.as_user(world.dana), world, SLEEP, note="My first goal")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["state"], body["change"], body["side"]) == (1, "proposed", "proposal", "client")
    assert body["author"] == {"id": world.dana.pk, "name": "Dana"}
    assert (body["based_on"], body["superseded_by"], body["note"]) == (None, None, "My first goal")
    assert body["content"]["goals"][0]["words"] == "Sleep through the night"
    assert [(d["party"]["id"], d["verdict"]) for d in body["decisions"]] == [(world.dana.pk, "accept")]
    assert [c["path"] for c in body["changes"]] == ["goals.0.words", "goals.0.status"]

    view = Api.as_user(world.alice).get(doc(world)).json()
    assert (view["in_force"], view["latest_number"]) == (None, 1)
    [pending] = view["pending"]
    assert pending["number"] == 1
    assert {p["id"] for p in pending["awaiting"]} == {world.alice.pk, world.bea.pk}  # intentions need the whole team
    assert (pending["any_of_team"], pending["mine"], pending["may_decide"]) == (False, False, True)


def test_amended_proposal_agreed_by_everyone_supersedes_the_first(world: World) -> None:
    alice, _bea, dana = agreed_after_amendment(world)

    view = dana.get(doc(world)).json()
    assert view["in_force"]["number"] == 2
    assert view["in_force"]["state"] == "agreed"
    assert view["in_force"]["settled_at"]
    assert view["in_force"]["content"]["goals"][0]["why"] == "To have energy for my children"
    assert (view["pending"], view["latest_number"]) == ([], 2)

    history = alice.get(doc(world, "/revisions"))
    assert history.status_code == 200
    second, first = history.json()
    assert (second["number"], second["state"], second["author"]["name"], second["side"]) == (2, "agreed", "Alice",
                                                                                              "care_team")
    assert (second["based_on"], second["note"]) == (1, "Added why")
    assert [(d["party"]["name"], d["side"], d["verdict"], d["comment"]) for d in second["decisions"]] == [
        ("Alice", "care_team", "accept", ""), ("Dana", "client", "accept", ""), ("Bea", "care_team", "accept", "Good")]
    assert (first["number"], first["state"], first["author"]["name"], first["superseded_by"]) == (1, "superseded",
                                                                                                  "Dana", 2)
    assert [c["path"] for c in second["changes"]] == ["goals.0.why"]

    diff = alice.get(doc(world, "/revisions/2/diff"))
    assert diff.status_code == 200
    assert diff.json() == {"number": 2, "against": 1, "changes": [{
        "path": "goals.0.why", "label": "Goals 1 · Why it matters", "before": "",
        "after": "To have energy for my children", "kind": "added"}]}

    overview = {row["kind"]: row for row in dana.get(eng(world.engagement.pk, "/documents")).json()}
    assert (overview["intentions"]["agreed_number"], overview["intentions"]["pending"]) == (2, 0)
    assert overview["intentions"]["agreed_at"]


def test_one_revision_and_a_diff_against_any_other(world: World) -> None:
    agreed_after_amendment(world)
    dana = Api.as_user(world.dana)
    propose(dana, world, {"goals": [{"words": "Sleep well"}]}, based_on=2)
    one = dana.get(doc(world, "/revisions/1")).json()
    assert (one["number"], one["state"], one["superseded_by"]) == (1, "superseded", 2)
    diff = dana.get(doc(world, "/revisions/3/diff?against=1")).json()
    assert (diff["number"], diff["against"]) == (3, 1)
    assert [(c["path"], c["before"], c["after"]) for c in diff["changes"]] == [
        ("goals.0.words", "Sleep through the night", "Sleep well")]
    assert dana.get(doc(world, "/revisions/3/diff?against=9")).status_code == 404
    assert dana.get(doc(world, "/revisions/9/diff")).status_code == 404
    assert dana.get(doc(world, "/revisions/9")).status_code == 404


def test_history_pages_back_with_before_and_limit(world: World) -> None:
    apis = [Api.as_user(world.dana), Api.as_user(world.alice)]
    for n in range(1, 6):
        response = propose(apis[n % 2], world, {"goals": [{"words": f"Goal {n}"}]}, based_on=n - 1 or None)
        assert response.status_code == 201, response.content
    dana = apis[0]
    assert [r["number"] for r in dana.get(doc(world, "/revisions?limit=2")).json()] == [5, 4]
    assert [r["number"] for r in dana.get(doc(world, "/revisions?before=4&limit=2")).json()] == [3, 2]
    assert [r["number"] for r in dana.get(doc(world, "/revisions?before=2")).json()] == [1]
    assert [r["number"] for r in dana.get(doc(world, "/revisions")).json()] == [5, 4, 3, 2, 1]
    for query in ("limit=101", "limit=0", "before=0", "limit=many"):
        response = dana.get(doc(world, f"/revisions?{query}"))
        assert response.status_code == 422, query
        assert query.split("=")[0] in response.json()["errors"]


def test_a_stale_base_is_a_conflict_naming_the_latest_and_what_changed(world: World) -> None:
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    propose(dana, world, SLEEP)
    propose(alice, world, SLEEP_AMENDED, based_on=1)
    response = propose(Api.as_user(world.bea), world, {"goals": [{"words": "Walk daily"}]}, based_on=1)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["detail"]
    assert (body["latest"]["number"], body["latest"]["author"]["name"]) == (2, "Alice")
    assert [(c["path"], c["after"]) for c in body["changes"]] == [("goals.0.why", "To have energy for my children")]
    assert Revision.objects.count() == 2
    first = propose(Api.as_user(world.bea), world, {"goals": [{"words": "Walk daily"}]}, based_on=None)
    assert first.status_code == 409
    assert first.json()["latest"]["number"] == 2
    assert [c["path"] for c in first.json()["changes"]] == ["goals.0.words", "goals.0.why", "goals.0.status"]


def test_a_base_on_an_empty_document_is_refused(world: World) -> None:
    response = propose(Api.as_user(world.dana), world, SLEEP, based_on=3)
    assert response.status_code == 400
    assert "based_on" in response.json()["errors"]
    assert not Revision.objects.exists()


def test_proposing_what_is_already_proposed_is_refused(world: World) -> None:
    propose(Api.as_user(world.dana), world, SLEEP)
    response = propose(Api.as_user(world.alice), world, SLEEP, based_on=1)
    assert response.status_code == 400
    assert "Nothing changed" in response.json()["detail"]
    assert Revision.objects.count() == 1


def test_accepting_twice_is_refused(world: World) -> None:
    dana = Api.as_user(world.dana)
    propose(dana, world, SLEEP)
    assert decide(dana, world, 1, "accept").status_code == 400  # proposing is accepting
    alice = Api.as_user(world.alice)
    assert decide(alice, world, 1, "accept").status_code == 200
    response = decide(alice, world, 1, "accept")
    assert response.status_code == 400
    assert "already decided" in response.json()["detail"]
    assert Decision.objects.filter(party=world.alice).count() == 1


def test_superseded_and_declined_revisions_can_no_longer_be_accepted(world: World) -> None:
    agreed_after_amendment(world)
    response = decide(Api.as_user(world.bea), world, 1, "accept")
    assert response.status_code == 400
    assert "superseded" in response.json()["detail"]

    dana = Api.as_user(world.dana)
    propose(dana, world, {"goals": [{"words": "Sleep well"}]}, based_on=2)
    declined = decide(Api.as_user(world.alice), world, 3, "decline", "Let us keep the words from before")
    assert declined.status_code == 200
    assert declined.json()["state"] == "declined"
    assert declined.json()["decisions"][-1]["comment"] == "Let us keep the words from before"
    response = decide(Api.as_user(world.bea), world, 3, "accept")
    assert response.status_code == 400
    assert "declined" in response.json()["detail"]
    assert dana.get(doc(world)).json()["in_force"]["number"] == 2


def test_decline_needs_a_comment(world: World) -> None:
    propose(Api.as_user(world.dana), world, SLEEP)
    alice = Api.as_user(world.alice)
    for body in ({}, {"comment": ""}, {"comment": "   "}):
        response = alice.post(doc(world, "/revisions/1/decline"), body)
        assert response.status_code == 400, body
        assert "comment" in response.json()["errors"]
    assert Revision.objects.get().state == "proposed"
    assert not Decision.objects.filter(party=world.alice).exists()


def test_only_the_author_withdraws(world: World) -> None:
    propose(Api.as_user(world.dana), world, SLEEP)
    response = decide(Api.as_user(world.alice), world, 1, "withdraw")
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert Revision.objects.get().state == "proposed"
    withdrawn = decide(Api.as_user(world.dana), world, 1, "withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "withdrawn"
    assert decide(Api.as_user(world.dana), world, 1, "withdraw").status_code == 400


def test_the_others_are_told_of_a_proposal_and_of_the_agreement(world: World) -> None:
    propose(Api.as_user(world.dana), world, SLEEP)
    awaits = Notice.objects.filter(kind=NoticeKind.PROPOSAL_AWAITS, engagement=world.engagement)
    assert set(awaits.values_list("recipient__name", flat=True)) == {"Alice", "Bea"}
    assert "Sleep" not in " ".join(awaits.values_list("title", flat=True))  # a notice never carries the content
    decide(Api.as_user(world.alice), world, 1, "accept")
    decide(Api.as_user(world.bea), world, 1, "accept")
    agreed = Notice.objects.filter(kind=NoticeKind.PROPOSAL_AGREED)
    assert set(agreed.values_list("recipient__name", flat=True)) == {"Alice", "Dana"}  # not bea, who acted
