"""The journal through the API: a multipart entry with files, read back with their download addresses; bad input
answered 400 in the house format, by field; a private or foreign entry or file answers 404; sharing, un-sharing and
deleting as on the web, with each read by the care team recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.accounts import services as account_services
from cocreate.accounts.models import User
from cocreate.integration import journal
from cocreate.integration.models import Attachment, JournalEntry
from tests.conftest import World
from tests.integration.test_journal_files import NOT_A_PICTURE, WEBM, exif_of, jpeg_with_gps, upload, wav_bytes


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


class Api:
    """A bearer-token API caller."""

    def __init__(self, user: User) -> None:
        _token, raw = account_services.api_token_create(actor=user, name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get("/api/v1" + path, **extra)

    def post(self, path: str, data: Any = None, json: bool = False) -> Any:
        if json:
            return self.client.post("/api/v1" + path, data, content_type="application/json")
        return self.client.post("/api/v1" + path, data or {})

    def delete(self, path: str) -> Any:
        return self.client.delete("/api/v1" + path)


def base(world: World) -> str:
    return f"/engagements/{world.engagement.pk}/integration/journal"


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_an_entry_with_files_is_created_and_read_back(world: World, media: Path) -> None:
    dana = Api(world.dana)
    made = dana.post(base(world), {"text": "After the walk", "on": "2025-05-04",
                                   "files": [upload("walk.jpg", jpeg_with_gps(), "image/jpeg"),
                                             upload("../voice.webm", WEBM)]})
    assert made.status_code == 201, made.content
    out = made.json()
    assert (out["text"], out["on"], out["shared"], out["deleted"]) == ("After the walk", "2025-05-04", False, False)
    photo, voice = out["files"]
    assert (photo["kind"], photo["content_type"], photo["name"]) == ("image", "image/jpeg", "walk.jpg")
    assert (voice["kind"], voice["content_type"], voice["name"]) == ("audio", "audio/webm", "voice.webm")
    assert photo["download_url"] == f"/api/v1{base(world)}/files/{photo['uid']}"
    got = dana.get(photo["download_url"][len("/api/v1"):])
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    assert got["X-Content-Type-Options"] == "nosniff" and got["Content-Disposition"].startswith("inline;")
    assert exif_of(content(got)) == {}
    assert content(dana.get(voice["download_url"][len("/api/v1"):])) == WEBM

    listed = dana.get(base(world)).json()
    assert listed["count"] == 1 and listed["entries"][0]["id"] == out["id"]
    assert dana.get(f"{base(world)}/{out['id']}").json() == out


def test_bad_input_is_answered_400_by_field_and_nothing_is_kept(world: World, media: Path) -> None:
    dana = Api(world.dana)
    refused = dana.post(base(world), {"text": "hello", "files": [upload("drawing.png", NOT_A_PICTURE, "image/png"),
                                                                  upload("ok.wav", wav_bytes())]})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"files": ["“drawing.png” is named as a picture, but what is inside is not "
                                                  "one. Pictures can be JPEG, PNG, WebP, GIF."]}
    assert "drawing.png" in refused.json()["detail"]
    empty = dana.post(base(world), {"text": ""})
    assert empty.status_code == 400 and list(empty.json()["errors"]) == ["text"]
    assert dana.post(base(world), {"text": "x", "on": "not a day"}).status_code == 422
    assert dana.post(base(world), {"text": "nul \x00 here"}).status_code == 400
    assert not JournalEntry.objects.exists() and not Attachment.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_private_entries_and_their_files_are_404_to_the_care_team_until_shared(world: World, media: Path) -> None:
    dana, alice = Api(world.dana), Api(world.alice)
    made = dana.post(base(world), {"text": "Mine alone", "files": [upload("v.wav", wav_bytes())]}).json()
    entry_path, file_path = f"{base(world)}/{made['id']}", made["files"][0]["download_url"][len("/api/v1"):]
    assert alice.get(entry_path).status_code == 404 and alice.get(file_path).status_code == 404
    assert alice.get(base(world)).json() == {"count": 0, "entries": []}
    assert alice.post(entry_path + "/share", {"shared": False}, json=True).status_code == 404
    assert alice.delete(entry_path).status_code == 404

    shared = dana.post(entry_path + "/share", {"shared": True}, json=True)
    assert shared.status_code == 200 and shared.json()["shared"] is True
    assert alice.get(entry_path).json()["text"] == "Mine alone"
    assert content(alice.get(file_path)) == wav_bytes()
    # Her two reads: the list (empty while the entry was private) and the entry; the 404s left none.
    assert AccessEvent.objects.filter(actor=world.alice, what="journal", via="api").count() == 2
    assert AccessEvent.objects.filter(actor=world.alice, what="journal file", via="api").count() == 1
    assert alice.post(base(world), {"text": "from alice"}).status_code == 403
    assert alice.post(entry_path + "/share", {"shared": False}, json=True).status_code == 403
    assert alice.delete(entry_path).status_code == 403

    dana.post(entry_path + "/share", {"shared": False}, json=True)
    assert alice.get(entry_path).status_code == 404 and alice.get(file_path).status_code == 404


def test_delete_takes_words_and_files_and_leaves_the_mark(world: World, media: Path,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    dana, alice = Api(world.dana), Api(world.alice)
    made = dana.post(base(world), {"text": "Too much", "share": "true",
                                   "files": [upload("v.wav", wav_bytes())]}).json()
    with django_capture_on_commit_callbacks(execute=True):
        gone = dana.delete(f"{base(world)}/{made['id']}")
    assert gone.status_code == 200
    assert (gone.json()["text"], gone.json()["deleted"], gone.json()["files"]) == ("", True, [])
    assert not any(p.is_file() for p in media.rglob("*"))
    seen = alice.get(f"{base(world)}/{made['id']}").json()
    assert (seen["deleted"], seen["text"]) == (True, "")
    assert dana.post(f"{base(world)}/{made['id']}/share", {"shared": True}, json=True).status_code == 400


def test_nobody_else_reaches_the_journal(world: World, media: Path) -> None:
    made = Api(world.dana).post(base(world), {"text": "Shared", "share": "true",
                                              "files": [upload("v.wav", wav_bytes())]}).json()
    for person in (world.carl, world.oscar, world.olga, world.eve):
        api = Api(person)
        for path in (base(world), f"{base(world)}/{made['id']}", made["files"][0]["download_url"][len("/api/v1"):]):
            assert api.get(path).status_code == 404, (person, path)
        assert api.post(base(world), {"text": "x"}).status_code == 404
        assert api.delete(f"{base(world)}/{made['id']}").status_code == 404
    assert Client().get(f"/api/v1{base(world)}").status_code == 401


def test_the_list_does_not_grow_in_queries_with_entries(world: World, media: Path) -> None:
    access = engagement_access(world.dana, world.engagement)
    alice = Api(world.alice)

    def more(n: int) -> None:
        for i in range(n):
            journal.journal_add(actor=world.dana, access=access, text=f"e{i}", share=True,
                                uploads=[upload("v.wav", wav_bytes()), upload("w.webm", WEBM)])

    def count() -> int:
        assert alice.get(base(world)).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(base(world)).status_code == 200
        return len(queries)

    more(2)
    small = count()
    more(5)
    assert count() == small
