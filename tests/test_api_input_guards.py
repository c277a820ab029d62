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


HUGE = 576649274133431790768685580288


def test_numbers_beyond_a_database_integer_are_refused_by_name(world: World) -> None:
    api = Api.as_user(world.alice)
    api.client.raise_request_exception = False
    offset = api.get(eng(world.engagement.pk, "/questions?offset=9223372036854775808"))
    assert offset.status_code == 422 and "offset" in offset.json()["errors"]
    team = api.post(eng(world.engagement.pk, "/care-team"), raw=f'{{"facilitator_id": {HUGE}}}')
    assert team.status_code == 422 and "facilitator_id" in team.json()["errors"]
    opened = api.post("/engagements",
                      raw=f'{{"practice_id": {world.practice.pk}, "client_id": {HUGE}, "kind": "psychotherapy"}}')
    assert opened.status_code == 422 and "client_id" in opened.json()["errors"]
    assert api.get("/inbox?limit=100000").status_code == 422


def test_times_outside_the_calendar_or_the_session_window_are_refused(world: World) -> None:
    api = Api.as_user(world.alice)
    api.client.raise_request_exception = False
    before = Session.objects.count()
    for when in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        made = api.post(eng(world.engagement.pk, "/sessions"),
                        {"kind": "preparation", "starts_at": when, "duration_minutes": 60})
        assert made.status_code == 422 and "starts_at" in made.json()["errors"], when
        moved = api.patch(eng(world.engagement.pk, f"/sessions/{world.session.pk}"),
                          {"starts_at": when, "duration_minutes": 60})
        assert moved.status_code == 422 and "starts_at" in moved.json()["errors"], when
    far = api.post(eng(world.engagement.pk, "/sessions"),
                   {"kind": "preparation", "starts_at": "2035-01-01T10:00:00+00:00", "duration_minutes": 60})
    assert far.status_code == 400
    assert "a session is at most a year in the past or three years ahead" in far.json()["errors"]["starts_at"][0]
    assert Session.objects.count() == before


def test_the_web_session_form_refuses_year_one(world: World) -> None:
    client = world.client_for(world.alice)
    before = Session.objects.count()
    page = client.post(f"/engagements/{world.engagement.pk}/sessions/new/",
                       {"kind": "preparation", "starts_at": "0001-01-01T00:00", "duration_minutes": "60"})
    assert page.status_code == 400
    assert "a session is at most a year in the past or three years ahead" in page.text
    assert 'value="0001-01-01T00:00"' in page.text  # what was typed is shown back
    assert Session.objects.count() == before


def test_feedback_under_an_engagement_id_beyond_a_database_integer_is_not_found(world: World) -> None:
    huge = 2**70
    for person in (world.alice, world.gus):
        for feedback_id in (1, huge):
            assert Api.as_user(person).post(eng(huge, f"/feedback/{feedback_id}/acknowledge"), {}).status_code == 404
