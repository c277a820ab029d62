"""Everyone on an engagement hears when a session is scheduled, moved or cancelled, except whoever did it: in the
inbox with the time and its zone, and by an email that names neither."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services
from cocreate.care.models import SessionKind
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World


def kinds(user: Any) -> list[str]:
    return [n.kind for n in Notice.objects.filter(recipient=user).order_by("created", "pk")]


def test_the_client_and_the_rest_of_the_team_hear_of_every_change(world: World, mailoutbox: list[Any],
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    team = engagement_access(world.alice, world.engagement)
    with django_capture_on_commit_callbacks(execute=True):
        session = services.session_schedule(actor=world.alice, access=team, kind=SessionKind.MEDICINE,
                                            starts_at=timezone.now() + timedelta(days=20), duration_minutes=480)
    (notice,) = Notice.objects.filter(recipient=world.dana)
    assert notice.title.startswith("Alice scheduled a session: Medicine session, ") and "(UTC)" in notice.title
    assert notice.url == f"/engagements/{world.engagement.pk}/#sessions"
    assert kinds(world.alice) == []  # not the person who did it
    assert kinds(world.bea) == [NoticeKind.SESSION_SCHEDULED]
    email = next(m for m in mailoutbox if m.to == [world.dana.email])
    assert "Medicine" not in email.body + email.subject and "session was scheduled" in email.subject

    services.session_reschedule(actor=world.alice, access=team, session=session,
                                starts_at=timezone.now() + timedelta(days=21), duration_minutes=480, location="")
    services.session_cancel(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                            session=session, reason="I need more time to prepare")
    assert kinds(world.dana) == [NoticeKind.SESSION_SCHEDULED, NoticeKind.SESSION_MOVED]  # she cancelled it
    assert kinds(world.alice) == [NoticeKind.SESSION_CANCELLED]
    assert "(was " in Notice.objects.get(recipient=world.bea, kind=NoticeKind.SESSION_MOVED).title
