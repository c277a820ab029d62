"""The journal in the browser's terms: the client writes with pictures and voice notes, keeps entries private or
shares them, deletes them after a confirmation; the care team reads only what is shared, and each read leaves an
access event; nobody else finds anything. Files are real, in a storage directory of the test's own."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.access.services import supervision_access_start
from cocreate.care.models import Phase
from cocreate.inbox.models import Notice
from cocreate.integration import journal
from cocreate.integration.models import Attachment, JournalEntry
from tests.conftest import World
from tests.integration.test_journal_files import (
    GPS,
    MAKE,
    MODEL,
    NOT_A_PICTURE,
    WEBM,
    exif_of,
    jpeg_with_gps,
    upload,
    wav_bytes,
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def page_url(world: World) -> str:
    return reverse("integration_journal", args=[world.engagement.pk])


def file_url(world: World, attachment: Attachment) -> str:
    return reverse("integration_journal_file", args=[world.engagement.pk, attachment.uid])


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def write(world: World, text: str = "The sea was loud today.", *uploads: Any, share: bool = False) -> JournalEntry:
    return journal.journal_add(actor=world.dana, access=engagement_access(world.dana, world.engagement), text=text,
                               uploads=list(uploads), share=share)


def events(world: World, what: str, who: Any) -> int:
    return AccessEvent.objects.filter(engagement=world.engagement, actor=who, what=what).count()


def test_the_journal_starts_empty_in_plain_words(world: World) -> None:
    mine = world.client_for(world.dana).get(page_url(world))
    assert mine.status_code == 200
    assert "Your journal" in mine.text and "Nothing here yet" in mine.text
    assert "Only you read this, unless you share the entry with your care team." in mine.text
    assert "up to 15.0" in mine.text and "at most 5 files an entry" in mine.text
    assert 'enctype="multipart/form-data"' in mine.text
    theirs = world.client_for(world.alice).get(page_url(world))
    assert "Dana has not shared any journal entries." in theirs.text
    assert 'enctype="multipart/form-data"' not in theirs.text


def test_an_entry_with_a_photo_and_a_voice_note_is_private_and_its_photo_has_no_location(
        world: World, media: Path) -> None:
    dana = world.client_for(world.dana)
    response = dana.post(page_url(world), {
        "text": "Drew the path by the river.", "on": "",
        "attachments": [upload("../../etc/passwd", jpeg_with_gps(), "image/jpeg"), upload("voice.webm", WEBM)]})
    entry = JournalEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{page_url(world)}#entry-{entry.pk}"
    assert (entry.text, entry.shared_at, entry.author) == ("Drew the path by the river.", None, world.dana)
    photo, voice = entry.files.order_by("kind")[1], entry.files.order_by("kind")[0]
    assert (photo.kind, photo.name, photo.content_type) == ("image", "passwd", "image/jpeg")
    assert (voice.kind, voice.name, voice.content_type) == ("audio", "voice.webm", "audio/webm")
    assert photo.file.name == f"integration/{world.engagement.pk}/{photo.uid}"
    assert stored(media) == sorted([media / photo.file.name, media / voice.file.name])
    assert {p.stat().st_mode & 0o777 for p in stored(media)} == {0o600}  # the server's user alone reads them

    page = dana.get(page_url(world))
    assert "Private: only you" in page.text and f'src="{file_url(world, photo)}"' in page.text
    assert f'<audio controls preload="metadata" src="{file_url(world, voice)}"' in page.text

    got = dana.get(file_url(world, photo))
    assert got.status_code == 200
    data = body(got)
    assert exif_of(data) == {} and GPS not in exif_of(data)
    assert b"PhoneMaker" not in data and b"Pocket 12 Pro" not in data
    assert MAKE not in exif_of(data) and MODEL not in exif_of(data)
    assert got["Content-Type"] == "image/jpeg" and got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"] == 'inline; filename="passwd.jpg"'
    assert got["Cache-Control"] in ("no-store", "private, no-store")
    assert got["Content-Length"] == str(len(data)) == str(photo.size)
    assert body(dana.get(file_url(world, voice))) == WEBM
    assert not AccessEvent.objects.filter(engagement=world.engagement).exists()  # her own reads leave none


def test_a_voice_note_answers_a_byte_range(world: World, media: Path) -> None:
    entry = write(world, "", upload("voice.webm", WEBM))
    dana = world.client_for(world.dana)
    url = file_url(world, entry.files.get())
    part = dana.get(url, HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206 and body(part) == WEBM[4:12]
    assert part["Content-Range"] == f"bytes 4-11/{len(WEBM)}" and part["Accept-Ranges"] == "bytes"
    assert body(dana.get(url, HTTP_RANGE="bytes=-5")) == WEBM[-5:]
    assert dana.get(url, HTTP_RANGE=f"bytes={len(WEBM)}-").status_code == 416


def test_a_file_missing_from_storage_is_not_found(world: World, media: Path) -> None:
    attachment = write(world, "", upload("voice.webm", WEBM)).files.get()
    (media / attachment.file.name).unlink()
    assert world.client_for(world.dana).get(file_url(world, attachment)).status_code == 404


def test_a_text_file_named_as_a_drawing_is_refused_and_nothing_is_kept(world: World, media: Path) -> None:
    dana = world.client_for(world.dana)
    response = dana.post(page_url(world), {
        "text": "Words I want to keep", "on": "2020-01-02",
        "attachments": [upload("ok.wav", wav_bytes()), upload("drawing.png", NOT_A_PICTURE, "image/png")]})
    assert response.status_code == 400
    assert "“drawing.png” is named as a picture, but what is inside is not one." in response.text
    assert "Words I want to keep</textarea>" in response.text and 'value="2020-01-02"' in response.text
    assert "Nothing was saved." in response.text
    assert not JournalEntry.objects.exists() and not Attachment.objects.exists()
    assert stored(media) == []


def test_an_upload_over_its_limit_is_refused_with_the_reason(world: World, media: Path, settings: Any) -> None:
    settings.JOURNAL_IMAGE_MAX_BYTES = 2000
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    big = out.getvalue()
    assert len(big) > 2000
    response = world.client_for(world.dana).post(page_url(world),
                                                 {"text": "x", "attachments": [upload("big.png", big)]})
    assert response.status_code == 400 and "a picture may be at most 2.0" in response.text
    assert not JournalEntry.objects.exists() and stored(media) == []


def test_a_failure_while_storing_leaves_no_stray_file(world: World, media: Path, monkeypatch: Any) -> None:
    original = Attachment.save
    calls = []

    def fail_second(self: Attachment, *args: Any, **kwargs: Any) -> None:
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", fail_second)
    with pytest.raises(RuntimeError):
        write(world, "two files", upload("a.wav", wav_bytes()), upload("b.webm", WEBM))
    assert not JournalEntry.objects.exists() and not Attachment.objects.exists()
    assert stored(media) == []


def test_an_entry_needs_words_or_a_file_and_not_a_day_to_come(world: World) -> None:
    dana = world.client_for(world.dana)
    response = dana.post(page_url(world), {"text": "   "})
    assert response.status_code == 400 and "Write something, or add a picture or a voice note." in response.text
    later = (journal.client_today(engagement_access(world.dana, world.engagement)) + timedelta(days=5)).isoformat()
    response = dana.post(page_url(world), {"text": "hello", "on": later})
    assert response.status_code == 400 and "That day has not come yet." in response.text
    assert not JournalEntry.objects.exists()


def test_the_care_team_sees_only_what_is_shared_and_each_read_is_recorded(world: World, media: Path) -> None:
    entry = write(world, "A private thought", upload("me.jpg", jpeg_with_gps()))
    photo = entry.files.get()
    alice = world.client_for(world.alice)
    page = alice.get(page_url(world))
    assert "A private thought" not in page.text and str(photo.uid) not in page.text
    assert alice.get(file_url(world, photo)).status_code == 404
    assert alice.post(reverse("integration_journal_share", args=[world.engagement.pk, entry.pk]),
                      {"shared": "no"}).status_code == 404
    assert alice.get(reverse("integration_journal_delete", args=[world.engagement.pk, entry.pk])).status_code == 404
    assert events(world, "journal file", world.alice) == 0

    dana = world.client_for(world.dana)
    shared = dana.post(reverse("integration_journal_share", args=[world.engagement.pk, entry.pk]), {"shared": "yes"})
    assert shared.status_code == 302
    [notice] = Notice.objects.filter(recipient=world.alice)
    assert notice.title == "Dana shared a journal entry with you." and "private thought" not in notice.title
    before = events(world, "journal", world.alice)
    page = alice.get(page_url(world))
    assert "A private thought" in page.text and file_url(world, photo) in page.text
    assert "Share with my care team" not in page.text and "Delete…" not in page.text
    assert events(world, "journal", world.alice) == before + 1
    assert body(alice.get(file_url(world, photo)))[:2] == b"\xff\xd8"
    assert events(world, "journal file", world.alice) == 1
    assert alice.post(page_url(world), {"text": "written by alice"}).status_code == 403
    assert alice.get(reverse("integration_journal_delete", args=[world.engagement.pk, entry.pk])).status_code == 403

    dana.post(reverse("integration_journal_share", args=[world.engagement.pk, entry.pk]), {"shared": "no"})
    assert "A private thought" not in alice.get(page_url(world)).text
    assert alice.get(file_url(world, photo)).status_code == 404
    assert not Notice.objects.filter(recipient=world.alice).exists()  # the notice went with the sharing


def test_deleting_takes_the_words_and_the_files_for_good(world: World, media: Path,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    entry = write(world, "Something I regret writing", upload("me.jpg", jpeg_with_gps()),
                  upload("v.wav", wav_bytes()), share=True)
    files = list(entry.files.all())
    assert len(stored(media)) == 2
    dana = world.client_for(world.dana)
    url = reverse("integration_journal_delete", args=[world.engagement.pk, entry.pk])
    confirm = dana.get(url)
    assert confirm.status_code == 200 and "Delete this entry?" in confirm.text and "With 2 files." in confirm.text
    assert "Your care team will see that you deleted an entry here" in confirm.text
    assert JournalEntry.objects.get().deleted_at is None and len(stored(media)) == 2  # asking deletes nothing
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = dana.post(url)
    assert response.status_code == 302 and len(stored(media)) == 2  # the files go once the deletion is committed
    for callback in after_commit:
        callback()
    entry.refresh_from_db()
    assert entry.text == "" and entry.deleted_at is not None and entry.shared_at is not None
    assert not Attachment.objects.exists() and stored(media) == []
    assert "Deleted by you on" in dana.get(page_url(world)).text
    assert dana.get(file_url(world, files[0])).status_code == 404
    alice = world.client_for(world.alice)
    page = alice.get(page_url(world))
    assert "Deleted by the client on" in page.text and "regret" not in page.text
    assert alice.get(file_url(world, files[1])).status_code == 404
    assert "This entry is deleted" in dana.get(url).text


def test_nobody_else_finds_the_journal_or_its_files(world: World, media: Path) -> None:
    entry = write(world, "Shared but not with them", upload("v.wav", wav_bytes()), share=True)
    photo = entry.files.get()
    urls = [page_url(world), file_url(world, photo),
            reverse("integration_journal_delete", args=[world.engagement.pk, entry.pk])]
    for person in (world.carl, world.oscar, world.olga, world.eve):
        client = world.client_for(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(reverse("integration_journal_share", args=[world.engagement.pk, entry.pk]),
                           {"shared": "no"}).status_code == 404
    assert Client().get(file_url(world, photo)).status_code == 302  # to the sign-in page
    # A file of another engagement is not found through this one.
    eve_entry = journal.journal_add(actor=world.eve, access=engagement_access(world.eve, world.eve_engagement),
                                    text="", uploads=[upload("e.wav", wav_bytes())])
    eve_file = eve_entry.files.get()
    assert world.client_for(world.dana).get(file_url(world, eve_file)).status_code == 404
    assert world.client_for(world.alice).get(file_url(world, eve_file)).status_code == 404


def test_a_supervisor_reads_what_is_shared_after_stating_a_reason(world: World, media: Path) -> None:
    write(world, "Kept to myself")
    write(world, "Shared for the team", share=True)
    gus = world.client_for(world.gus)
    assert gus.get(page_url(world))["Location"] == "/supervision/"
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the care plan together this week.")
    page = gus.get(page_url(world))
    assert "Shared for the team" in page.text and "Kept to myself" not in page.text
    assert AccessEvent.objects.filter(actor=world.gus, what="journal", basis="supervision").count() == 1
    assert gus.post(page_url(world), {"text": "no"}).status_code == 403


def test_a_closed_engagement_takes_no_new_entries_but_the_client_may_still_withdraw(world: World) -> None:
    entry = write(world, "Before the end", share=True)
    world.engagement.phase = Phase.CLOSED
    world.engagement.save(update_fields=["phase"])
    dana = world.client_for(world.dana)
    assert "This engagement is closed." in dana.post(page_url(world), {"text": "after"}).text
    dana.post(reverse("integration_journal_share", args=[world.engagement.pk, entry.pk]), {"shared": "no"})
    entry.refresh_from_db()
    assert entry.shared_at is None


def query_count(client: Client, url: str) -> tuple[int, list[str]]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("who", ["dana", "alice"])
def test_the_journal_page_does_not_grow_with_entries_and_files(world: World, media: Path, who: str) -> None:
    def more(n: int) -> None:
        for i in range(n):
            write(world, f"entry {i}", upload("v.wav", wav_bytes()), upload("w.webm", WEBM), share=True)

    client = world.client_for(getattr(world, who))
    more(2)
    small, _sql = query_count(client, page_url(world))
    more(6)
    large, sql = query_count(client, page_url(world))
    assert Attachment.objects.count() == 16
    assert large == small, "\n".join(sql)
