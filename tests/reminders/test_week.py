"""A week of sessions with the clock driven forward a quarter of an hour at a time: exactly one reminder per
person, per session, per configured time; none for a session cancelled before its reminders; a moved session
reminded anew for its new time; the person's own times and their choice of none respected."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.audit.lock import rewriting
from cocreate.care import services as care
from cocreate.care.models import Session, SessionKind
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.reminders import services
from tests.conftest import World
from tests.reminders.helpers import schedule, sent

STEP = timedelta(minutes=15)
DAY, HOUR = 24 * 60, 60


def test_a_week_of_sessions_gets_each_reminder_once(world: World, mailoutbox: list[Any],
                                                    django_capture_on_commit_callbacks: Any) -> None:
    with rewriting():  # the test sets up its case behind the append-only trail
        Session.objects.filter(pk=world.session.pk).delete()
    start = timezone.now().replace(second=0, microsecond=0)
    services.reminder_preference_set(actor=world.bea, enabled=True, offsets=[DAY], show_kind=False)
    services.reminder_preference_set(actor=world.eve, enabled=False, offsets=None, show_kind=False)
    plain = schedule(world.alice, world.engagement, start + timedelta(days=3, hours=1))
    medicine = schedule(world.alice, world.engagement, start + timedelta(days=4), SessionKind.MEDICINE, 480)
    cancelled = schedule(world.alice, world.engagement, start + timedelta(days=5))
    moved = schedule(world.alice, world.engagement, start + timedelta(days=3, hours=5))
    eves = schedule(world.carl, world.eve_engagement, start + timedelta(days=6, hours=2), SessionKind.CONSULTATION)
    old_start = moved.starts_at

    now, calls = start, 0
    with django_capture_on_commit_callbacks(execute=True):
        while now <= start + timedelta(days=7):
            if now == start + timedelta(days=1, hours=12):  # after the moved session's first reminder
                care.session_reschedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                        session=moved, starts_at=start + timedelta(days=6, hours=8),
                                        duration_minutes=60, location="Room 3")
            if now == start + timedelta(days=2):  # before any of its reminders
                care.session_cancel(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    session=cancelled, reason="The room is needed for repairs")
            services.reminders_send(now=now)
            now, calls = now + STEP, calls + 1

    practice_times = {2 * DAY, 2 * HOUR}
    expected: Counter[tuple[int, str, int]] = Counter()
    for session in (plain, medicine):
        for name, times in (("Dana", practice_times), ("Alice", practice_times), ("Bea", {DAY})):
            expected.update((session.pk, name, m) for m in times)
    # The moved session: its first 48-hour reminder went out for the old time, then all of them for the new one.
    for name, times in (("Dana", practice_times), ("Alice", practice_times), ("Bea", {DAY})):
        expected.update((moved.pk, name, m) for m in times)
    expected.update([(moved.pk, "Dana", 2 * DAY), (moved.pk, "Alice", 2 * DAY)])
    expected.update((eves.pk, "Carl", m) for m in practice_times)  # eve chose none
    assert sent() == expected
    assert calls == 7 * 24 * 4 + 1

    notices = Counter((n.recipient.name, n.url) for n in Notice.objects.filter(kind=NoticeKind.SESSION_REMINDER)
                      .select_related("recipient"))
    reminders = [m for m in mailoutbox if m.subject.startswith("Reminder: ")]
    assert sum(notices.values()) == sum(expected.values()) == len(reminders)
    assert {m.subject.split(",")[0] for m in reminders} == {"Reminder: Appointment at Juniper"}
    assert not any(f"/sessions/{cancelled.pk}/" in url for _name, url in notices)
    moved.refresh_from_db()
    assert moved.starts_at != old_start
