"""API input that the database or the calendar cannot take is refused with the field named."""

from __future__ import annotations

from cocreate.care.models import Session, SharedNote
from tests.api_helpers import Api, eng
from tests.conftest import World


def test_nul_character_in_a_note_is_refused_and_nothing_saved(world: World) -> None:
    api = Api.as_user(world.alice)
    response = api.post(eng(world.engagement.pk, "/shared-notes"), {"body": "before\x00after"})
    assert response.status_code == 422
    assert "body" in response.json()["errors"]
    assert not SharedNote.objects.filter(engagement=world.engagement).exists()


def test_a_bare_number_is_not_taken_for_a_session_time(world: World) -> None:
    api = Api.as_user(world.alice)
    before = Session.objects.count()
    response = api.post(
        eng(world.engagement.pk, "/sessions"), {"kind": "preparation", "starts_at": 12, "duration_minutes": 60}
    )
    assert response.status_code == 422
    assert "starts_at" in response.json()["errors"]
    assert Session.objects.count() == before
