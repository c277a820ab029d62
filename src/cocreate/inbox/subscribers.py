"""How the inbox reacts to care: everyone on an engagement hears when a session is scheduled, moved or
cancelled or postponed, except the person who did it (in the app, and by an email that names no content); the care
team hears when a clinical lead opens the record under emergency access."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.access.events import EmergencyAccessOpened
from cocreate.accounts.models import User
from cocreate.accounts.zones import zone_of
from cocreate.care.events import SessionCancelled, SessionEvent, SessionMoved, SessionPostponed, SessionScheduled
from cocreate.care.models import CareTeamMember
from cocreate.compose.events import subscribe
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import Mail, notify


def _title(event: SessionEvent, zone: ZoneInfo) -> tuple[str, str]:
    """The notice's kind, and its title with the time in the reader's own zone, named."""
    moment = timezone.localtime(event.session.starts_at, zone)
    names = {"name": event.actor.name, "kind": event.session.get_kind_display(),
             "when": f"{formats.date_format(moment, 'D j M Y, H:i')} ({zone.key})"}
    if isinstance(event, SessionScheduled):
        return NoticeKind.SESSION_SCHEDULED, _("%(name)s scheduled a session: %(kind)s, %(when)s.") % names
    if isinstance(event, SessionMoved):
        names["before"] = formats.date_format(timezone.localtime(event.previous_starts_at, zone), "D j M, H:i")
        return NoticeKind.SESSION_MOVED, _("%(name)s moved a session: %(kind)s, now %(when)s (was %(before)s).") % names
    if isinstance(event, SessionPostponed):
        return NoticeKind.SESSION_CANCELLED, _("%(name)s postponed a session: %(kind)s, %(when)s.") % names
    return NoticeKind.SESSION_CANCELLED, _("%(name)s cancelled a session: %(kind)s, %(when)s.") % names


@subscribe(SessionScheduled, SessionMoved, SessionCancelled)
def tell_about_the_session(event: SessionEvent) -> None:
    engagement = event.engagement
    team = CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).values_list(
        "facilitator_id", flat=True)
    people = User.objects.filter(pk__in=[engagement.client_id, *team]).order_by("pk")  # as they are now
    url = reverse("engagement", args=[engagement.pk]) + "#sessions"
    for person in people:
        kind, title = _title(event, ZoneInfo(zone_of(person)))
        notify(recipients=[person], kind=kind, title=title, engagement=engagement, url=url, exclude=event.actor)


@subscribe(EmergencyAccessOpened)
def tell_the_team_of_emergency_access(event: EmergencyAccessOpened) -> None:
    """The care team hears at once who opened the record and that they gave a reason; the email names neither the
    client nor the reason (mail is not a safe place for a record), only who and that it happened."""
    engagement = event.engagement
    team = CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).values_list(
        "facilitator_id", flat=True)
    link = settings.SITE_URL + reverse("inbox")
    mail = Mail(
        subject=_("cocreate: emergency access to a record in your care"),
        body=_("%(name)s, a clinical lead at %(practice)s, opened a record in your care under emergency access, "
               "with a stated reason.\n\nSign in to cocreate to see which record, why and until when:\n%(link)s\n")
        % {"name": event.actor.name, "practice": engagement.practice.name, "link": link},
    )
    url = reverse("engagement", args=[engagement.pk])
    for person in User.objects.filter(pk__in=list(team)).order_by("pk"):
        until = timezone.localtime(event.grant.expires_at, ZoneInfo(zone_of(person)))
        title = _("%(name)s opened %(client)s's record under emergency access until %(until)s, with a stated "
                  "reason.") % {"name": event.actor.name, "client": engagement.client.name,
                                "until": formats.date_format(until, "H:i")}
        notify(recipients=[person], kind=NoticeKind.EMERGENCY_ACCESS, title=title, engagement=engagement, url=url,
               exclude=event.actor, mail=mail)
