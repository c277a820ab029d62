"""Ruptures and their repair: either side names a strain in the work in their own words, either side records what
they did towards repair, and only the client says whether it feels repaired. A rupture still open after a set time,
or a second one named while another is open, is raised with the supervisor, once.

Reads (selectors) come first, then writes (services); each write is one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import Supervision, User
from cocreate.alliance.common import client_only, not_supervisor, still_open, supervisors_of
from cocreate.alliance.models import TEXT_MAX, Repair, RepairWord, Rupture
from cocreate.care.models import OFF, Engagement, Phase, Session
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import Mail, notify
from cocreate.text import clean_text

SESSIONS_OFFERED = 20  # the latest sessions a rupture may be tied to, on the form


def ruptures_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("alliance_ruptures", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


# Reads.

def _latest_word() -> QuerySet[RepairWord]:
    return RepairWord.objects.filter(rupture=OuterRef("pk")).order_by("-created", "-id")


class State(TypedDict):
    is_repaired: bool
    word_at: datetime | None


if TYPE_CHECKING:  # a rupture with its state read in the same query
    Stated = WithAnnotations[Rupture, State]
else:
    Stated = Rupture


def with_state(rows: QuerySet[Rupture]) -> QuerySet[Stated]:
    """Each rupture with `is_repaired` (the client's latest word) and `word_at` (when they last said), in the
    same query."""
    return rows.annotate(
        is_repaired=Coalesce(Subquery(_latest_word().values("repaired")[:1]), Value(False),
                             output_field=BooleanField()),
        word_at=Subquery(_latest_word().values("created")[:1]),
    )


def open_ruptures(engagement_ids: set[int] | list[int]) -> QuerySet[Stated]:
    return with_state(Rupture.objects.filter(engagement_id__in=engagement_ids)).filter(is_repaired=False)


def ruptures_of(access: EngagementAccess) -> list[Stated]:
    """Every rupture of the engagement, newest first, with its repairs and the client's words (one query each,
    however many there are)."""
    return list(with_state(Rupture.objects.filter(engagement=access.engagement))
                .select_related("named_by", "session").prefetch_related("repairs__by", "words"))


def rupture_in(access: EngagementAccess, pk: int) -> Stated:
    found = (with_state(Rupture.objects.filter(engagement=access.engagement, pk=pk))
             .select_related("named_by", "session").prefetch_related("repairs__by", "words").first())
    if found is None:
        raise Http404
    return found


def sessions_to_name(access: EngagementAccess) -> list[Session]:
    """The sessions a rupture may be tied to: those that have begun and were not called off, newest first."""
    return list(Session.objects.filter(engagement=access.engagement, starts_at__lte=timezone.now())
                .exclude(status__in=OFF).order_by("-starts_at")[:SESSIONS_OFFERED])


def supervisors_for(engagement: Engagement) -> list[User]:
    """Who a rupture is raised with: the supervisors of the care team's facilitators, or else the practice's."""
    practice_supervisors = supervisors_of(engagement.practice)
    team = [u.pk for u in facilitators_on(engagement)]
    theirs = set(Supervision.objects.filter(practice_id=engagement.practice_id, supervisee_id__in=team)
                 .values_list("supervisor_id", flat=True))
    return [u for u in practice_supervisors if u.pk in theirs] or practice_supervisors


# Writes.

def _session_here(access: EngagementAccess, session_id: int | None) -> Session | None:
    if session_id is None:
        return None
    session = Session.objects.filter(engagement=access.engagement, pk=session_id).first()
    if session is None:
        raise ValidationError({"session": _("Choose one of your sessions, or none.")})
    return session


def _tell_other_side(access: EngagementAccess, actor: User, *, to_client: str, to_team: str, url: str) -> None:
    """Tell the other side, with an email that says only that there is something to read."""
    mail = Mail(subject=_("cocreate: something about your work together"),
                body=_("There is something new about your work together in cocreate.\n\nSign in to see it:\n"
                       "%(link)s\n") % {"link": settings.SITE_URL + reverse("inbox")})
    engagement = access.engagement
    if access.is_client:
        notify(recipients=facilitators_on(engagement), kind=NoticeKind.RUPTURE_NAMED, title=to_team, url=url,
               engagement=engagement, exclude=actor, mail=mail)
    else:
        notify(recipients=[engagement.client], kind=NoticeKind.RUPTURE_NAMED, title=to_client, url=url,
               engagement=engagement, exclude=actor, mail=mail)


def rupture_name(*, actor: User, access: EngagementAccess, description: str,
                 session_id: int | None = None) -> Rupture:
    """Either side names a rupture in their own words; the other side is told (the notice names no content). A
    second one named while another is still open is raised with the supervisor at once."""
    not_supervisor(access)
    still_open(access)
    description = _words(description, "description", required=True,
                         message=_("Say what happened, in your own words. A few words are enough."))
    session = _session_here(access, session_id)
    with transaction.atomic():
        # The engagement's row lock: two ruptures named at once both see each other.
        Engagement.objects.select_for_update().filter(pk=access.engagement.pk).first()
        rupture = Rupture.objects.create(engagement=access.engagement, named_by=actor, session=session,
                                         description=description)
        url = ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}")
        client = access.engagement.client.name
        _tell_other_side(access, actor, url=url,
                         to_client=_("Your care team named something that has not felt right in your work "
                                     "together."),
                         to_team=_("%(client)s named something that has not felt right in the work together.")
                         % {"client": client})
        if open_ruptures([access.engagement.pk]).exclude(pk=rupture.pk).exists():
            rupture_raise(rupture, reason=_("A second strain was named while another is still open."))
    return rupture


def _words(value: str, field: str, *, required: bool, message: str = "") -> str:
    return clean_text(value, field, max_length=TEXT_MAX, required=required, message=message)


def repair_add(*, actor: User, access: EngagementAccess, rupture: Rupture, description: str) -> Repair:
    """Either side records something done towards repair. It does not close the rupture: only the client's word
    does."""
    not_supervisor(access)
    still_open(access)
    if rupture.engagement_id != access.engagement.pk:
        raise Http404
    description = _words(description, "description", required=True,
                         message=_("Say what was done or said towards repair."))
    with transaction.atomic():
        repair = Repair.objects.create(rupture=rupture, by=actor, description=description)
        _tell_other_side(access, actor, url=ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}"),
                         to_client=_("Your care team recorded a step towards repair. When you are ready, you can "
                                     "say whether it feels repaired."),
                         to_team=_("%(client)s recorded a step towards repair.")
                         % {"client": access.engagement.client.name})
    return repair


def repair_word(*, actor: User, access: EngagementAccess, rupture: Rupture, repaired: bool,
                note: str = "") -> RepairWord:
    """The client alone says whether it feels repaired, or not yet; the latest word counts, earlier ones stay."""
    client_only(access, _("Only the client says whether it feels repaired."))
    still_open(access)
    if rupture.engagement_id != access.engagement.pk:
        raise Http404
    note = _words(note, "note", required=False)
    with transaction.atomic():
        word = RepairWord.objects.create(rupture=rupture, client=actor, repaired=repaired, note=note)
        said = (_("%(client)s said a strain in the work together feels repaired.") if repaired
                else _("%(client)s said a strain in the work together does not feel repaired yet."))
        _tell_other_side(access, actor, url=ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}"),
                         to_client="", to_team=said % {"client": access.engagement.client.name})
    return word


def rupture_raise(rupture: Rupture, *, reason: str, now: datetime | None = None) -> bool:
    """Raise the rupture with the supervisor, once: claimed under its row lock, so two senders raise it once, and
    not at all if the client has meanwhile said it feels repaired. Returns whether this call raised it."""
    with transaction.atomic():
        locked = (Rupture.objects.select_for_update().select_related("engagement__client", "engagement__practice")
                  .filter(pk=rupture.pk, raised_at__isnull=True).first())
        if locked is None or RepairWord.objects.filter(rupture=locked).order_by("-created", "-id").values_list(
                "repaired", flat=True).first():
            return False
        locked.raised_at, locked.raised_reason = now or timezone.now(), reason[:300]
        locked.save(update_fields=["raised_at", "raised_reason"])
        engagement = locked.engagement
        notify(recipients=supervisors_for(engagement), kind=NoticeKind.RUPTURE_RAISED,
               title=_("A strain in %(client)s's work needs your attention.") % {"client": engagement.client.name},
               url=ruptures_url(engagement.pk, f"rupture-{locked.pk}"), engagement=engagement,
               subject=f"rupture:{locked.pk}")
    rupture.raised_at, rupture.raised_reason = locked.raised_at, locked.raised_reason
    return True


def ruptures_raise_due(*, now: datetime | None = None) -> int:
    """Raise every rupture still open after RUPTURE_RAISE_AFTER_DAYS and not raised yet; returns how many.
    Run by `cocreate remind`; running it again raises nothing twice."""
    now = now or timezone.now()
    days = settings.RUPTURE_RAISE_AFTER_DAYS
    due = list(with_state(Rupture.objects.filter(raised_at__isnull=True, created__lte=now - timedelta(days=days))
                          .exclude(engagement__phase=Phase.CLOSED)).filter(is_repaired=False).order_by("created"))
    reason = _("Not yet felt as repaired after %(days)d days.") % {"days": days}
    return sum(1 for rupture in due if rupture_raise(rupture, reason=reason, now=now))

