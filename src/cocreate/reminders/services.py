"""Writes of the reminders app: a practice's times, a person's own choice, and sending what has fallen due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Practice, Role, User
from cocreate.accounts.zones import zone_of
from cocreate.care.models import Phase, Session, SessionKind, SessionStatus
from cocreate.care.outside import session_title
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import Mail, notify
from cocreate.reminders import selectors
from cocreate.reminders.models import Outcome, PracticeReminders, ReminderPreference, SessionReminder
from cocreate.reminders.offsets import OffsetError, check
from cocreate.reminders.selectors import Due


def _checked(minutes: Iterable[int], field: str) -> list[int]:
    try:
        return check(list(minutes))
    except OffsetError as exc:
        raise ValidationError({field: str(exc)}) from None


def reminder_preference_set(*, actor: User, enabled: bool, offsets: list[int] | None, show_kind: bool
                            ) -> ReminderPreference:
    """The person's own choice; `offsets` None follows each practice's times. Nobody sets another's."""
    chosen = None if offsets is None else _checked(offsets, "offsets_minutes")
    with transaction.atomic():
        preference, _created = ReminderPreference.objects.update_or_create(
            person=actor, defaults={"enabled": enabled, "offsets": chosen, "show_kind": show_kind,
                                    "updated": timezone.now()})
    return preference


def practice_reminders_set(*, actor: User, practice: Practice, offsets: list[int]) -> PracticeReminders:
    """The practice's times before each session; none at all is allowed (people may still choose their own).
    Its admins set them, as they set its time zone."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins set its reminder times."))
    chosen = _checked(offsets, "offsets_minutes")
    with transaction.atomic():
        times, _created = PracticeReminders.objects.update_or_create(
            practice=practice, defaults={"offsets": chosen, "updated_by": actor, "updated": timezone.now()})
    return times


PLACE_SHOWN = 80  # of a long place or link, in the notice's title (which holds 300 characters)


def _tell(session: Session, due: Due) -> None:
    """The notice (in the app: kind, place, and for a medicine session where to read what to bring and the
    transport plan) and its email (the practice and the time; the kind only with the person's leave)."""
    person, engagement = due.person, session.engagement
    zone = ZoneInfo(zone_of(person))
    moment = timezone.localtime(session.starts_at, zone)
    when = f"{formats.date_format(moment, 'l j F Y, H:i')} ({zone.key})"
    place = session.location if len(session.location) <= PLACE_SHOWN else session.location[:PLACE_SHOWN - 1] + "…"
    names = {"kind": session.get_kind_display(), "when": when, "client": engagement.client.name,
             "place": f" · {place}" if place else ""}
    is_client = person.pk == engagement.client_id
    if is_client:
        title = _("Reminder: %(kind)s, %(when)s%(place)s.") % names
    else:
        title = _("Reminder: %(kind)s with %(client)s, %(when)s%(place)s.") % names
    if session.kind == SessionKind.MEDICINE:
        title += " " + (_("What you agreed to bring and your transport plan are on its page.") if is_client
                        else _("What the client agreed to bring and the transport plan are on its page."))
    url = reverse("session_reminder", args=[engagement.pk, session.pk])
    outside = session_title(session, practice_name=engagement.practice.name, show_kind=due.show_kind)
    mail = Mail(
        subject=_("Reminder: %(what)s, %(when)s") % {"what": outside,
                                                    "when": formats.date_format(moment, "l H:i")},
        body=_("%(what)s, %(when)s, %(minutes)d minutes.\n\nSign in to cocreate to see it:\n%(link)s\n\n"
               "To change these reminders or turn them off:\n%(preferences)s\n")
        % {"what": outside, "when": when, "minutes": session.duration_minutes, "link": settings.SITE_URL + url,
           "preferences": settings.SITE_URL + reverse("reminder_preferences")},
    )
    notify(recipients=[person], kind=NoticeKind.SESSION_REMINDER, title=title, url=url, engagement=engagement,
           mail=mail)


def reminders_deliver(due: list[Due], *, now: datetime | None = None) -> int:
    """Send the reminders found due (`selectors.reminders_due`); returns how many went out.

    Each session's in one transaction that re-reads it under a lock: one cancelled, postponed, held or moved
    since it was found due sends nothing (a moved one falls due anew at its new time). Each reminder is claimed
    by inserting its row first; the unique constraint turns away a second sender racing for the same one."""
    now = now or timezone.now()
    sent = 0
    for session_id, group in groupby(due, key=lambda d: d.session.pk):
        items = list(group)
        with transaction.atomic():
            session = (Session.objects.select_for_update(of=("self",))
                       .filter(pk=session_id, status=SessionStatus.SCHEDULED, starts_at=items[0].session.starts_at)
                       .exclude(engagement__phase=Phase.CLOSED)
                       .select_related("engagement__practice", "engagement__client").first())
            if session is None:
                continue
            for item in items:
                try:
                    with transaction.atomic():
                        SessionReminder.objects.create(session=session, person=item.person,
                                                       offset_minutes=item.offset_minutes,
                                                       starts_at=session.starts_at, outcome=item.outcome, at=now)
                except IntegrityError:
                    continue  # another sender claimed it first
                if item.outcome == Outcome.SENT:
                    _tell(session, item)
                    sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """Everything due by now, once: run every few minutes (`cocreate remind`)."""
    now = now or timezone.now()
    return reminders_deliver(selectors.reminders_due(now), now=now)
