"""Every read of care data, filtered by the actor through the access policy and leaving access events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncHour
from django.http import Http404
from django.utils import timezone

from cocreate.access import services as access_services
from cocreate.access.models import WHAT_LABELS, AccessEvent, Basis, SupervisionAccess
from cocreate.access.policy import Action, EngagementAccess, Relation, engagement_access, hidden, require
from cocreate.accounts.models import Role, User
from cocreate.care.models import (
    CareTeamMember,
    Engagement,
    Phase,
    PhaseTransition,
    PrivateNote,
    Session,
    SessionKind,
    SessionStatus,
    SharedNote,
)
from cocreate.compose import waiting
from cocreate.compose.waiting import Reach, Waiting
from cocreate.web.keyset import Key, Listing, Window
from cocreate.web.keyset import rows as keyset_rows

# The API's lists, in an order each index serves, ending with a unique column.
ENGAGEMENTS = Listing.of("engagements", Key((("client__name", str), ("pk", int))),  # the caseload, then
                         Key((("-created", datetime), ("-pk", int))))  # the caller's own, as a client
SHARED_NOTES = Listing.of("shared notes", Key((("created", datetime), ("pk", int))))
ACCESS_EVENTS = Listing.of("access events", Key((("-at", datetime), ("-pk", int))))


def _engagements() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("client", "practice")


def engagement_for(actor: User, pk: int, *, what: str | None, via: str = "web") -> EngagementAccess:
    """The engagement with the actor's relation to it; 404 if it is foreign.

    `what` names the content about to be read and is recorded as an access event; None for a write that
    shows nothing back, so the client's log lists reads, not every action.
    """
    engagement = _engagements().filter(pk=pk).first()
    if engagement is None:
        hidden(actor)
    access = engagement_access(actor, engagement)
    if what is not None:
        access_services.access_record(actor=actor, access=access, what=what, via=via)
    return access


def session_in(access: EngagementAccess, pk: int) -> Session:
    session = Session.objects.filter(engagement=access.engagement, pk=pk).first()
    if session is None:
        raise Http404
    return session


def _with_next_session(qs: QuerySet[Engagement]) -> QuerySet[Engagement]:
    upcoming = Session.objects.filter(
        engagement=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return qs.annotate(
        next_session_at=Subquery(upcoming.values("starts_at")[:1]),
        next_session_kind=Subquery(upcoming.values("kind")[:1]),
    )


def _on_care_team(actor: User) -> QuerySet[Engagement]:
    """Engagements the actor serves as a facilitator: on the active care team, in a practice where they are one
    (the same test as the access policy's)."""
    return _engagements().filter(
        care_team__facilitator=actor,
        care_team__removed_at__isnull=True,
        practice__memberships__user=actor,
        practice__memberships__role=Role.FACILITATOR,
    ).distinct()


def _record_listing(actor: User, engagement_ids: list[int], via: str) -> None:
    """A caseload lists each client's name, phase and what waits: one event per engagement, not again within
    ACCESS_LIST_WINDOW_MINUTES of the last (a facilitator returns to the caseload many times an hour)."""
    access_services.access_record_many(
        actor=actor, engagement_ids=engagement_ids, what="caseload", via=via,
        once_within=timedelta(minutes=settings.ACCESS_LIST_WINDOW_MINUTES),
    )


@dataclass
class Caseload:
    engagements: list[Engagement]  # those shown, each with its next session
    waiting: dict[int, list[Waiting]]  # what waits for the actor, by engagement (all of the caseload's)
    total: int  # engagements on the caseload, shown or not


def caseload_page(actor: User, *, needs_me: bool = False, via: str = "web") -> Caseload:
    """The caseload with what waits for the actor in each engagement; only those with something waiting when
    `needs_me`. Records a read of each engagement shown, not of those filtered out."""
    engagements = list(_with_next_session(_on_care_team(actor)).order_by("client__name", "pk"))
    items = waiting.by_engagement(waiting.collect(reach_in(actor, engagements)))
    shown = [e for e in engagements if e.pk in items] if needs_me else engagements
    _record_listing(actor, [e.pk for e in shown], via)
    return Caseload(shown, items, len(engagements))


@dataclass
class EngagementsPage:
    caseload: list[Engagement]  # on the actor's care team, by client name
    own: list[Engagement]  # the actor's own, as a client, newest first
    next: str | None  # the cursor of the page after, None on the last


def engagements_page(actor: User, window: Window, *, via: str = "web") -> EngagementsPage:
    """One page of the caseload followed by the actor's own engagements, each with its next session: at most two
    queries, however long either list. Records a read of each caseload engagement shown, as the caseload does."""
    caseload: list[Engagement] = []
    more = False
    if window.part == 0:
        found = keyset_rows(_with_next_session(_on_care_team(actor)), ENGAGEMENTS.parts[0], window.after_in(0),
                            window.limit + 1)
        caseload, more = found[:window.limit], len(found) > window.limit
    own: list[Engagement] = []
    if not more:
        room = window.limit - len(caseload)
        found = keyset_rows(_with_next_session(_engagements().filter(client=actor)), ENGAGEMENTS.parts[1],
                            window.after_in(1), room + 1)
        own, more = found[:room], len(found) > room
    _record_listing(actor, [e.pk for e in caseload], via)
    following = None
    if more:
        following = ENGAGEMENTS.cursor(1, own[-1]) if own else ENGAGEMENTS.cursor(0, caseload[-1])
    return EngagementsPage(caseload, own, following)


def client_engagements_for(actor: User) -> list[Engagement]:
    """The client's own engagements; a client reading their own record leaves no event."""
    return list(_with_next_session(_engagements().filter(client=actor)).order_by("-created"))


def supervised_caseload(actor: User, grant: SupervisionAccess, *, via: str = "web") -> list[Engagement]:
    """A supervisee's caseload, opened under a stated reason that each listed engagement records."""
    engagements = list(
        _with_next_session(
            _engagements().filter(
                practice_id=grant.practice_id, care_team__facilitator_id=grant.supervisee_id,
                care_team__removed_at__isnull=True,
            )
        )
        .distinct()
        .order_by("client__name", "pk")
    )
    access_services.access_record_many(
        actor=actor, engagement_ids=[e.pk for e in engagements], what="supervised caseload", via=via,
        basis=Basis.SUPERVISION, reason=grant.reason,
    )
    return engagements


def reach_of(actor: User) -> Reach:
    """The open engagements the actor acts in, as client and as care team: where their waiting items come from.
    Reads no clinical content; whoever shows the items records the access."""
    closed = Q(phase=Phase.CLOSED)
    return Reach(
        actor=actor,
        as_client={e.pk: e for e in _engagements().filter(client=actor).exclude(closed)},
        as_team={e.pk: e for e in _on_care_team(actor).exclude(closed)},
    )


def waiting_for(actor: User, *, via: str = "web") -> list[Waiting]:
    """Everything waiting for the actor. What waits in an engagement they serve is a read of that client's
    record (one event per engagement listed, not again within ACCESS_LIST_WINDOW_MINUTES, as for the caseload);
    their own, as a client, records nothing."""
    reach = reach_of(actor)
    items = waiting.collect(reach)
    served = sorted({i.engagement_id for i in items if not reach.is_client(i.engagement_id)})
    access_services.access_record_many(actor=actor, engagement_ids=served, what="waiting list", via=via,
                                       once_within=timedelta(minutes=settings.ACCESS_LIST_WINDOW_MINUTES))
    return items


def reach_in(actor: User, engagements: list[Engagement]) -> Reach:
    """The reach of a caseload already read: its open engagements, as care team."""
    return Reach(actor=actor, as_client={}, as_team={e.pk: e for e in engagements if e.phase != Phase.CLOSED})


def upcoming_medicine_sessions(engagement_ids: list[int], *, now: datetime | None = None) -> list[Session]:
    """Scheduled medicine sessions still to come, soonest first."""
    return list(Session.objects.filter(engagement_id__in=engagement_ids, kind=SessionKind.MEDICINE,
                                       status=SessionStatus.SCHEDULED, starts_at__gte=now or timezone.now())
                .order_by("starts_at", "pk"))


def care_team(engagement: Engagement) -> list[CareTeamMember]:
    return list(
        CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).select_related("facilitator")
    )


def facilitators_on(engagement: Engagement) -> list[User]:
    """The people on the engagement's care team now."""
    return [m.facilitator for m in care_team(engagement)]


def transitions(engagement: Engagement) -> list[PhaseTransition]:
    return list(PhaseTransition.objects.filter(engagement=engagement).select_related("actor"))


def sessions(engagement: Engagement) -> list[Session]:
    return list(Session.objects.filter(engagement=engagement))


def shared_notes(engagement: Engagement) -> list[SharedNote]:
    return list(SharedNote.objects.filter(engagement=engagement).select_related("author"))


def shared_notes_page(engagement: Engagement, window: Window) -> tuple[list[SharedNote], str | None]:
    """One page of the shared notes, oldest first, and the cursor of the next."""
    return SHARED_NOTES.page(SharedNote.objects.filter(engagement=engagement).select_related("author"), window)


def private_notes(access: EngagementAccess, actor: User) -> list[PrivateNote]:
    """Only the author's own private notes, and only for a care-team member."""
    if access.relation is not Relation.CARE_TEAM:
        return []
    return list(PrivateNote.objects.filter(engagement=access.engagement, author=actor))


def access_events(access: EngagementAccess) -> QuerySet[AccessEvent]:
    """Who has read the record: for the engagement's client."""
    require(access, Action.READ_ACCESS_LOG)
    return AccessEvent.objects.filter(engagement=access.engagement).select_related("actor")


def access_events_page(access: EngagementAccess, window: Window, *, offset: int = 0
                       ) -> tuple[list[AccessEvent], str | None]:
    """One page of who has read the record, newest first, and the cursor of the next. `offset` is the older way
    of paging, kept for the clients that use it: its cost grows with how far in it starts."""
    events = access_events(access)
    if not offset:
        return ACCESS_EVENTS.page(events, window)
    found = list(events.order_by(*ACCESS_EVENTS.parts[0].order)[offset:offset + window.limit + 1])
    shown = found[:window.limit]
    return shown, ACCESS_EVENTS.cursor(0, shown[-1]) if len(found) > window.limit else None


@dataclass(frozen=True)
class AccessLogRow:
    """Reads of one thing by one person on one basis within one hour, as one line with how many there were."""

    actor_name: str
    what: str
    basis: str
    reason: str
    first: datetime
    last: datetime
    count: int

    @property
    def what_label(self) -> str:
        return str(WHAT_LABELS.get(self.what, self.what))

    @property
    def basis_label(self) -> str:
        return str(Basis(self.basis).label)


def access_log(access: EngagementAccess) -> QuerySet[Any]:
    """The client's "Who has seen my record", newest first: repeated reads of the same thing by the same person
    within the same hour are one row with a count. Rows are dicts; `access_log_rows` makes them AccessLogRow."""
    return (access_events(access).annotate(hour=TruncHour("at"))
            .values("actor_id", "actor__name", "what", "basis", "reason", "hour")
            .annotate(first=Min("at"), last=Max("at"), count=Count("pk")).order_by("-last", "actor_id", "what"))


def access_log_rows(rows: Iterable[dict[str, Any]]) -> list[AccessLogRow]:
    return [AccessLogRow(r["actor__name"], r["what"], r["basis"], r["reason"], r["first"], r["last"], r["count"])
            for r in rows]
