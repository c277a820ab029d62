"""How the inbox reacts to care: everyone on an engagement hears when a session is scheduled, moved or
cancelled, except the person who did it (in the app, and by an email that names no content)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.care.events import SessionCancelled, SessionEvent, SessionMoved, SessionScheduled
from cocreate.care.models import CareTeamMember
from cocreate.compose.events import subscribe
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify


def _when(event: SessionEvent) -> str:
    moment = timezone.localtime(event.session.starts_at)
    return f"{formats.date_format(moment, 'D j M Y, H:i')} ({moment.tzname()})"


@subscribe(SessionScheduled, SessionMoved, SessionCancelled)
def tell_about_the_session(event: SessionEvent) -> None:
    engagement, session = event.engagement, event.session
    names = {"name": event.actor.name, "kind": session.get_kind_display(), "when": _when(event)}
    if isinstance(event, SessionScheduled):
        kind, title = NoticeKind.SESSION_SCHEDULED, _("%(name)s scheduled a session: %(kind)s, %(when)s.") % names
    elif isinstance(event, SessionMoved):
        previous = timezone.localtime(event.previous_starts_at)
        names["before"] = formats.date_format(previous, "D j M, H:i")
        kind, title = NoticeKind.SESSION_MOVED, _("%(name)s moved a session: %(kind)s, now %(when)s (was "
                                                  "%(before)s).") % names
    else:
        kind, title = NoticeKind.SESSION_CANCELLED, _("%(name)s cancelled a session: %(kind)s, %(when)s.") % names
    team = [m.facilitator for m in CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True)
            .select_related("facilitator")]
    notify(recipients=[engagement.client, *team], kind=kind, title=title, engagement=engagement,
           url=reverse("engagement", args=[engagement.pk]) + "#sessions", exclude=event.actor)
