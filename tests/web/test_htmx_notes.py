"""Shared notes posted through htmx: the notes section comes back in place, errors included."""

from __future__ import annotations

from django.urls import reverse

from cocreate.care.models import SharedNote
from tests.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_htmx_note_returns_the_section_with_the_new_note(world: World) -> None:
    url = reverse("shared_note_add", args=[world.engagement.pk])
    response = world.client_for(world.dana).post(url, {"body": "I slept better this week."}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="shared-notes"' in html
    assert "I slept better this week." in html
    assert "<html" not in html  # only the section, swapped in place


def test_htmx_empty_note_shows_the_error_in_place_and_saves_nothing(world: World) -> None:
    url = reverse("shared_note_add", args=[world.engagement.pk])
    response = world.client_for(world.dana).post(url, {"body": "   "}, **HTMX)
    assert response.status_code == 422  # htmx is configured to swap 422 so the error is seen
    html = response.content.decode()
    assert 'id="shared-notes"' in html
    assert 'aria-invalid="true"' in html
    assert not SharedNote.objects.filter(engagement=world.engagement).exists()
