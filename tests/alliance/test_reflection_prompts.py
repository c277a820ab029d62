"""After a session they held, the care team is offered a moment to reflect: waiting for two days, until they write
about the session or say "not now"; the offer is each facilitator's own."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.alliance import reflection
from cocreate.care.models import Session, SessionChange, SessionKind, SessionStatus
from tests.api_helpers import Api
from tests.conftest import World


def held_session(world: World, *, hours_ago: float = 3) -> Session:
    """A session of dana's engagement, marked held by alice `hours_ago` hours ago."""
    at = timezone.now() - timedelta(hours=hours_ago)
    session = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                     starts_at=at - timedelta(hours=1), duration_minutes=60,
                                     status=SessionStatus.COMPLETED, created_by=world.alice)
    SessionChange.objects.create(session=session, action=SessionChange.Action.COMPLETED, actor=world.alice, at=at)
    return session


def _offers(world: World, who) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return [w for w in Api.as_user(who).get("/me/waiting").json() if w["kind"] == "alliance.reflection"]


def test_the_care_team_is_offered_a_moment_to_reflect_after_a_held_session(world: World) -> None:
    session = held_session(world)
    offer = _offers(world, world.alice)
    assert [o["label"] for o in offer] == ["A moment to reflect on your session with Dana?"]
    assert offer[0]["url"] == f"/reflections/?session={session.pk}#write"
    assert len(_offers(world, world.bea)) == 1  # the dyad's other facilitator too
    for who in (world.dana, world.carl, world.gus):
        assert _offers(world, who) == []
    page = world.client_for(world.alice).get(f"/reflections/?session={session.pk}").content.decode()
    assert "Reflect on your session with Dana" in page and "Not now" in page


def test_writing_about_the_session_ends_the_offer(world: World) -> None:
    session = held_session(world)
    browser = world.client_for(world.alice)
    assert browser.post("/reflections/", {"text": "I felt rushed.", "session": session.pk}).status_code == 302
    assert _offers(world, world.alice) == []
    assert len(_offers(world, world.bea)) == 1  # bea's offer is hers


def test_not_now_ends_the_offer(world: World) -> None:
    session = held_session(world)
    assert world.client_for(world.alice).post(f"/reflections/not-now/{session.pk}/").status_code == 302
    assert _offers(world, world.alice) == []
    assert Api.as_user(world.bea).post(f"/reflections/prompts/{session.pk}/not-now").status_code == 204
    assert _offers(world, world.bea) == []
    assert Api.as_user(world.bea).get("/reflections/prompts").json() == []


def test_the_offer_goes_by_itself_after_two_days(world: World) -> None:
    held_session(world, hours_ago=49)
    assert _offers(world, world.alice) == []


def test_not_now_on_someone_elses_session_is_not_found(world: World) -> None:
    session = held_session(world)
    for who in (world.carl, world.olga):
        assert world.client_for(who).post(f"/reflections/not-now/{session.pk}/").status_code == 404
        assert Api.as_user(who).post(f"/reflections/prompts/{session.pk}/not-now").status_code == 404
    for who in (world.dana, world.gus):
        assert world.client_for(who).post(f"/reflections/not-now/{session.pk}/").status_code == 404
    assert len(reflection.open_prompts(world.alice)) == 1


def test_the_prompts_through_the_api(world: World) -> None:
    session = held_session(world)
    body = Api.as_user(world.alice).get("/reflections/prompts").json()
    assert [(p["session_id"], p["client_name"]) for p in body] == [(session.pk, "Dana")]
