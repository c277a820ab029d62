"""Writes of the access app: access events and supervision access grants."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access import recording
from cocreate.access.models import AccessEvent, Basis, SupervisionAccess
from cocreate.access.policy import EngagementAccess, Relation
from cocreate.accounts.models import Practice, Supervision, User


def _keep(events: list[AccessEvent]) -> None:
    """Write the events now, or, inside a request, once its answer shows it was not refused (recording.py)."""
    if not events:
        return
    pending = recording.pending()
    if pending is None:
        AccessEvent.objects.bulk_create(events)
    else:
        pending.extend(events)


def access_record(*, actor: User, access: EngagementAccess, what: str, via: str = "web",
                  once_within: timedelta | None = None) -> None:
    """Leave an access event for a read by anyone but the engagement's own client. With `once_within`, not
    again if the same person read the same thing of it that recently: an image a page embeds (a chart) is
    part of the page view already recorded."""
    if access.relation is Relation.CLIENT:
        return
    if once_within is not None and AccessEvent.objects.filter(
            actor=actor, engagement=access.engagement, what=what, at__gte=timezone.now() - once_within).exists():
        return
    _keep([AccessEvent(actor=actor, engagement=access.engagement, what=what, basis=access.basis,
                       reason=access.reason, via=via)])


def access_record_many(
    *, actor: User, engagement_ids: Iterable[int], what: str, via: str = "web", basis: str = Basis.CARE,
    reason: str = "", once_within: timedelta | None = None,
) -> None:
    """One event per engagement for list pages, written in a single query. With `once_within`, not again for an
    engagement whose same listing by the same person (on the same basis and reason) is that recent: one query
    finds those, and when every one is, nothing is written. A list reread every few minutes then costs one row
    per engagement per window, and the client's log still says who saw their name and when, to the window."""
    ids = list(dict.fromkeys(engagement_ids))
    if ids and once_within:
        # The newest rows of each engagement lead its index (engagement, -at); nothing of this list outside
        # the window is read.
        recent = set(AccessEvent.objects.filter(
            actor=actor, what=what, basis=basis, reason=reason, engagement_id__in=ids,
            at__gte=timezone.now() - once_within,
        ).values_list("engagement_id", flat=True))
        pending = recording.pending() or []
        recent |= {e.engagement_id for e in pending
                   if e.actor_id == actor.pk and e.what == what and e.basis == basis and e.reason == reason}
        ids = [pk for pk in ids if pk not in recent]
    _keep([AccessEvent(actor=actor, engagement_id=pk, what=what, basis=basis, reason=reason, via=via)
           for pk in ids])


def supervision_access_start(*, actor: User, practice: Practice, supervisee: User, reason: str) -> SupervisionAccess:
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Say in a sentence why you need to open this caseload.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    if not Supervision.objects.filter(practice=practice, supervisor=actor, supervisee=supervisee).exists():
        raise ValidationError({"supervisee": _("You do not supervise this facilitator.")})
    with transaction.atomic():
        return SupervisionAccess.objects.create(
            practice=practice,
            supervisor=actor,
            supervisee=supervisee,
            reason=reason,
            expires_at=timezone.now() + settings.SUPERVISION_ACCESS_TTL,
        )
