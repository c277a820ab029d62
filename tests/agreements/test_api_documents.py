"""The documents through the API: the kinds an engagement has, their schema, narrowing touch consent, transport
deviations and the co-authorship balance."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.agreements.models import Deviation, Revision
from cocreate.inbox.models import Notice, NoticeKind
from tests.api_helpers import Api, eng
from tests.conftest import World

TOUCH = {"hand_holding": "yes", "hand_on_shoulder": "yes", "hug": "ask_first", "stop_signal": "Red card"}


def doc(world: World, kind: str, rest: str = "") -> str:
    return eng(world.engagement.pk, f"/documents/{kind}{rest}")


def propose(api: Api, world: World, kind: str, content: Any, based_on: int | None = None) -> Any:
    return api.post(doc(world, kind, "/revisions"), {"based_on": based_on, "content": content})


def accept(api: Api, world: World, kind: str, number: int) -> None:
    assert api.post(doc(world, kind, f"/revisions/{number}/accept"), {}).status_code == 200


def touch_agreed(world: World) -> None:
    """dana proposes touch consent #1; alice and bea accept it."""
    assert propose(Api.as_user(world.dana), world, "touch_consent", TOUCH).status_code == 201
    accept(Api.as_user(world.alice), world, "touch_consent", 1)
    accept(Api.as_user(world.bea), world, "touch_consent", 1)


def narrow(api: Api, world: World, changes: Any, kind: str = "touch_consent") -> Any:
    return api.post(doc(world, kind, "/narrow"), {"changes": changes, "note": "Not today"})


def test_each_engagement_lists_the_kinds_of_its_kind(world: World) -> None:
    rows = Api.as_user(world.dana).get(eng(world.engagement.pk, "/documents"))
    assert rows.status_code == 200
    assert [r["kind"] for r in rows.json()] == [
        "intentions", "modality", "setting", "touch_consent", "safety", "transport", "integration_plan",
        "closing_summary", "fee"]
    touch = next(r for r in rows.json() if r["kind"] == "touch_consent")
    assert (touch["label"], touch["consent"], touch["whole_team"]) == ("Touch consent", True, True)
    assert "hand_on_shoulder" in touch["consent_items"]
    assert (touch["agreed_number"], touch["agreed_at"], touch["pending"]) == (None, None, 0)
    assert "narrow consent" in touch["description"]
    eves = Api.as_user(world.carl).get(eng(world.eve_engagement.pk, "/documents")).json()
    assert [r["kind"] for r in eves] == [
        "intentions", "modality", "safety", "integration_plan", "closing_summary", "fee"]


def test_schema_describes_the_content_of_a_kind(world: World) -> None:
    response = Api.as_user(world.alice).get(doc(world, "touch_consent", "/schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["type"] == "object"
    assert schema["required"] == ["stop_signal"]
    assert schema["additionalProperties"] is False
    assert {"hand_holding", "hand_on_shoulder", "hug", "stop_signal"} <= set(schema["properties"])
    carl = Api.as_user(world.carl)
    assert carl.get(eng(world.eve_engagement.pk, "/documents/touch_consent/schema")).status_code == 404
    assert carl.get(eng(world.eve_engagement.pk, "/documents/intentions/schema")).status_code == 200


def test_client_narrows_consent_alone_and_it_is_in_force_at_once(world: World) -> None:
    touch_agreed(world)
    widening = propose(Api.as_user(world.bea), world, "touch_consent", {**TOUCH, "hug": "yes"}, based_on=1)
    assert widening.status_code == 201

    response = narrow(Api.as_user(world.dana), world, {"hand_on_shoulder": "no"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["state"], body["change"], body["based_on"]) == (3, "agreed", "narrowing", 1)
    assert [(c["path"], c["before"], c["after"]) for c in body["changes"]] == [("hand_on_shoulder", "Yes", "No")]

    view = Api.as_user(world.alice).get(doc(world, "touch_consent")).json()
    assert view["in_force"]["number"] == 3
    assert view["in_force"]["content"]["hand_on_shoulder"] == "no"
    assert view["in_force"]["content"]["hug"] == "ask_first"  # the pending widening did not come in with it
    assert view["pending"] == []
    superseded = Api.as_user(world.alice).get(doc(world, "touch_consent", "/revisions/2")).json()
    assert (superseded["state"], superseded["superseded_by"]) == ("superseded", 3)
    told = Notice.objects.filter(kind=NoticeKind.CONSENT_NARROWED, engagement=world.engagement)
    assert set(told.values_list("recipient__name", flat=True)) == {"Alice", "Bea"}


def test_a_proposal_that_only_narrows_is_in_force_at_once(world: World) -> None:
    touch_agreed(world)
    response = propose(Api.as_user(world.alice), world, "touch_consent", {**TOUCH, "hand_holding": "ask_first"},
                       based_on=1)
    assert response.status_code == 201
    assert (response.json()["state"], response.json()["change"]) == ("agreed", "narrowing")


def test_narrowing_cannot_widen_or_name_what_is_not_consent(world: World) -> None:
    touch_agreed(world)
    dana = Api.as_user(world.dana)
    for changes, field in (({"hug": "yes"}, "hug"), ({"kiss": "no"}, "kiss"), ({"hug": "maybe"}, "hug"),
                           ({}, "changes"), ({"stop_signal": "no"}, "stop_signal")):
        response = narrow(dana, world, changes)
        assert response.status_code == 400, changes
        assert field in response.json()["errors"], changes
    assert narrow(dana, world, {"hug": "ask_first"}).status_code == 400  # already the level in force
    assert narrow(dana, world, ["hug"]).status_code == 422
    assert Revision.objects.count() == 1


def test_narrowing_needs_an_agreement_and_a_consent_kind(world: World) -> None:
    dana = Api.as_user(world.dana)
    response = narrow(dana, world, {"hug": "no"})
    assert response.status_code == 400
    assert "no touch is offered" in response.json()["detail"]
    assert narrow(dana, world, {"goals": "no"}, kind="intentions").status_code == 404
    carl = Api.as_user(world.carl)
    response = carl.post(eng(world.eve_engagement.pk, "/documents/touch_consent/narrow"), {"changes": {"hug": "no"}})
    assert response.status_code == 404
    assert not Revision.objects.exists()


def test_deviations_from_the_transport_plan_are_recorded_and_listed(world: World) -> None:
    assert propose(Api.as_user(world.dana), world, "transport",
                   {"driver": "Sam", "pickup": "18:00 at the door"}).status_code == 201
    when = timezone.now() - timedelta(hours=2)
    response = Api.as_user(world.alice).post(doc(world, "transport", "/deviations"), {
        "occurred_at": when.isoformat(), "description": "  Sam came at 19:00; Dana waited with Bea.  "})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == {"id": world.alice.pk, "name": "Alice"}
    assert body["description"] == "Sam came at 19:00; Dana waited with Bea."
    view = Api.as_user(world.dana).get(doc(world, "transport")).json()
    assert [d["description"] for d in view["deviations"]] == ["Sam came at 19:00; Dana waited with Bea."]
    assert view["pending"][0]["number"] == 1  # the plan itself is untouched
    told = Notice.objects.filter(kind=NoticeKind.DEVIATION_RECORDED)
    assert set(told.values_list("recipient__name", flat=True)) == {"Bea", "Dana"}


def test_deviations_are_for_transport_and_for_what_happened(world: World) -> None:
    alice = Api.as_user(world.alice)
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert alice.post(doc(world, "intentions", "/deviations"),
                      {"occurred_at": past, "description": "x"}).status_code == 404
    for body, status, field in (
        ({"occurred_at": (timezone.now() + timedelta(days=1)).isoformat(), "description": "Later"}, 400,
         "occurred_at"),
        ({"occurred_at": "2026-01-01T10:00:00", "description": "No zone"}, 422, "occurred_at"),
        ({"occurred_at": 1767261600, "description": "A bare number"}, 422, "occurred_at"),
        ({"occurred_at": past, "description": "   "}, 400, "description"),
        ({"occurred_at": past, "description": "x" * 2001}, 422, "description"),
        ({"occurred_at": past, "description": "a\x00b"}, 422, "description"),
    ):
        response = alice.post(doc(world, "transport", "/deviations"), body)
        assert response.status_code == status, body
        assert field in response.json()["errors"], body
    assert not Deviation.objects.exists()


def test_co_authorship_counts_proposals_and_who_wrote_the_agreements(world: World) -> None:
    alice, bea, dana = Api.as_user(world.alice), Api.as_user(world.bea), Api.as_user(world.dana)
    two = {"goals": [{"words": "Sleep"}, {"words": "Walk"}]}
    assert propose(dana, world, "intentions", two).status_code == 201
    three = {"goals": [*two["goals"], {"words": "Call my sister"}]}
    assert propose(alice, world, "intentions", three, based_on=1).status_code == 201
    accept(dana, world, "intentions", 2)
    accept(bea, world, "intentions", 2)
    assert propose(dana, world, "transport", {"driver": "Sam", "pickup": "18:00"}).status_code == 201
    accept(alice, world, "transport", 1)

    response = dana.get(eng(world.engagement.pk, "/co-authorship"))
    assert response.status_code == 200
    body = response.json()
    # Dana wrote both goals she proposed (words and status) and the transport plan; the team wrote one goal.
    assert (body["client_proposals"], body["team_proposals"]) == (2, 1)
    assert (body["client_fields"], body["team_fields"]) == (6, 2)
    assert (body["client_proposal_share"], body["client_field_share"]) == (67, 75)
    month = f"{timezone.localtime():%Y-%m}"
    assert body["timeline"] == [
        {"month": month, "proposals": 3, "client_proposal_share": 67, "client_field_share": 75}]
    assert alice.get(eng(world.engagement.pk, "/co-authorship")).json() == body


def test_co_authorship_of_an_engagement_without_documents(world: World) -> None:
    body = Api.as_user(world.carl).get(eng(world.eve_engagement.pk, "/co-authorship")).json()
    assert body == {"client_proposals": 0, "team_proposals": 0, "client_fields": 0, "team_fields": 0,
                    "client_proposal_share": None, "client_field_share": None, "timeline": []}
