"""The client's voice in their care team. A facilitator proposes a colleague, saying why; the client accepts (and
the colleague joins, through care's own service) or declines, without a reason. A transfer is a proposal whose
proposer hands over to the colleague, and the client chooses what of the record is shared with them; private
notes are their author's alone and can never be shared. Emergency cover is the exception: a colleague joins at
once with a reason, for a limited time (72 hours unless said otherwise), and the client is told at once, may
keep them on, or end the cover.

Reads (selectors) come first, then writes (services); each write is one transaction under the engagement's lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.policy import EngagementAccess, Relation, engagement_access
from cocreate.accounts.models import Membership, Role, User
from cocreate.alliance.common import client_only, still_open, team_only, tell_client, tell_team
from cocreate.alliance.models import TEXT_MAX, EndingState, TeamProposal
from cocreate.care import selectors as care_selectors
from cocreate.care import services as care
from cocreate.care.events import EngagementClosed
from cocreate.care.models import Engagement
from cocreate.compose.events import subscribe
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.text import clean_text

PENDING = EndingState.PROPOSED
COVER_HOURS = 72
MAX_COVER_HOURS = 14 * 24

# What a client may choose to share with the facilitator a transfer brings in, in the words the client reads.
SHAREABLE: dict[str, Promise] = {
    "agreements": gettext_lazy("Our agreements: goals, plans and consent"),
    "shared_notes": gettext_lazy("Our shared notes"),
    "measures": gettext_lazy("Questionnaires and their scores"),
    "medicine": gettext_lazy("The record of medicine sessions"),
    "integration": gettext_lazy("Integration entries you have already shared"),
}
NEVER_SHARED = "private_notes"  # a facilitator's process notes: their author's alone, whatever anyone asks


def team_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("alliance_team", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


# Reads.

def proposals_of(engagement: Engagement) -> list[TeamProposal]:
    return list(TeamProposal.objects.filter(engagement=engagement).select_related("facilitator", "proposed_by"))


def proposal_in(access: EngagementAccess, pk: int) -> TeamProposal:
    proposal = TeamProposal.objects.filter(engagement=access.engagement, pk=pk).select_related(
        "facilitator", "proposed_by").first()
    if proposal is None:
        raise Http404
    return proposal


def is_cover(proposal: TeamProposal) -> bool:
    return proposal.emergency_until is not None


def covers_in_force(proposals: Iterable[TeamProposal]) -> list[TeamProposal]:
    """Emergency cover still running: neither kept on by the client nor ended."""
    return [p for p in proposals if is_cover(p) and p.state == PENDING]


def shared_labels(proposal: TeamProposal) -> list[str]:
    return [str(SHAREABLE[key]) for key in proposal.shared if key in SHAREABLE]


def when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "D j M, H:i")


# Writes.

def clean_shared(values: Iterable[object]) -> list[str]:
    """The client's choice of what a transfer shares, each once, in the list's order. Private notes are refused
    by name: nobody can share them, not even the client."""
    chosen = {str(v).strip() for v in values if str(v).strip()}
    if NEVER_SHARED in chosen:
        raise ValidationError({"shared": _("Private notes are their author's alone: they can never be shared.")})
    unknown = chosen - set(SHAREABLE)
    if unknown:
        raise ValidationError({"shared": _("Choose from the list: %(known)s.") % {"known": ", ".join(SHAREABLE)}})
    return [key for key in SHAREABLE if key in chosen]


def _colleague(engagement: Engagement, facilitator_id: int) -> User:
    """A facilitator of the engagement's practice who is not on its care team yet."""
    membership = (Membership.objects.filter(practice_id=engagement.practice_id, user_id=facilitator_id,
                                            role=Role.FACILITATOR, user__is_active=True)
                  .select_related("user").first())
    if membership is None:
        raise ValidationError({"facilitator": _("Choose a facilitator of this practice.")})
    if any(m.facilitator_id == facilitator_id for m in care_selectors.care_team(engagement)):
        raise ValidationError({"facilitator": _("%(name)s is already on the care team.")
                               % {"name": membership.user.name}})
    return membership.user


def _for_the_team(engagement: Engagement, *first: User) -> tuple[User, EngagementAccess]:
    """A care-team member and their access, to act in the team's name once the client has decided (the colleague
    joins on the team's proposal): the first of `first` still on the team, else whoever is."""
    team = [m.facilitator for m in care_selectors.care_team(engagement)]
    on_team = {person.pk for person in team}
    for person in [*first, *team]:
        if person.pk not in on_team:
            continue
        try:
            access = engagement_access(person, engagement)
        except (Http404, PermissionDenied):
            continue
        if access.relation is Relation.CARE_TEAM:
            return person, access
    raise ValidationError({"__all__": _("Nobody on the care team can act on this now; ask the practice.")})


def _locked(access: EngagementAccess, proposal: TeamProposal) -> TeamProposal:
    care.engagement_locked(access.engagement)
    fresh = TeamProposal.objects.filter(pk=proposal.pk, engagement=access.engagement).select_related(
        "facilitator", "proposed_by").first()
    if fresh is None:
        raise Http404
    if fresh.state != PENDING:
        raise ValidationError({"__all__": _("This has already been decided.")})
    return fresh


def team_propose(*, actor: User, access: EngagementAccess, facilitator_id: int, why: str,
                 transfer: bool = False) -> TeamProposal:
    """A facilitator proposes a colleague for the client's care team (or, as a transfer, to hand over to), saying
    why for the client to read. Nobody joins until the client accepts."""
    team_only(access, _("The care team proposes colleagues; the client decides."))
    still_open(access)
    why = clean_text(why, "why", max_length=TEXT_MAX, message=_(
        "Say why, in a few words %(name)s will read.") % {"name": access.engagement.client.name})
    with transaction.atomic():
        engagement = care.engagement_locked(access.engagement)
        colleague = _colleague(engagement, facilitator_id)
        if TeamProposal.objects.filter(engagement=engagement, facilitator=colleague, state=PENDING).exists():
            raise ValidationError({"facilitator": _("%(name)s is already proposed; %(client)s has not decided yet.")
                                   % {"name": colleague.name, "client": engagement.client.name}})
        proposal = TeamProposal.objects.create(engagement=engagement, facilitator=colleague, proposed_by=actor,
                                               why=why, transfer=transfer)
        title = (_("%(name)s proposes handing over your care to %(colleague)s. You decide.") if transfer
                 else _("%(name)s proposes %(colleague)s for your care team. You decide."))
        tell_client(access, kind=NoticeKind.TEAM_PROPOSAL, title=title % {"name": actor.name,
                                                                         "colleague": colleague.name},
                    url=team_url(engagement.pk, f"proposal-{proposal.pk}"), actor=actor)
    return proposal


def team_proposal_accept(*, actor: User, access: EngagementAccess, proposal: TeamProposal,
                         shared: Iterable[object] = ()) -> TeamProposal:
    """The client accepts: the colleague joins (on a transfer the proposer then leaves, and what the client chose
    to share is kept). Accepting emergency cover keeps the colleague on after the cover's time."""
    client_only(access, _("The client decides who joins their care team."))
    chosen = clean_shared(shared)
    with transaction.atomic():
        proposal = _locked(access, proposal)
        if chosen and not proposal.transfer:
            raise ValidationError({"shared": _("Only a transfer asks what to share.")})
        engagement = access.engagement
        team = {m.facilitator_id for m in care_selectors.care_team(engagement)}
        if proposal.facilitator_id not in team:
            member, on_behalf = _for_the_team(engagement, proposal.proposed_by)
            care.care_team_add(actor=member, access=on_behalf, facilitator_id=proposal.facilitator_id)
        if proposal.transfer and proposal.proposed_by_id in team:
            member, on_behalf = _for_the_team(engagement, proposal.proposed_by)
            care.care_team_remove(actor=member, access=on_behalf, facilitator_id=proposal.proposed_by_id)
        proposal.state, proposal.decided_at, proposal.shared = EndingState.AGREED, timezone.now(), chosen
        proposal.save(update_fields=["state", "decided_at", "shared"])
        names = {"client": actor.name, "name": proposal.facilitator.name}
        title = (_("%(client)s kept %(name)s on the care team after the emergency cover.") if is_cover(proposal)
                 else _("%(client)s accepted the handover to %(name)s.") if proposal.transfer
                 else _("%(client)s accepted %(name)s on the care team."))
        tell_team(access, kind=NoticeKind.TEAM_PROPOSAL, title=title % names,
                  url=team_url(engagement.pk, f"proposal-{proposal.pk}"), actor=actor)
        if proposal.facilitator_id not in team:
            notify(recipients=[proposal.facilitator], kind=NoticeKind.TEAM_PROPOSAL, engagement=engagement,
                   title=title % names, url=team_url(engagement.pk, f"proposal-{proposal.pk}"), exclude=actor)
    return proposal


def team_proposal_decline(*, actor: User, access: EngagementAccess, proposal: TeamProposal) -> TeamProposal:
    """The client declines, and nobody asks why. Declining emergency cover ends it now."""
    client_only(access, _("The client decides who joins their care team."))
    with transaction.atomic():
        proposal = _locked(access, proposal)
        if is_cover(proposal):
            _end_cover(proposal)
        proposal.state, proposal.decided_at = EndingState.DECLINED, timezone.now()
        proposal.save(update_fields=["state", "decided_at"])
        title = (_("%(client)s ended the emergency cover by %(name)s.") if is_cover(proposal)
                 else _("%(client)s declined the proposal for %(name)s."))
        tell_team(access, kind=NoticeKind.TEAM_PROPOSAL, title=title % {
            "client": actor.name, "name": proposal.facilitator.name}, url=team_url(access.engagement.pk),
            actor=actor)
    return proposal


def team_proposal_withdraw(*, actor: User, access: EngagementAccess, proposal: TeamProposal) -> TeamProposal:
    """The care team takes its proposal back before the client decides; withdrawing emergency cover ends it now."""
    team_only(access, _("The care team withdraws its own proposals."))
    with transaction.atomic():
        proposal = _locked(access, proposal)
        if is_cover(proposal):
            _end_cover(proposal)
        proposal.state, proposal.decided_at = EndingState.WITHDRAWN, timezone.now()
        proposal.save(update_fields=["state", "decided_at"])
        title = (_("The emergency cover by %(name)s has ended.") if is_cover(proposal)
                 else _("Your care team withdrew its proposal for %(name)s."))
        tell_client(access, kind=NoticeKind.TEAM_PROPOSAL, title=title % {"name": proposal.facilitator.name},
                    url=team_url(access.engagement.pk), actor=actor)
    return proposal


def emergency_cover_start(*, actor: User, access: EngagementAccess, facilitator_id: int, why: str,
                          hours: int = COVER_HOURS) -> TeamProposal:
    """A colleague covers at once, without waiting for the client, with the reason the client reads, until the
    time given (72 hours unless said otherwise, two weeks at most). The client is told now."""
    team_only(access, _("Only the care team calls in emergency cover."))
    still_open(access)
    why = clean_text(why, "why", max_length=TEXT_MAX, message=_(
        "Say what the emergency is, in words %(name)s will read.") % {"name": access.engagement.client.name})
    if not 1 <= hours <= MAX_COVER_HOURS:
        raise ValidationError({"hours": _("Cover lasts from 1 hour to %(n)d hours (two weeks).")
                               % {"n": MAX_COVER_HOURS}})
    with transaction.atomic():
        engagement = care.engagement_locked(access.engagement)
        colleague = _colleague(engagement, facilitator_id)
        TeamProposal.objects.filter(engagement=engagement, facilitator=colleague, state=PENDING).update(
            state=EndingState.WITHDRAWN, decided_at=timezone.now())  # the cover overtakes a proposal for them
        care.care_team_add(actor=actor, access=access, facilitator_id=colleague.pk)
        until = timezone.now() + timedelta(hours=hours)
        cover = TeamProposal.objects.create(engagement=engagement, facilitator=colleague, proposed_by=actor, why=why,
                                            emergency_until=until)
        url = team_url(engagement.pk, f"proposal-{cover.pk}")
        names = {"name": colleague.name, "until": when(until)}
        tell_client(access, kind=NoticeKind.TEAM_PROPOSAL, url=url, actor=actor, title=_(
            "Emergency cover: %(name)s joins your care team until %(until)s. You may keep them on or end it.")
            % names)
        tell_team(access, kind=NoticeKind.TEAM_PROPOSAL, url=url, actor=actor, title=_(
            "Emergency cover: %(name)s is on the care team until %(until)s.") % names)
    return cover


def _end_cover(cover: TeamProposal) -> None:
    """The colleague leaves the care team, if they are still on it and someone else is."""
    engagement = cover.engagement
    if not any(m.facilitator_id == cover.facilitator_id for m in care_selectors.care_team(engagement)):
        return
    member, on_behalf = _for_the_team(engagement, cover.facilitator)
    care.care_team_remove(actor=member, access=on_behalf, facilitator_id=cover.facilitator_id)


def emergency_cover_end_due(*, now: datetime | None = None) -> int:
    """End every emergency cover whose time has passed and that the client did not keep on (run by
    `cocreate remind`). The client is told. Returns how many ended; one that cannot end (the colleague is the last
    on the care team) is left, and tried again next time."""
    now = now or timezone.now()
    ended = 0
    due = TeamProposal.objects.filter(state=PENDING, emergency_until__lte=now).select_related(
        "engagement__client", "facilitator").order_by("emergency_until", "pk")
    for cover in due:
        try:
            with transaction.atomic():
                care.engagement_locked(cover.engagement)
                fresh = TeamProposal.objects.select_related("engagement__client", "facilitator").get(pk=cover.pk)
                if fresh.state != PENDING:
                    continue
                _end_cover(fresh)
                fresh.state, fresh.decided_at = EndingState.WITHDRAWN, now
                fresh.save(update_fields=["state", "decided_at"])
                notify(recipients=[fresh.engagement.client], kind=NoticeKind.TEAM_PROPOSAL,
                       engagement=fresh.engagement, url=team_url(fresh.engagement_id),
                       title=_("The emergency cover by %(name)s has ended.") % {"name": fresh.facilitator.name})
        except ValidationError:
            continue
        ended += 1
    return ended


@subscribe(EngagementClosed)
def proposals_lapse(event: EngagementClosed) -> None:
    """Once the engagement has closed nobody joins it: proposals still waiting for the client lapse (as withdrawn).
    Emergency cover runs on to its time, or until the client or the team ends it."""
    TeamProposal.objects.filter(engagement=event.engagement, state=PENDING, emergency_until__isnull=True).update(
        state=EndingState.WITHDRAWN, decided_at=timezone.now())
