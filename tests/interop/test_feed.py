"""A person's calendar feed, read as a calendar app reads it and parsed by the icalendar package: stable UIDs,
SEQUENCE bumped by a move, STATUS:CANCELLED for a cancelled or postponed session, the practice's VTIMEZONE, and
nothing clinical unless the person chose to show session kinds. A reset or revoked address answers 404."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from cocreate.interop import services
from tests.conftest import World
from tests.interop.helpers import events_by_uid, new_feed, read, uid


def test_the_feed_parses_and_round_trips_a_move_and_a_cancellation(world: World) -> None:
    world.practice.time_zone = "Europe/Berlin"
    world.practice.save(update_fields=["time_zone"])
    team = engagement_access(world.alice, world.engagement)
    moved, cancelled, untouched = world.session, *(
        care.session_schedule(actor=world.alice, access=team, kind=SessionKind.MEDICINE,
                              starts_at=timezone.now() + timedelta(days=d), duration_minutes=480)
        for d in (5, 9))
    new_start = (timezone.now() + timedelta(days=3)).replace(microsecond=0, second=0)
    care.session_reschedule(actor=world.alice, access=team, session=moved, starts_at=new_start,
                            duration_minutes=90, location="Room 2")
    care.session_cancel(actor=world.alice, access=team, session=cancelled, reason="The room is flooded")
    _feed, path = new_feed(world.dana)

    calendar = read(path)
    events = events_by_uid(calendar)
    assert set(events) == {uid(s.pk) for s in (moved, cancelled, untouched)}
    event = events[uid(moved.pk)]
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == new_start
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Room 2"
    assert events[uid(cancelled.pk)]["STATUS"] == "CANCELLED"
    assert events[uid(untouched.pk)]["SEQUENCE"] == 0
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert events_by_uid(read(path)).keys() == events.keys()  # the same UIDs on every read


def test_a_second_move_and_a_postponement_each_bump_the_sequence(world: World) -> None:
    team = engagement_access(world.alice, world.engagement)
    for days in (3, 4):
        care.session_reschedule(actor=world.alice, access=team, session=world.session,
                                starts_at=timezone.now() + timedelta(days=days), duration_minutes=60, location="")
    _feed, path = new_feed(world.dana)
    assert events_by_uid(read(path))[uid(world.session.pk)]["SEQUENCE"] == 2
    care.session_postpone(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                          session=world.session)
    event = events_by_uid(read(path))[uid(world.session.pk)]
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 3)


def test_nothing_clinical_unless_the_person_shows_session_kinds(world: World) -> None:
    team = engagement_access(world.alice, world.engagement)
    care.session_schedule(actor=world.alice, access=team, kind=SessionKind.MEDICINE,
                          starts_at=timezone.now() + timedelta(days=6), duration_minutes=480)
    feed, path = new_feed(world.dana)
    raw = Client().get(path).content.decode()
    for word in ("Medicine", "medicine", "Preparation", "Dana", "psychedelic", "Alice"):
        assert word not in raw, word
    assert {str(e["SUMMARY"]) for e in read(path).walk("VEVENT")} == {"Appointment at Juniper"}

    services.calendar_feed_update(actor=world.dana, feed=feed, show_kinds=True)
    assert {str(e["SUMMARY"]) for e in read(path).walk("VEVENT")} == {
        "Medicine session at Juniper", "Preparation at Juniper"}


def test_a_reset_address_and_a_revoked_one_answer_404(world: World) -> None:
    feed, old = new_feed(world.dana)
    assert Client().get(old).status_code == 200
    assert Client().head(old).status_code == 200  # some calendar apps ask with HEAD first
    assert Client().post(old).status_code == 405
    _feed, token = services.calendar_feed_reset(actor=world.dana, feed=feed)
    new = f"/calendar/{token}.ics"
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    services.calendar_feed_revoke(actor=world.dana, feed=feed)
    assert Client().get(new).status_code == 404


def test_a_wrong_secret_a_made_up_token_or_a_deactivated_owner_answer_404(world: World) -> None:
    feed, path = new_feed(world.dana)
    key = path.removeprefix("/calendar/").split("_", 1)[0]
    for token in (f"{key}_not-the-secret", key, "_", "nothing", f"{key}_" + "x" * 300):
        assert Client().get(f"/calendar/{token}.ics").status_code == 404, token
    world.dana.is_active = False
    world.dana.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404


def test_only_a_hash_of_the_secret_is_kept(world: World) -> None:
    feed, path = new_feed(world.dana)
    secret = path.removeprefix("/calendar/").removesuffix(".ics").split("_", 1)[1]
    feed.refresh_from_db()
    assert secret not in feed.secret_hash and len(feed.secret_hash) == 64


def test_the_care_teams_feed_holds_their_clients_sessions_and_the_read_is_recorded_once_a_day(world: World) -> None:
    carls = care.session_schedule(actor=world.carl, access=engagement_access(world.carl, world.eve_engagement),
                                  kind=SessionKind.CONSULTATION, starts_at=timezone.now() + timedelta(days=1),
                                  duration_minutes=50)
    _feed, path = new_feed(world.bea)
    assert set(events_by_uid(read(path))) == {uid(world.session.pk)}  # not carl's client's
    read(path)
    events = AccessEvent.objects.filter(actor=world.bea, what="calendar feed")
    assert [(e.engagement_id, e.via) for e in events] == [(world.engagement.pk, "feed")]

    _feed, eves = new_feed(world.eve)
    assert set(events_by_uid(read(eves))) == {uid(carls.pk)}
    assert not AccessEvent.objects.filter(actor=world.eve).exists()  # her own record

    care.care_team_remove(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          facilitator_id=world.bea.pk)
    assert not list(read(path).walk("VEVENT"))  # off the team, out of her calendar


def test_sessions_older_than_a_year_leave_the_feed(world: World) -> None:
    from cocreate.care.models import Session

    Session.objects.filter(pk=world.session.pk).update(starts_at=timezone.now() - timedelta(days=400))
    _feed, path = new_feed(world.dana)
    assert not list(read(path).walk("VEVENT"))


def test_an_empty_feed_is_still_a_valid_calendar(world: World) -> None:
    _feed, path = new_feed(world.fay)
    calendar = read(path)
    assert calendar["VERSION"] == "2.0" and not list(calendar.walk("VEVENT"))


def test_the_feed_notes_when_a_calendar_last_read_it_to_the_hour(world: World) -> None:
    feed, path = new_feed(world.dana)
    read(path)
    feed.refresh_from_db()
    first = feed.last_read
    assert first is not None
    read(path)
    feed.refresh_from_db()
    assert feed.last_read == first
    assert timezone.localtime(first, ZoneInfo("UTC")) <= timezone.now()
