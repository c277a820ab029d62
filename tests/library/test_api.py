"""The library through /api/v1: happy paths, who gets 403 or 404, and bad input refused with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.access.models import AccessEvent
from cocreate.library.models import QUESTION_MAX_LENGTH, TITLE_MAX_LENGTH, Question, Reply, Topic, TopicRead
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.library.conftest import topic

NEW = {"kind": "modality", "title": "Breathwork", "summary": "Working with the breath.", "body": "Paced breathing."}


def topics_path(world: World, other: bool = False) -> str:
    return f"/practices/{(world.other_practice if other else world.practice).pk}/library/topics"


def test_members_list_the_topics_and_a_client_sees_their_read_marks(library: World) -> None:
    Api.as_user(library.dana).post(f"/library/topics/{topic(library, 'mdma').pk}/read")
    for who in ("alice", "fay", "gus", "eve", "dana"):
        rows = Api.as_user(getattr(library, who)).get(topics_path(library)).json()
        assert len(rows) == 10
        assert [r["kind"] for r in rows[:6]] == ["modality"] * 6
        read = {r["slug"] for r in rows if r["read_at"]}
        assert read == ({"mdma"} if who == "dana" else set())


def test_another_practice_sees_neither_the_list_nor_a_topic(library: World) -> None:
    api = Api.as_user(library.oscar)
    mdma = topic(library, "mdma")
    assert api.get(topics_path(library)).status_code == 404
    assert api.post(topics_path(library), NEW).status_code == 404
    assert api.get(f"/library/topics/{mdma.pk}").status_code == 404
    assert api.patch(f"/library/topics/{mdma.pk}", {"summary": "x"}).status_code == 404
    assert api.post(f"/library/topics/{mdma.pk}/read").status_code == 404
    assert api.get(f"/library/topics/{topic(library, 'mdma', other=True).pk}").status_code == 200
    assert api.get("/library/topics/999999").json() == {"detail": "Not found."}


def test_staff_create_and_edit_topics(library: World) -> None:
    api = Api.as_user(library.carl)
    created = api.post(topics_path(library), NEW)
    assert created.status_code == 201
    body = created.json()
    assert (body["slug"], body["kind"], body["practice_id"]) == ("breathwork", "modality", library.practice.pk)
    patched = api.patch(f"/library/topics/{body['id']}", {"summary": "Breath, paced.", "updated": body["updated"]})
    assert patched.status_code == 200
    assert patched.json()["summary"] == "Breath, paced." and patched.json()["title"] == "Breathwork"
    stale = api.patch(f"/library/topics/{body['id']}", {"summary": "Old base", "updated": body["updated"]})
    assert stale.status_code == 400 and "Someone else saved" in stale.json()["detail"]
    assert Topic.objects.get(pk=body["id"]).summary == "Breath, paced."
    naive = api.patch(f"/library/topics/{body['id']}", {"summary": "x", "updated": "2030-01-01T10:00:00"})
    assert naive.status_code == 422 and "updated" in naive.json()["errors"]


@pytest.mark.parametrize("who", ["dana", "gus"])
def test_clients_and_supervisors_get_403_on_writes(library: World, who: str) -> None:
    api = Api.as_user(getattr(library, who))
    mdma = topic(library, "mdma")
    for response in (api.post(topics_path(library), NEW), api.patch(f"/library/topics/{mdma.pk}", {"risks": "x"})):
        assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert not Topic.objects.filter(slug="breathwork").exists()
    assert topic(library, "mdma").risks != "x"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({**NEW, "title": ""}, 400, "title"),
        ({**NEW, "title": "t" * (TITLE_MAX_LENGTH + 1)}, 422, "title"),
        ({**NEW, "body": "nul\x00"}, 422, "body"),
        ({**NEW, "kind": "substance"}, 400, "risks"),
        ({**NEW, "slug": "emdr"}, 400, "slug"),
        ({**NEW, "title": 7}, 422, "title"),
    ],
)
def test_bad_topic_input_names_the_field_and_saves_nothing(library: World, payload: dict[str, Any], status: int,
                                                          field: str) -> None:
    before = Topic.objects.count()
    response = Api.as_user(library.alice).post(topics_path(library), payload)
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert Topic.objects.count() == before


def test_patch_with_null_or_nul_is_refused(library: World) -> None:
    api, mdma = Api.as_user(library.alice), topic(library, "mdma")
    assert "risks" in api.patch(f"/library/topics/{mdma.pk}", {"risks": None}).json()["errors"]
    assert api.patch(f"/library/topics/{mdma.pk}", {"risks": "a\x00b"}).status_code == 422
    assert topic(library, "mdma").risks == mdma.risks


def test_mark_read_is_idempotent_and_only_for_clients(library: World) -> None:
    mdma = topic(library, "mdma")
    api = Api.as_user(library.dana)
    first = api.post(f"/library/topics/{mdma.pk}/read")
    assert first.status_code == 200 and first.json()["topic_id"] == mdma.pk
    assert api.post(f"/library/topics/{mdma.pk}/read").json() == first.json()
    assert Api.as_user(library.alice).post(f"/library/topics/{mdma.pk}/read").status_code == 403
    assert TopicRead.objects.count() == 1


def test_ask_list_and_reply_through_the_api(library: World) -> None:
    dana, alice = Api.as_user(library.dana), Api.as_user(library.alice)
    mdma = topic(library, "mdma")
    asked = dana.post(eng(library.engagement.pk, "/questions"), {"body": " Is it safe with my SSRI? ",
                                                                  "topic_id": mdma.pk})
    assert asked.status_code == 201
    q = asked.json()
    assert (q["body"], q["topic"]["slug"], q["author"]["name"], q["replies"]) == (
        "Is it safe with my SSRI?", "mdma", "Dana", [])
    reply = alice.post(eng(library.engagement.pk, f"/questions/{q['id']}/replies"), {"body": "Let us plan it."})
    assert reply.status_code == 201 and reply.json()["author"]["name"] == "Alice"
    listed = alice.get(eng(library.engagement.pk, "/questions")).json()
    assert [(r["id"], [x["body"] for x in r["replies"]]) for r in listed] == [(q["id"], ["Let us plan it."])]
    one = dana.get(eng(library.engagement.pk, f"/questions/{q['id']}")).json()
    assert one["replies"][0]["body"] == "Let us plan it."
    assert AccessEvent.objects.filter(what="questions", via="api", actor=library.alice).count() == 1
    assert not AccessEvent.objects.filter(actor=library.dana).exists()


@pytest.mark.parametrize("who", ["carl", "eve", "fay", "olga", "oscar"])
def test_outsiders_get_404_on_questions(library: World, who: str) -> None:
    question = Api.as_user(library.dana).post(eng(library.engagement.pk, "/questions"), {"body": "Hm?"}).json()
    api = Api.as_user(getattr(library, who))
    assert api.get(eng(library.engagement.pk, "/questions")).status_code == 404
    assert api.post(eng(library.engagement.pk, "/questions"), {"body": "x"}).status_code == 404
    assert api.get(eng(library.engagement.pk, f"/questions/{question['id']}")).status_code == 404
    assert api.post(eng(library.engagement.pk, f"/questions/{question['id']}/replies"),
                    {"body": "x"}).status_code == 404
    assert Question.objects.count() == 1 and not Reply.objects.exists()


def test_a_question_is_found_only_under_its_own_engagement(library: World) -> None:
    eves = Api.as_user(library.eve).post(eng(library.eve_engagement.pk, "/questions"), {"body": "Mine"}).json()
    alice = Api.as_user(library.alice)
    assert alice.get(eng(library.engagement.pk, f"/questions/{eves['id']}")).status_code == 404
    assert alice.post(eng(library.engagement.pk, f"/questions/{eves['id']}/replies"),
                      {"body": "x"}).status_code == 404
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"body": ""}, 400, "body"),
        ({"body": "  \n "}, 400, "body"),
        ({"body": "q" * (QUESTION_MAX_LENGTH + 1)}, 422, "body"),
        ({"body": "before\x00after"}, 422, "body"),
        ({"body": ["list"]}, 422, "body"),
        ({"body": "fine", "topic_id": "mdma"}, 422, "topic_id"),
    ],
)
def test_bad_question_input_is_refused_with_the_field(library: World, payload: dict[str, Any], status: int,
                                                       field: str) -> None:
    response = Api.as_user(library.dana).post(eng(library.engagement.pk, "/questions"), payload)
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert not Question.objects.exists()


def test_a_topic_of_another_practice_is_refused_on_topic_id(library: World) -> None:
    foreign = topic(library, "mdma", other=True)
    response = Api.as_user(library.dana).post(eng(library.engagement.pk, "/questions"),
                                              {"body": "fine", "topic_id": foreign.pk})
    assert response.status_code == 400 and "topic_id" in response.json()["errors"]
    assert not Question.objects.exists()


def test_a_reply_with_nul_or_empty_text_saves_nothing(library: World) -> None:
    api = Api.as_user(library.dana)
    question = api.post(eng(library.engagement.pk, "/questions"), {"body": "Hm?"}).json()
    path = eng(library.engagement.pk, f"/questions/{question['id']}/replies")
    assert api.post(path, {"body": "a\x00"}).status_code == 422
    assert api.post(path, {"body": ""}).status_code == 400
    assert not Reply.objects.exists()
