"""Shared notes (client and care team) and private notes (author only) through the API, and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cocreate.care.models import NOTE_MAX_LENGTH, PrivateNote, SharedNote
from tests.api_helpers import Api, eng
from tests.conftest import World

SECRET = "alice-private-process-note-7f3a"


def _supervisor(world: World) -> Api:
    api = Api.as_user(world.gus)
    supervision = api.get("/supervision").json()[0]
    assert api.post(f"/supervision/{supervision['id']}/access", {"reason": "Monthly case review"}).status_code == 201
    return api


def _write(api: Api, world: World, body: Any, kind: str = "shared-notes") -> Any:
    return api.post(eng(world.engagement.pk, f"/{kind}"), {"body": body})


def _nothing_written(world: World) -> None:
    assert not SharedNote.objects.exists()
    assert not PrivateNote.objects.exists()


def test_shared_notes_are_read_by_client_and_whole_care_team_with_author(world: World) -> None:
    alice, bea, dana = Api.as_user(world.alice), Api.as_user(world.bea), Api.as_user(world.dana)
    assert _write(alice, world, "Alice: we agreed on weekly sessions").status_code == 201
    assert _write(dana, world, "Dana: feeling hopeful").status_code == 201
    assert _write(bea, world, "Bea: breathing practice").status_code == 201
    expected = [
        (world.alice.pk, "Alice", "Alice: we agreed on weekly sessions"),
        (world.dana.pk, "Dana", "Dana: feeling hopeful"),
        (world.bea.pk, "Bea", "Bea: breathing practice"),
    ]
    for api in (alice, bea, dana, _supervisor(world)):
        rows = api.get(eng(world.engagement.pk, "/shared-notes")).json()
        assert [(r["author"]["id"], r["author"]["name"], r["body"]) for r in rows] == expected


def test_shared_note_response_and_storage(world: World) -> None:
    response = _write(Api.as_user(world.dana), world, "  trimmed  ")
    assert response.status_code == 201
    body = response.json()
    assert body["body"] == "trimmed"
    assert body["author"] == {"id": world.dana.pk, "name": "Dana"}
    note = SharedNote.objects.get(pk=body["id"])
    assert (note.engagement, note.author, note.body) == (world.engagement, world.dana, "trimmed")


def test_private_notes_are_returned_only_to_their_author(world: World) -> None:
    alice, bea = Api.as_user(world.alice), Api.as_user(world.bea)
    assert _write(alice, world, SECRET, "private-notes").status_code == 201
    assert _write(bea, world, "bea's own private note", "private-notes").status_code == 201
    mine = alice.get(eng(world.engagement.pk, "/private-notes")).json()
    assert [(n["author"]["id"], n["body"]) for n in mine] == [(world.alice.pk, SECRET)]
    beas = bea.get(eng(world.engagement.pk, "/private-notes"))
    assert beas.status_code == 200
    assert [n["body"] for n in beas.json()] == ["bea's own private note"]
    for api in (Api.as_user(world.dana), _supervisor(world)):
        response = api.get(eng(world.engagement.pk, "/private-notes"))
        assert response.status_code == 200
        assert response.json() == []


def test_private_note_text_appears_in_no_other_response(world: World) -> None:
    _write(Api.as_user(world.alice), world, SECRET, "private-notes")
    paths = ["", "/shared-notes", "/private-notes", "/sessions", "/transitions", "/care-team"]
    readers = [Api.as_user(world.bea), Api.as_user(world.dana), _supervisor(world)]
    for api in readers:
        for path in paths:
            response = api.get(eng(world.engagement.pk, path))
            assert response.status_code == 200, (path, response.content)
            assert SECRET not in response.content.decode()
    dana_log = Api.as_user(world.dana).get(eng(world.engagement.pk, "/access-events")).content.decode()
    assert SECRET not in dana_log


def test_client_and_supervisor_may_not_write_private_notes(world: World) -> None:
    for api in (Api.as_user(world.dana), _supervisor(world)):
        response = _write(api, world, "let me in", "private-notes")
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
    _nothing_written(world)


@pytest.mark.parametrize("who", ["carl", "eve", "fay", "olga", "oscar"])
def test_outsiders_can_neither_read_nor_write_notes(world: World, who: str) -> None:
    api = Api.as_user(getattr(world, who))
    for kind in ("shared-notes", "private-notes"):
        assert api.get(eng(world.engagement.pk, f"/{kind}")).status_code == 404
        assert _write(api, world, "hello", kind).status_code == 404
    _nothing_written(world)


@pytest.mark.parametrize("kind", ["shared-notes", "private-notes"])
@pytest.mark.parametrize("megabytes", [10, 16])
def test_huge_note_is_a_4xx_json_error_and_writes_nothing(world: World, kind: str, megabytes: int) -> None:
    response = _write(Api.as_user(world.alice), world, "x" * (megabytes * 1024 * 1024), kind)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    _nothing_written(world)


@pytest.mark.parametrize("kind", ["shared-notes", "private-notes"])
def test_note_over_the_limit_names_the_body(world: World, kind: str) -> None:
    response = _write(Api.as_user(world.alice), world, "x" * (NOTE_MAX_LENGTH + 1), kind)
    assert response.status_code == 422
    assert "body" in response.json()["errors"]
    _nothing_written(world)


def test_note_at_the_limit_is_kept_whole(world: World) -> None:
    response = _write(Api.as_user(world.alice), world, "y" * NOTE_MAX_LENGTH)
    assert response.status_code == 201
    assert len(SharedNote.objects.get().body) == NOTE_MAX_LENGTH


@pytest.mark.parametrize("kind", ["shared-notes", "private-notes"])
@pytest.mark.parametrize("body", ["", "   ", "\n\t "])
def test_empty_note_is_refused(world: World, kind: str, body: str) -> None:
    response = _write(Api.as_user(world.alice), world, body, kind)
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert "Write something" in response.json()["detail"]
    _nothing_written(world)


@pytest.mark.parametrize("body", [42, 4.2, True, ["a", "list"], {"text": "x"}, None])
def test_body_of_the_wrong_type_is_422(world: World, body: Any) -> None:
    response = _write(Api.as_user(world.alice), world, body)
    assert response.status_code == 422
    assert "body" in response.json()["errors"]
    _nothing_written(world)


@pytest.mark.parametrize("payload", ["{not json", "[]", '"just a string"', "", "null", json.dumps({"text": "x"})])
def test_unreadable_or_misshapen_payload_is_4xx_json(world: World, payload: str) -> None:
    response = Api.as_user(world.alice).post(eng(world.engagement.pk, "/shared-notes"), raw=payload)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    _nothing_written(world)


@pytest.mark.parametrize("engagement_id", ["abc", "1.5", "1e3", "%20"])
def test_engagement_id_that_is_not_a_number_is_422(world: World, engagement_id: str) -> None:
    api = Api.as_user(world.alice)
    for response in (api.get(f"/engagements/{engagement_id}/shared-notes"),
                     api.post(f"/engagements/{engagement_id}/shared-notes", {"body": "hi"})):
        assert response.status_code == 422
        assert "engagement_id" in response.json()["errors"]
    _nothing_written(world)


@pytest.mark.parametrize("engagement_id", ["-1", "0", "99999999999999999999999"])
def test_engagement_id_that_names_nothing_is_404_json(world: World, engagement_id: str) -> None:
    api = Api.as_user(world.alice)
    for response in (api.get(f"/engagements/{engagement_id}/shared-notes"),
                     api.post(f"/engagements/{engagement_id}/shared-notes", {"body": "hi"})):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    _nothing_written(world)
