"""The most private text is encrypted in the database and read back as written: private notes, screening answers,
shift entries, journal entries and the facilitator's reflection journal. The column holds no plaintext, names the key
that wrote it, and can be neither compared in a query nor read as anything but the text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from cocreate.access.policy import engagement_access
from cocreate.alliance.models import ReflectionEntry
from cocreate.alliance.reflection import reflection_write
from cocreate.care import services as care_services
from cocreate.care.models import PrivateNote
from cocreate.encryption import keys
from cocreate.integration import journal
from cocreate.integration import services as integration_services
from cocreate.integration.models import JournalEntry, ShiftEntry
from cocreate.protocols.models import ScreeningResponse
from tests.conftest import World
from tests.encryption.helpers import raw
from tests.integration.helpers import note, tracker_after

pytestmark = pytest.mark.django_db

SECRET = "I was afraid of my father again, and said nothing"


def written(world: World) -> list[tuple[Any, str, Any, str]]:
    """One value of every encrypted text column, written the way the app writes it: (model, field, pk, words)."""
    access = engagement_access(world.alice, world.engagement)
    private = care_services.private_note_create(actor=world.alice, access=access, body=SECRET + " (note)")
    shift = note(world, tracker_after(world), SECRET + " (shift)")
    page = journal.journal_add(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                               text=SECRET + " (journal)")
    reflection = reflection_write(actor=world.alice, text=SECRET + " (reflection)")
    screening = ScreeningResponse.objects.create(engagement=world.engagement, pack="open", entered_by=world.dana,
                                                 answers={"history": {"answer": "yes", "note": SECRET}})
    return [(PrivateNote, "body", private.pk, SECRET + " (note)"), (ShiftEntry, "text", shift.pk, SECRET + " (shift)"),
            (JournalEntry, "text", page.pk, SECRET + " (journal)"),
            (ReflectionEntry, "text", reflection.pk, SECRET + " (reflection)"),
            (ScreeningResponse, "answers", screening.pk, SECRET)]


def test_every_column_holds_ciphertext_under_the_current_key_and_reads_back_as_written(world: World,
                                                                                     settings: Any) -> None:
    current = settings.ENCRYPTION_KEYS[0][0]
    for model, field, pk, words in written(world):
        stored = raw(model, field, pk)
        assert words not in stored and "afraid" not in stored, f"{model.__name__}.{field} is stored readable"
        assert stored.startswith(f"cce1:{current}:"), stored[:20]
        value = getattr(model.objects.get(pk=pk), field)
        assert (value["history"]["note"] if isinstance(value, dict) else value) == words


def test_the_same_words_twice_are_stored_differently(world: World) -> None:
    access = engagement_access(world.alice, world.engagement)
    one = care_services.private_note_create(actor=world.alice, access=access, body="the same words")
    two = care_services.private_note_create(actor=world.alice, access=access, body="the same words")
    assert raw(PrivateNote, "body", one.pk) != raw(PrivateNote, "body", two.pk)


def test_pages_and_the_api_show_the_words_not_the_ciphertext(world: World) -> None:
    access = engagement_access(world.alice, world.engagement)
    care_services.private_note_create(actor=world.alice, access=access, body=SECRET)
    alice = world.client_for(world.alice)
    page = alice.get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert SECRET in page and "cce1:" not in page
    api = alice.get(f"/api/v1/engagements/{world.engagement.pk}/private-notes").json()
    assert [n["body"] for n in api] == [SECRET]


def test_a_query_cannot_compare_an_encrypted_field(world: World) -> None:
    """Ciphertext never equals the text: a filter on it would silently find nothing, so it is refused outright."""
    for attempt in (lambda: PrivateNote.objects.filter(body="x").exists(),
                    lambda: ShiftEntry.objects.filter(text__icontains="x").exists(),
                    lambda: ScreeningResponse.objects.filter(answers__history="x").exists()):
        with pytest.raises(FieldError):
            attempt()
    assert not PrivateNote.objects.filter(body__isnull=True).exists()


def test_empty_text_stays_empty_and_a_deleted_shift_keeps_no_words(world: World) -> None:
    entry = note(world, tracker_after(world), SECRET)
    dana = engagement_access(world.dana, world.engagement)
    integration_services.shift_delete(actor=world.dana, access=dana, entry=entry)
    assert raw(ShiftEntry, "text", entry.pk) == ""


def test_an_altered_value_is_refused_not_shown(world: World) -> None:
    access = engagement_access(world.alice, world.engagement)
    made = care_services.private_note_create(actor=world.alice, access=access, body=SECRET)
    stored = raw(PrivateNote, "body", made.pk)
    altered = stored[:-3] + ("A" if stored[-3] != "A" else "B") + stored[-2:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE care_privatenote SET body = %s WHERE id = %s", [altered, made.pk])
    with pytest.raises(keys.Undecryptable, match="does not decrypt"):
        PrivateNote.objects.get(pk=made.pk)


def test_plain_text_from_before_encryption_is_read_as_it_is(world: World) -> None:
    access = engagement_access(world.alice, world.engagement)
    made = care_services.private_note_create(actor=world.alice, access=access, body="x")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE care_privatenote SET body = %s WHERE id = %s", ["written before", made.pk])
    assert PrivateNote.objects.get(pk=made.pk).body == "written before"
