"""Events: each care and accounts service publishes what it changed, inside its transaction; a failing
subscriber undoes the whole change; an after-commit subscriber runs only once the change is saved."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts import services as account_services
from cocreate.accounts.events import PracticeCreated
from cocreate.care import events, services
from cocreate.care.models import Phase, Session, SessionChange, SessionKind, SessionStatus
from cocreate.compose.events import Event, PublishedOutsideTransaction, publish, subscribe, unsubscribe
from cocreate.library.models import Topic
from cocreate.measures.models import Administration
from tests.conftest import World
from tests.measures.service_helpers import assign


@pytest.fixture
def heard() -> Iterator[list[Event]]:
    """Every event published while the test runs, with whether a transaction was open when it was heard."""
    found: list[Event] = []

    def listen(event: Event) -> None:
        assert transaction.get_connection().in_atomic_block
        found.append(event)

    subscribe(Event)(listen)
    yield found
    unsubscribe(Event, listen)


@pytest.fixture
def subscribed() -> Iterator[Callable[..., None]]:
    added: list[tuple[type[Event], Callable[[Any], None]]] = []

    def add(event_type: type[Event], handler: Callable[[Any], None], **options: bool) -> None:
        subscribe(event_type, **options)(handler)
        added.append((event_type, handler))

    yield add
    for event_type, handler in added:
        unsubscribe(event_type, handler)


def later(days: int) -> Any:
    return timezone.now() + timedelta(days=days)


def test_each_session_change_is_announced(world: World, heard: list[Event]) -> None:
    access = engagement_access(world.alice, world.engagement)
    session = services.session_schedule(actor=world.alice, access=access, kind=SessionKind.PREPARATION,
                                        starts_at=later(5), duration_minutes=60)
    first = session.starts_at
    services.session_reschedule(actor=world.alice, access=access, session=session, starts_at=later(6),
                                duration_minutes=60, location="")
    services.session_cancel(actor=world.alice, access=access, session=session, reason="Unwell")
    past = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                  starts_at=later(-1), duration_minutes=60, created_by=world.alice)
    services.session_complete(actor=world.alice, access=access, session=past)

    kinds = [type(e) for e in heard]
    # Scheduling and moving are asked first (SessionPlanning, under the row lock), then announced.
    assert kinds == [events.SessionPlanning, events.SessionScheduled, events.SessionPlanning, events.SessionMoved,
                     events.SessionCancelled, events.SessionCompleted]
    planning = heard[2]
    assert isinstance(planning, events.SessionPlanning) and planning.session is not None
    heard = [e for e in heard if not isinstance(e, events.SessionPlanning)]
    moved = heard[1]
    assert isinstance(moved, events.SessionMoved) and moved.previous_starts_at == first
    assert all(isinstance(e, events.SessionEvent) and e.actor == world.alice for e in heard)
    assert isinstance(heard[2], events.SessionCancelled) and heard[2].reason == "Unwell"


def test_engagement_phase_and_team_changes_are_announced(world: World, heard: list[Event]) -> None:
    engagement = services.engagement_create(actor=world.carl, practice=world.practice, client_id=world.eve.pk,
                                            kind="psychotherapy")
    access = engagement_access(world.carl, engagement)
    services.care_team_add(actor=world.carl, access=access, facilitator_id=world.bea.pk)
    services.care_team_remove(actor=world.carl, access=access, facilitator_id=world.bea.pk)
    services.phase_transition(actor=world.carl, access=access, to_phase=Phase.CLOSED, reason="Ended well")

    assert [type(e) for e in heard] == [events.EngagementOpened, events.CareTeamChanged, events.CareTeamChanged,
                                        events.PhaseMoving, events.PhaseMoved, events.EngagementClosed]
    asking = heard.pop(3)
    assert isinstance(asking, events.PhaseMoving) and (asking.from_phase, asking.to_phase) == ("consultation", "closed")
    added, removed = heard[1], heard[2]
    assert isinstance(added, events.CareTeamChanged) and (added.facilitator_id, added.added) == (world.bea.pk, True)
    assert isinstance(removed, events.CareTeamChanged) and removed.added is False
    moved = heard[3]
    assert isinstance(moved, events.PhaseMoved) and moved.transition.to_phase == Phase.CLOSED


def test_a_new_practice_is_announced_and_gets_its_library(db: None, heard: list[Event]) -> None:
    user = account_services.practice_signup(email="new@example.org", name="New", password="a-long-test-password",
                                            practice_name="New practice")
    (event,) = heard
    assert isinstance(event, PracticeCreated) and event.actor == user
    assert Topic.objects.filter(practice=event.practice).count() > 0  # the library's subscriber seeded it


def test_a_failing_subscriber_undoes_the_whole_change(world: World, subscribed: Callable[..., None]) -> None:
    assign(world, "phq9", "before_sessions", session_kinds=["preparation"])  # measures reacts to sessions too
    before = (Session.objects.count(), SessionChange.objects.count(), Administration.objects.count())

    def refuse(event: events.SessionScheduled) -> None:
        raise RuntimeError("a subscriber failed")

    subscribed(events.SessionScheduled, refuse)
    with pytest.raises(RuntimeError, match="a subscriber failed"):
        services.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                  kind=SessionKind.PREPARATION, starts_at=later(4), duration_minutes=60)
    assert (Session.objects.count(), SessionChange.objects.count(), Administration.objects.count()) == before

    # Without the failing subscriber the same change goes through, with the questionnaire measures plans for it.
    unsubscribe(events.SessionScheduled, refuse)
    session = services.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                        kind=SessionKind.PREPARATION, starts_at=later(4), duration_minutes=60)
    assert Administration.objects.filter(session=session).count() == 1


def test_marking_held_is_undone_with_its_subscriber(world: World, subscribed: Callable[..., None]) -> None:
    past = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                  starts_at=later(-1), duration_minutes=60, created_by=world.alice)

    def refuse(event: events.SessionCompleted) -> None:
        raise RuntimeError("no")

    subscribed(events.SessionCompleted, refuse)
    with pytest.raises(RuntimeError):
        services.session_complete(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                  session=past)
    past.refresh_from_db()
    assert past.status == SessionStatus.SCHEDULED
    assert not SessionChange.objects.filter(session=past).exists()


def test_an_after_commit_subscriber_runs_only_once_saved(
        world: World, subscribed: Callable[..., None], django_capture_on_commit_callbacks: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    ran: list[int] = []

    def mail(event: events.SessionScheduled) -> None:
        ran.append(event.session.pk)
        raise OSError("the mail server is down")

    subscribed(events.SessionScheduled, mail, after_commit=True)
    with django_capture_on_commit_callbacks(execute=True):
        session = services.session_schedule(actor=world.alice,
                                            access=engagement_access(world.alice, world.engagement),
                                            kind=SessionKind.PREPARATION, starts_at=later(4), duration_minutes=60)
        assert ran == []  # not while the change is still open
    assert ran == [session.pk]
    assert Session.objects.filter(pk=session.pk).exists()  # its failure did not undo the saved change
    assert "the mail server is down" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_publishing_outside_a_transaction_is_refused(world: World) -> None:
    with pytest.raises(PublishedOutsideTransaction):
        publish(events.EngagementOpened(actor=world.alice, engagement=world.engagement))


def test_a_handler_subscribed_twice_runs_once(world: World, subscribed: Callable[..., None]) -> None:
    calls: list[Event] = []

    def count(event: Event) -> None:
        calls.append(event)

    subscribed(events.EngagementOpened, count)
    subscribed(events.EngagementOpened, count)
    with transaction.atomic():
        publish(events.EngagementOpened(actor=world.alice, engagement=world.engagement))
    assert len(calls) == 1
