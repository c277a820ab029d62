"""Ending the work together. The client ends it at once, or asks to; the care team proposes it. The other side
agrees or declines. The client's reasons are kept in their own words and never asked for; a referral out records
where to. The engagement closes through care's own services and is never deleted: the client keeps reading it.

Reads (selectors) come first, then writes (services); each write is one transaction under the engagement's lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed
from cocreate.accounts.models import User
from cocreate.alliance.common import not_supervisor, still_open, tell_client, tell_other_side, tell_team
from cocreate.alliance.models import SHORT_MAX, TEXT_MAX, Ending, EndingState
from cocreate.care import services as care
from cocreate.care.events import EngagementClosed
from cocreate.care.models import Engagement, Phase
from cocreate.compose.events import subscribe
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.text import clean_text

PENDING = EndingState.PROPOSED


def ending_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("alliance_ending", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


# Reads.

@dataclass(frozen=True)
class Endings:
    """An engagement's endings, newest first: the one waiting for an answer, the one that ended the work."""

    rows: list[Ending]

    @property
    def pending(self) -> Ending | None:
        return next((e for e in self.rows if e.state == PENDING), None)

    @property
    def agreed(self) -> Ending | None:
        return next((e for e in self.rows if e.state == EndingState.AGREED), None)


def endings_of(engagement: Engagement) -> Endings:
    rows = Ending.objects.filter(engagement=engagement).select_related("engagement", "proposed_by", "decided_by")
    return Endings(list(rows))


def ending_in(access: EngagementAccess, pk: int) -> Ending:
    ending = Ending.objects.filter(engagement=access.engagement, pk=pk).first()
    if ending is None:
        raise Http404
    return ending


def by_client(ending: Ending) -> bool:
    return ending.proposed_by_id == ending.engagement.client_id


def waits_for(ending: Ending, access: EngagementAccess) -> bool:
    """A pending ending waits for the other side: the client's ask for the care team, the team's proposal for
    the client."""
    return ending.state == PENDING and by_client(ending) != access.is_client


# Writes.

def _reasons(reasons: str) -> str:
    return clean_text(reasons, "reasons", max_length=TEXT_MAX, required=False)


def _referral(referral_to: str) -> str:
    return clean_text(referral_to, "referral_to", max_length=SHORT_MAX, required=False)


def _open_and_locked(access: EngagementAccess) -> Engagement:
    engagement = care.engagement_locked(access.engagement)
    if engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed.")})
    return engagement


def _pending_now(access: EngagementAccess, ending: Ending) -> Ending:
    """The ending re-read under the lock: still waiting for an answer."""
    fresh = Ending.objects.filter(pk=ending.pk, engagement=access.engagement).select_related("engagement").first()
    if fresh is None:
        raise Http404
    if fresh.state != PENDING:
        raise ValidationError({"__all__": _("This has already been answered.")})
    return fresh


def ending_now(*, actor: User, access: EngagementAccess, reasons: str = "", referral_to: str = "") -> Ending:
    """The client ends the work at once. Nobody's acceptance is needed and no reason is asked; the care team is
    told. An ending already proposed (by either side) is the one that is settled."""
    if not access.is_client:
        raise NotAllowed(_("The client ends the work at once; the care team proposes ending."))
    reasons, referral_to = _reasons(reasons), _referral(referral_to)
    with transaction.atomic():
        engagement = _open_and_locked(access)
        # Agreed before care closes the engagement, so the closing finds the work already ended here.
        ending = Ending.objects.filter(engagement=engagement, state=PENDING).first()
        if ending is None:
            ending = Ending.objects.create(engagement=engagement, proposed_by=actor, state=EndingState.AGREED,
                                           decided_at=timezone.now(), decided_by=actor, reasons=reasons,
                                           referral_to=referral_to)
        else:
            ending.state, ending.decided_at, ending.decided_by = EndingState.AGREED, timezone.now(), actor
            ending.reasons = reasons or ending.reasons
            ending.referral_to = referral_to or ending.referral_to
            ending.save(update_fields=["state", "decided_at", "decided_by", "reasons", "referral_to"])
        care.engagement_end_by_client(actor=actor, access=access, reason=_("Ended by the client."))
        tell_team(access, kind=NoticeKind.ENDING, title=_("%(name)s ended your work together.")
                  % {"name": actor.name}, url=ending_url(engagement.pk), actor=actor)
    return ending


def ending_propose(*, actor: User, access: EngagementAccess, reasons: str = "", note: str = "",
                   referral_to: str = "") -> Ending:
    """The client asks to end (their reasons optional); the care team proposes ending, with a note the client
    reads. Nothing closes until the other side agrees."""
    not_supervisor(access)
    still_open(access)
    client = access.engagement.client
    if access.is_client:
        reasons, note = _reasons(reasons), ""
    else:
        if reasons.strip():
            raise ValidationError({"reasons": _("The reasons are the client's own words; write your note instead.")})
        note = clean_text(note, "note", max_length=TEXT_MAX, message=_(
            "Say in a few words why you propose ending; %(name)s will read it.") % {"name": client.name})
    referral_to = _referral(referral_to)
    with transaction.atomic():
        engagement = _open_and_locked(access)
        if Ending.objects.filter(engagement=engagement, state=PENDING).exists():
            raise ValidationError({"__all__": _("An ending is already proposed: answer it, or withdraw it, first.")})
        ending = Ending.objects.create(engagement=engagement, proposed_by=actor, reasons=reasons, team_note=note,
                                       referral_to=referral_to)
        url = ending_url(engagement.pk)
        tell_other_side(access, kind=NoticeKind.ENDING, url=url, actor=actor,
                        to_team=_("%(name)s asks to end your work together.") % {"name": actor.name},
                        to_client=_("Your care team proposes ending your work together."))
    return ending


def _other_side(access: EngagementAccess, ending: Ending) -> None:
    not_supervisor(access)
    if by_client(ending) == access.is_client:
        raise ValidationError({"__all__": _("This is your side's: the other side answers it.")})


def ending_agree(*, actor: User, access: EngagementAccess, ending: Ending, reasons: str = "") -> Ending:
    """The other side agrees, and the engagement closes: the client agreeing to the care team's proposal ends
    it as the client; the care team agreeing to the client's ask moves it to closed as the care team."""
    reasons = _reasons(reasons) if access.is_client else ""
    with transaction.atomic():
        _open_and_locked(access)
        ending = _pending_now(access, ending)
        _other_side(access, ending)
        ending.state, ending.decided_at, ending.decided_by = EndingState.AGREED, timezone.now(), actor
        ending.reasons = reasons or ending.reasons
        ending.save(update_fields=["state", "decided_at", "decided_by", "reasons"])
        url = ending_url(ending.engagement_id)
        if access.is_client:
            care.engagement_end_by_client(actor=actor, access=access, reason=_("Ending agreed."))
            tell_team(access, kind=NoticeKind.ENDING, title=_("%(name)s agreed to end your work together.")
                      % {"name": actor.name}, url=url, actor=actor)
        else:
            care.phase_transition(actor=actor, access=access, to_phase=Phase.CLOSED,
                                  reason=_("Ending agreed, as the client asked."))
            tell_client(access, kind=NoticeKind.ENDING, title=_("Your care team agreed: your work together has ended."),
                        url=url, actor=actor)
            tell_team(access, kind=NoticeKind.ENDING, title=_("%(name)s agreed to end the work with %(client)s.")
                      % {"name": actor.name, "client": access.engagement.client.name}, url=url, actor=actor)
    return ending


def ending_decline(*, actor: User, access: EngagementAccess, ending: Ending, note: str = "") -> Ending:
    """The other side says not now. The client gives no reason; the care team says why, for the client to read
    (the client may still end the work at once)."""
    if access.is_client:
        note = ""
    else:
        note = clean_text(note, "note", max_length=TEXT_MAX, message=_(
            "Say why, so %(name)s can respond.") % {"name": access.engagement.client.name})
    with transaction.atomic():
        _open_and_locked(access)
        ending = _pending_now(access, ending)
        _other_side(access, ending)
        ending.state, ending.decided_at, ending.decided_by = EndingState.DECLINED, timezone.now(), actor
        ending.team_note = note or ending.team_note
        ending.save(update_fields=["state", "decided_at", "decided_by", "team_note"])
        url = ending_url(ending.engagement_id)
        tell_other_side(access, kind=NoticeKind.ENDING, url=url, actor=actor,
                        to_team=_("%(name)s would rather not end the work now.") % {"name": actor.name},
                        to_client=_("Your care team answered your request to end."))
    return ending


def ending_withdraw(*, actor: User, access: EngagementAccess, ending: Ending) -> Ending:
    """The side that proposed takes it back, while it still waits for an answer."""
    not_supervisor(access)
    with transaction.atomic():
        _open_and_locked(access)
        ending = _pending_now(access, ending)
        if by_client(ending) != access.is_client:
            raise ValidationError({"__all__": _("Only the side that proposed it can withdraw it.")})
        ending.state, ending.decided_at, ending.decided_by = EndingState.WITHDRAWN, timezone.now(), actor
        ending.save(update_fields=["state", "decided_at", "decided_by"])
        url = ending_url(ending.engagement_id)
        tell_other_side(access, kind=NoticeKind.ENDING, url=url, actor=actor,
                        to_team=_("%(name)s withdrew their request to end.") % {"name": actor.name},
                        to_client=_("Your care team withdrew its proposal to end."))
    return ending


def referral_record(*, actor: User, access: EngagementAccess, referral_to: str) -> Ending:
    """Where the client is referred on to, kept with the ending (the one that ended the work, else the one
    proposed); also once the engagement has closed."""
    not_supervisor(access)
    referral_to = clean_text(referral_to, "referral_to", max_length=SHORT_MAX,
                             message=_("Say where to: a person, a service or a place."))
    with transaction.atomic():
        engagement = care.engagement_locked(access.engagement)
        found = endings_of(engagement)
        ending = found.agreed or found.pending
        if ending is None:
            raise ValidationError({"referral_to": _("A referral is kept with an ending: propose ending first.")})
        ending.referral_to = referral_to
        ending.save(update_fields=["referral_to"])
        title = _("A referral was recorded for after your work together.")
        url = ending_url(engagement.pk)
        if access.is_client:
            tell_team(access, kind=NoticeKind.ENDING, title=title, url=url, actor=actor)
        else:
            tell_client(access, kind=NoticeKind.ENDING, title=title, url=url, actor=actor)
    return ending


@subscribe(EngagementClosed)
def closed_elsewhere(event: EngagementClosed) -> None:
    """The care team closed the engagement by moving its phase, not through an ending here: the client's pending
    ask counts as agreed, a pending proposal of the team's gives way, and the closing is kept as an ending the
    client is told of (with the reason the team gave), so every ending is on the ending page."""
    engagement = event.engagement
    pending = list(Ending.objects.filter(engagement=engagement, state__in=[PENDING, EndingState.AGREED]))
    if any(e.state == EndingState.AGREED for e in pending):
        return  # ended here: the ending was agreed before care closed it
    now, actor = timezone.now(), event.actor
    asked = next((e for e in pending if e.proposed_by_id == engagement.client_id), None)
    if asked is not None:
        asked.state, asked.decided_at, asked.decided_by = EndingState.AGREED, now, actor
        asked.save(update_fields=["state", "decided_at", "decided_by"])
    else:
        Ending.objects.filter(engagement=engagement, state=PENDING).update(
            state=EndingState.WITHDRAWN, decided_at=now, decided_by=actor)
        Ending.objects.create(engagement=engagement, proposed_by=actor, state=EndingState.AGREED, decided_at=now,
                              decided_by=actor, team_note=event.transition.reason[:TEXT_MAX])
    if actor.pk != engagement.client_id:
        notify(recipients=[engagement.client], kind=NoticeKind.ENDING, engagement=engagement, exclude=actor,
               title=_("Your care team closed your engagement. Your record stays yours to read."),
               url=ending_url(engagement.pk))
