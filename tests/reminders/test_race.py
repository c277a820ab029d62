"""Real threads on a file database: two senders run at the same moment over the same due reminders, round after
round. Each reminder goes out once: the unique constraint on (session, person, time before, start) turns the
slower sender away, whichever it is."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from cocreate.audit.lock import rewriting
from cocreate.care.models import Session, SessionKind
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.reminders import selectors, services
from cocreate.reminders.models import SessionReminder
from tests.conftest import World
from tests.reminders.helpers import schedule
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 8


def test_the_senders_share_one_database_file(world: World) -> None:
    name = str(connection.settings_dict["NAME"])
    assert name != ":memory:" and "mode=memory" not in name, name


def test_two_senders_at_once_never_send_a_reminder_twice(world: World, mailoutbox: list[Any]) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        Session.objects.filter(pk=world.session.pk).delete()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=4)
    for i in range(ROUNDS):
        session = schedule(world.alice, world.engagement, start + timedelta(hours=3 * i), SessionKind.INTEGRATION)
        now = session.starts_at - timedelta(hours=47)
        outcomes = race(lambda: services.reminders_send(now=now),  # noqa: B023 - run within the round
                        lambda: services.reminders_send(now=now))  # noqa: B023
        assert all(isinstance(o, int) for o in outcomes), outcomes
        assert sum(outcomes) == 3, outcomes  # dana, alice and bea, once each, whichever sender won
        rows = SessionReminder.objects.filter(session=session)
        assert sorted(r.person.name for r in rows) == ["Alice", "Bea", "Dana"]
        assert Notice.objects.filter(kind=NoticeKind.SESSION_REMINDER, url__contains=f"/sessions/{session.pk}/"
                                     ).count() == 3
    assert len([m for m in mailoutbox if m.subject.startswith("Reminder: ")]) == 3 * ROUNDS


def test_two_senders_given_the_same_due_reminders_send_each_once(world: World, mailoutbox: list[Any]) -> None:
    """Both senders found the same reminders due before either sent one: only the constraint stands between them."""
    with rewriting():  # the test sets up its case behind the append-only trail
        Session.objects.filter(pk=world.session.pk).delete()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=4)
    for i in range(ROUNDS):
        session = schedule(world.alice, world.engagement, start + timedelta(hours=3 * i), SessionKind.INTEGRATION)
        now = session.starts_at - timedelta(hours=47)
        due = selectors.reminders_due(now)
        assert len(due) == 3
        outcomes = race(lambda: services.reminders_deliver(due, now=now),  # noqa: B023 - run within the round
                        lambda: services.reminders_deliver(due, now=now))  # noqa: B023
        assert sorted(outcomes) == [0, 3], outcomes  # the winner sent all three, the other none
        assert SessionReminder.objects.filter(session=session).count() == 3
    assert len([m for m in mailoutbox if m.subject.startswith("Reminder: ")]) == 3 * ROUNDS
