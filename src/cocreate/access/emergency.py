"""Emergency access ("break glass"): a practice's clinical lead opens an engagement they are not on, with a stated
reason, for a limited time (`EMERGENCY_ACCESS_MINUTES`); the client sees it at once, the care team is told, and
every use waits on the practice's review list until another lead reviews it.

The access policy (`policy.engagement_access`) reads the grants; this module holds their reads and writes.
Reads come first, then writes; each write is one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access import services as access_services
from cocreate.access.events import EmergencyAccessOpened
from cocreate.access.models import (
    AccessEvent,
    Basis,
    EmergencyAccess,
    EmergencyAccessEnd,
    EmergencyAccessReview,
)
from cocreate.access.policy import emergency_is_open, has_role
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import CareTeamMember, Engagement
from cocreate.compose.events import publish
from cocreate.text import clean_text

REASON_MIN = 10
TEXT_MAX = 2000
SEARCH_LIMIT = 20
SEARCH_WHAT = "emergency search"
_REFERENCE = re.compile(r"^[Ee]?(\d{1,9})$")


def reference(engagement_id: int) -> str:
    """How the review list names an engagement: a reference internal to the practice, not the client's name."""
    return f"E{engagement_id}"


# --- reads -----------------------------------------------------------------------------------------------------


def lead_practice(actor: User, practice_id: int) -> Practice:
    """A practice where the actor is a clinical lead (a supervisor there); 404 for anyone else."""
    practice = Practice.objects.filter(pk=practice_id, memberships__user=actor,
                                       memberships__role=Role.SUPERVISOR).first()
    if practice is None or not actor.is_active:
        raise Http404
    return practice


def review_practice(actor: User, practice_id: int) -> Practice:
    """A practice whose emergency accesses the actor reviews or oversees: its clinical leads and admins."""
    practice = Practice.objects.filter(pk=practice_id, memberships__user=actor,
                                       memberships__role__in=(Role.SUPERVISOR, Role.ADMIN)).first()
    if practice is None or not actor.is_active:
        raise Http404
    return practice


def _not_theirs(actor: User) -> QuerySet[Engagement]:
    """Engagements the actor neither receives nor serves: an emergency opening is for someone else's care."""
    serving = CareTeamMember.objects.filter(facilitator=actor, removed_at__isnull=True).values("engagement_id")
    return Engagement.objects.exclude(client=actor).exclude(pk__in=serving)


def target_for(actor: User, engagement_id: int) -> Engagement:
    """An engagement the actor may open under emergency access: of a practice where they are a clinical lead, not
    their own and not one they serve. 404 otherwise, alike for a foreign practice and an id that does not exist."""
    engagement = (_not_theirs(actor).select_related("client", "practice")
                  .filter(pk=engagement_id, practice__memberships__user=actor,
                          practice__memberships__role=Role.SUPERVISOR).first())
    if engagement is None or not actor.is_active:
        raise Http404
    return engagement


def search(actor: User, practice: Practice, query: str, *, via: str = "web") -> list[Engagement]:
    """The practice's engagements whose client's name holds `query`, or whose reference (12 or E12) it is: the
    client's name and the reference only, nothing of their care. Each one listed is recorded as a read of the
    client's name, so the client sees who searched for them."""
    query = (query or "").strip()[:100]
    if len(query) < 2 and not _REFERENCE.match(query):
        return []
    found = _not_theirs(actor).filter(practice=practice).select_related("client")
    by_ref = _REFERENCE.match(query)
    match = Q(client__name__icontains=query)
    if by_ref:
        match |= Q(pk=int(by_ref.group(1)))
    engagements = list(found.filter(match).order_by("client__name", "pk")[:SEARCH_LIMIT])
    access_services.access_record_many(actor=actor, engagement_ids=[e.pk for e in engagements], what=SEARCH_WHAT,
                                       via=via, basis=Basis.PRACTICE)
    return engagements


def open_grant(actor: User, engagement: Engagement) -> EmergencyAccess | None:
    """The actor's emergency access to this engagement that is open now, if any."""
    return (EmergencyAccess.objects.filter(lead=actor, engagement=engagement, expires_at__gt=timezone.now(),
                                           end__isnull=True).order_by("-started").first())


def open_grants_of(actor: User) -> list[EmergencyAccess]:
    """The actor's own emergency accesses open now, with the engagement's reference and client."""
    return list(EmergencyAccess.objects.filter(lead=actor, expires_at__gt=timezone.now(), end__isnull=True)
                .select_related("engagement__client").order_by("expires_at"))


def open_on_client(actor: User) -> list[EmergencyAccess]:
    """Emergency accesses open now on the client's own engagements, for the notice on their "My care"."""
    return list(EmergencyAccess.objects.filter(engagement__client=actor, expires_at__gt=timezone.now(),
                                               end__isnull=True).select_related("lead").order_by("started"))


@dataclass(frozen=True)
class ReviewRow:
    grant: EmergencyAccess
    reference: str
    ended: bool  # ended early by the lead
    open: bool
    minutes: int  # how long it lasted, or has lasted so far
    reads: int
    reviews: list[EmergencyAccessReview]


def review_list(practice: Practice, *, offset: int = 0, limit: int = 50) -> tuple[list[ReviewRow], int]:
    """Every emergency access of the practice, newest first, with how many reads each led to and its reviews:
    three queries whatever the number of rows (the rows, their reviews, the total)."""
    reads = (AccessEvent.objects.filter(
        actor=OuterRef("lead_id"), engagement=OuterRef("engagement_id"), basis=Basis.EMERGENCY,
        at__gte=OuterRef("started"), at__lte=Coalesce(OuterRef("end__at"), OuterRef("expires_at")),
    ).order_by().values("actor").annotate(n=Count("pk")).values("n"))
    grants = (EmergencyAccess.objects.filter(practice=practice).select_related("lead", "end")
              .annotate(reads=Coalesce(Subquery(reads), Value(0)))
              .prefetch_related(Prefetch("reviews", EmergencyAccessReview.objects.select_related("reviewer")))
              .order_by("-started", "-id"))
    total = EmergencyAccess.objects.filter(practice=practice).count()
    now = timezone.now()
    rows = []
    for grant in grants[offset:offset + limit]:
        end = getattr(grant, "end", None)
        until = end.at if end is not None else min(grant.expires_at, now)
        rows.append(ReviewRow(
            grant=grant, reference=reference(grant.engagement_id), ended=end is not None,
            open=emergency_is_open(grant), minutes=max(0, round((until - grant.started).total_seconds() / 60)),
            reads=grant.reads,
            reviews=list(grant.reviews.all()),
        ))
    return rows, total


def grant_in(practice: Practice, grant_id: int) -> EmergencyAccess:
    grant = EmergencyAccess.objects.filter(practice=practice, pk=grant_id).select_related("lead").first()
    if grant is None:
        raise Http404
    return grant


# --- writes ----------------------------------------------------------------------------------------------------


def emergency_access_open(*, actor: User, engagement: Engagement, reason: str, via: str = "web") -> EmergencyAccess:
    """Open the engagement to the lead for EMERGENCY_ACCESS_MINUTES under the stated reason, and tell the care team
    (the inbox hears the event). `engagement` comes from `target_for`, which already refused anyone else."""
    reason = clean_text(reason, "reason", max_length=TEXT_MAX,
                        message=_("Say why you need to open this record now. The client and the care team will "
                                  "read it."))
    if len(reason) < REASON_MIN:
        raise ValidationError({"reason": _("Say in a sentence why you need to open this record now.")})
    with transaction.atomic():
        # The engagement's row is the lock: two openings at once make one grant, the other is told it is open.
        Engagement.objects.select_for_update().filter(pk=engagement.pk).values_list("pk", flat=True).first()
        # Re-checked inside the transaction: a lead who stopped being one, or joined the care team, opens nothing.
        if not has_role(actor, Role.SUPERVISOR, engagement.practice_id) or not _not_theirs(actor).filter(
                pk=engagement.pk).exists():
            raise Http404
        current = open_grant(actor, engagement)
        if current is not None:
            raise ValidationError({"reason": _("You already have emergency access to this record until %(until)s.")
                                   % {"until": timezone.localtime(current.expires_at).strftime("%H:%M")}})
        grant = EmergencyAccess.objects.create(
            practice_id=engagement.practice_id, lead=actor, engagement=engagement, reason=reason, via=via,
            expires_at=timezone.now() + settings.EMERGENCY_ACCESS_TTL,
        )
        publish(EmergencyAccessOpened(actor=actor, engagement=engagement, grant=grant))
    return grant


def emergency_access_end(*, actor: User, engagement_id: int) -> EmergencyAccess:
    """End the actor's open emergency access to the engagement now; 404 when they have none open."""
    with transaction.atomic():
        grant = (EmergencyAccess.objects.select_for_update(of=("self",)).filter(
            lead=actor, engagement_id=engagement_id, expires_at__gt=timezone.now(), end__isnull=True,
        ).order_by("-started").first())
        if grant is None:
            raise Http404
        EmergencyAccessEnd.objects.create(grant=grant)  # sets grant.end too
    return grant


def emergency_access_review(*, actor: User, grant: EmergencyAccess, comment: str) -> EmergencyAccessReview:
    """Another clinical lead's review of one emergency access; the lead who opened it does not review their own."""
    comment = clean_text(comment, "comment", max_length=TEXT_MAX,
                         message=_("Say what you found: was the access needed, and was it kept to what was needed?"))
    if grant.lead_id == actor.pk:
        raise ValidationError({"comment": _("Another clinical lead reviews this: not the one who opened it.")})
    with transaction.atomic():
        if not has_role(actor, Role.SUPERVISOR, grant.practice_id):
            raise Http404
        return EmergencyAccessReview.objects.create(grant=grant, reviewer=actor, comment=comment)

