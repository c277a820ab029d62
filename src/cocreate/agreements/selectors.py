"""Every read of shared documents, through an engagement already resolved by the access policy.

The caller resolves the engagement with `care.selectors.engagement_for(..., what="agreements")`, which leaves
the access event; these functions only read what that access allows. Each page's query count is fixed: it does
not grow with the number of revisions or decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.formats import date_format
from django.utils.timezone import localtime

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.agreements import choices as from_above
from cocreate.agreements import engine
from cocreate.agreements.fields import Change, Shown, diff, shown, specs, with_choices
from cocreate.agreements.kinds import KINDS, KindSpec, kind_of, kinds_for
from cocreate.agreements.models import Decision, Deviation, Revision, RevisionState, SharedDocument, Side
from cocreate.care.models import OFF, CareTeamMember, Engagement, Session, SessionKind
from cocreate.library.selectors import modality_choices as library_modalities
from cocreate.web.keyset import Key, Listing, Window


def medicine_sessions(engagement: Engagement) -> list[Session]:
    return list(Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE)
                .exclude(status__in=OFF).order_by("starts_at"))


def modality_choices(engagement: Engagement) -> list[tuple[str, str]]:
    return library_modalities(engagement.practice)


def _field_names(spec: KindSpec) -> set[str]:
    """Every field's name: the top-level ones (a fee's `tier`) and those of list rows (`session_id`)."""
    return {s.name for s in specs(spec.schema)} | {c.name for s in specs(spec.schema) for c in s.children}


def validation_context(engagement: Engagement, spec: KindSpec | None = None) -> dict[str, Any]:
    """What only the engagement knows, for validating a kind's content: its medicine sessions, the practice's
    modalities, and the options of fields whose choices come from an app above (`choices.py`)."""
    context: dict[str, Any] = {"medicine_sessions": {s.pk for s in medicine_sessions(engagement)},
                               "modalities": {slug for slug, _title in modality_choices(engagement)}}
    names = _field_names(spec) if spec is not None else set()
    context["choices"] = {name: {value for value, _label in fn(engagement)}
                          for name, fn in from_above.sources().items() if name in names}
    return context


def form_choices(spec: KindSpec, engagement: Engagement) -> dict[str, list[tuple[str, str]]]:
    """Options of the free fields, known only from the engagement (empty choice first where optional). A source
    from above with nothing to offer gives no options at all, so the form says so instead of a select of "—"."""
    names = _field_names(spec)
    choices: dict[str, list[tuple[str, str]]] = {}
    if "session_id" in names:
        choices["session_id"] = [("", "—")] + [
            (str(s.pk), f"{s.get_kind_display()}, {date_format(localtime(s.starts_at), 'D j M Y, H:i')}")
            for s in medicine_sessions(engagement)]
    if "modality" in names:
        choices["modality"] = [("", "—")] + modality_choices(engagement)
    for name, fn in from_above.sources().items():
        if name in names:
            offered = fn(engagement)
            choices[name] = [("", "—"), *offered] if offered else []
    return choices


def fields_for(spec: KindSpec, engagement: Engagement) -> list[Any]:
    return with_choices(specs(spec.schema), form_choices(spec, engagement))


def parties_of(engagement: Engagement) -> tuple[engine.Parties, dict[int, User]]:
    """The parties as they stand now, and each one's user for showing names."""
    team = list(CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True)
                .select_related("facilitator"))
    people = {m.facilitator_id: m.facilitator for m in team}
    people[engagement.client_id] = engagement.client
    return engine.Parties(engagement.client_id, frozenset(m.facilitator_id for m in team)), people


def _decisions() -> Any:  # a Prefetch; django-stubs cannot type a prefetch with a queryset
    return Prefetch("decisions", queryset=Decision.objects.select_related("party"))


def spec_or_404(access: EngagementAccess, kind: str) -> KindSpec:
    return kind_of(access.engagement.kind, kind)


def document_of(access: EngagementAccess, spec: KindSpec) -> SharedDocument | None:
    return SharedDocument.objects.filter(engagement=access.engagement, kind=spec.kind.value).first()


@dataclass
class Pending:
    revision: Revision
    changes: list[Change]  # against the agreement in force
    awaiting: list[User]
    any_of_team: bool  # any one care-team member may still accept
    mine: bool  # the viewer proposed it
    may_decide: bool  # the viewer is a party and has not decided
    may_decline: bool  # a party other than the author who has not declined (an acceptance can be taken back)


@dataclass
class DocumentView:
    spec: KindSpec
    document: SharedDocument | None
    in_force: Revision | None
    reading: list[Shown]
    pending: list[Pending]
    latest: Revision | None
    deviations: list[Deviation] = field(default_factory=list)

    @property
    def latest_number(self) -> int | None:
        return self.latest.number if self.latest else None


def document_view(access: EngagementAccess, actor: User, spec: KindSpec) -> DocumentView:
    document = document_of(access, spec)
    if document is None:
        return DocumentView(spec, None, None, [], [], None)
    revisions = Revision.objects.filter(document=document).select_related("author", "based_on")
    in_force = revisions.filter(state=RevisionState.AGREED).prefetch_related(_decisions()).first()
    latest = revisions.first()
    proposed = list(revisions.filter(state=RevisionState.PROPOSED).prefetch_related(_decisions())
                    .order_by("number"))
    fields = fields_for(spec, access.engagement)
    parties, people = parties_of(access.engagement)
    pending = []
    for revision in proposed:
        accepted = [d.party_id for d in revision.decisions.all() if d.verdict == "accept"]
        decided = {d.party_id for d in revision.decisions.all()}
        is_party, is_author = actor.pk in parties.all_ids, revision.author_id == actor.pk
        must, any_of_team = engine.awaited(spec, parties, accepted)
        pending.append(Pending(
            revision, diff(fields, in_force.content if in_force else None, revision.content),
            [people[pk] for pk in must if pk in people], any_of_team, revision.author_id == actor.pk,
            is_party and actor.pk not in decided, is_party and not is_author and actor.pk not in set(
                d.party_id for d in revision.decisions.all() if d.verdict == "decline"),
        ))
    deviations = list(Deviation.objects.filter(document=document).select_related("author")[:200])
    reading = shown(fields, in_force.content) if in_force else []
    return DocumentView(spec, document, in_force, reading, pending, latest, deviations)


def latest_live(access: EngagementAccess, spec: KindSpec) -> tuple[Revision | None, Revision | None]:
    """(the latest revision, the newest one still proposed or agreed): a new proposal starts from the second
    and is based on the first."""
    document = document_of(access, spec)
    if document is None:
        return None, None
    revisions = Revision.objects.filter(document=document).select_related("author")
    live = revisions.filter(state__in=[RevisionState.PROPOSED, RevisionState.AGREED]).first()
    return revisions.first(), live


@dataclass
class HistoryEntry:
    revision: Revision
    changes: list[Change]  # against the revision it was based on


def history(access: EngagementAccess, spec: KindSpec, *, limit: int = 50, before: int | None = None
            ) -> list[HistoryEntry]:
    """Revisions newest first, each with its decisions and its difference from its base."""
    document = document_of(access, spec)
    if document is None:
        return []
    revisions = (Revision.objects.filter(document=document).select_related("author", "based_on", "superseded_by")
                 .prefetch_related(_decisions()))
    if before is not None:
        revisions = revisions.filter(number__lt=before)
    fields = fields_for(spec, access.engagement)  # with choices: a session shows as its kind and date, not its id
    return [HistoryEntry(r, diff(fields, r.based_on.content if r.based_on else None, r.content))
            for r in revisions[:limit]]


# The API's revision history: newest first by number, which is unique within a document.
REVISIONS = Listing.of("revisions", Key((("-number", int),)))


def history_page(access: EngagementAccess, spec: KindSpec, window: Window) -> tuple[list[Revision], str | None]:
    """One page of the revisions, newest first, each with its decisions, base and successor; and the cursor of
    the next page."""
    document = document_of(access, spec)
    if document is None:
        return [], None
    return REVISIONS.page(Revision.objects.filter(document=document)
                          .select_related("author", "based_on", "superseded_by").prefetch_related(_decisions()),
                          window)


def revision_in(access: EngagementAccess, spec: KindSpec, number: int) -> Revision:
    """One revision of this engagement's document; 404 for any other."""
    revision = (Revision.objects.filter(document__engagement=access.engagement, document__kind=spec.kind.value,
                                        number=number)
                .select_related("author", "document", "based_on").prefetch_related(_decisions()).first())
    if revision is None:
        raise Http404
    return revision


@dataclass
class KindStatus:
    spec: KindSpec
    agreed_number: int | None
    agreed_at: Any
    pending: int


def overview(access: EngagementAccess) -> list[KindStatus]:
    """Each kind of document this engagement has, with what is in force and how many proposals wait."""
    agreed = Revision.objects.filter(document=OuterRef("pk"), state=RevisionState.AGREED).order_by("-number")
    documents = {
        d.kind: d for d in SharedDocument.objects.filter(engagement=access.engagement).annotate(
            agreed_number=Subquery(agreed.values("number")[:1]),
            agreed_at=Subquery(agreed.values("settled_at")[:1]),
            pending=Count("revisions", filter=Q(revisions__state=RevisionState.PROPOSED)),
        )
    }
    rows = []
    for spec in kinds_for(access.engagement.kind):
        d = documents.get(spec.kind.value)
        rows.append(KindStatus(spec, getattr(d, "agreed_number", None), getattr(d, "agreed_at", None),
                               getattr(d, "pending", 0)))
    return rows


def in_force_content(access: EngagementAccess, kind: str) -> dict[str, Any] | None:
    revision = (Revision.objects.filter(document__engagement=access.engagement, document__kind=kind,
                                        state=RevisionState.AGREED).only("content").first())
    return revision.content if revision else None


@dataclass(frozen=True)
class BalancePoint:
    month: Any
    proposals: int
    client_proposal_share: int  # % of the month's proposals made by the client
    client_field_share: int | None  # % of the agreements in force at the month's end written by the client


@dataclass
class Balance:
    client_proposals: int
    team_proposals: int
    client_fields: int
    team_fields: int
    timeline: list[BalancePoint]

    @property
    def client_field_share(self) -> int | None:
        total = self.client_fields + self.team_fields
        return round(100 * self.client_fields / total) if total else None

    @property
    def client_proposal_share(self) -> int | None:
        total = self.client_proposals + self.team_proposals
        return round(100 * self.client_proposals / total) if total else None


def balance(access: EngagementAccess) -> Balance:
    """Who proposed what, and who wrote the agreements in force, now and month by month: a mirror of
    power-with, shown to both sides. Three queries, whatever the history."""
    revisions = Revision.objects.filter(document__engagement=access.engagement)
    monthly = (revisions.annotate(month=TruncMonth("created")).values("month", "side").annotate(n=Count("pk"))
               .order_by("month"))
    proposals: dict[Any, dict[str, int]] = {}
    for row in monthly:
        proposals.setdefault(row["month"], {})[row["side"]] = row["n"]
    # Every revision that was ever in force, in the order it came into force.
    agreements = (revisions.filter(Q(client_fields__gt=0) | Q(team_fields__gt=0))
                  .annotate(month=TruncMonth("settled_at")).order_by("settled_at", "number")
                  .values_list("document_id", "month", "client_fields", "team_fields"))
    in_force: dict[int, tuple[int, int]] = {}
    share_at: dict[Any, int] = {}
    for document_id, month, client, team in agreements:
        in_force[document_id] = (client, team)
        total = sum(c + t for c, t in in_force.values())
        share_at[month] = round(100 * sum(c for c, _t in in_force.values()) / total)
    timeline, share = [], None
    for month in sorted(set(proposals) | set(share_at)):
        share = share_at.get(month, share)
        sides = proposals.get(month, {})
        total = sum(sides.values())
        timeline.append(BalancePoint(month, total, round(100 * sides.get(Side.CLIENT, 0) / total) if total else 0,
                                     share))
    client_fields = sum(c for c, _t in in_force.values())
    team_fields = sum(t for _c, t in in_force.values())
    totals = {side: sum(m.get(side, 0) for m in proposals.values()) for side in Side.values}
    return Balance(totals[Side.CLIENT], totals[Side.CARE_TEAM], client_fields, team_fields, timeline[-12:])


def revisions_of(access: EngagementAccess) -> QuerySet[Revision]:
    return Revision.objects.filter(document__engagement=access.engagement)


@dataclass
class Panel:
    kinds: list[KindStatus]
    balance: Balance
    touch_consent: list[Shown]
    touch_number: int | None  # the revision of touch consent in force (0: none); None where there is no such kind


def in_force_number(access: EngagementAccess, kind: str) -> int:
    """The number of the revision in force (0 when none): what a page polls to learn that consent changed."""
    number = (Revision.objects.filter(document__engagement=access.engagement, document__kind=kind,
                                      state=RevisionState.AGREED).values_list("number", flat=True).first())
    return number or 0


def touch_summary(access: EngagementAccess) -> tuple[list[Shown], int]:
    spec = KINDS["touch_consent"]
    revision = (Revision.objects.filter(document__engagement=access.engagement, document__kind="touch_consent",
                                        state=RevisionState.AGREED).only("number", "content").first())
    if revision is None:
        return [], 0
    return [f for f in shown(specs(spec.schema), revision.content) if f.name in spec.consent_items], revision.number


def engagement_panel(access: EngagementAccess) -> Panel:
    """What the engagement page shows of the agreements, in a fixed number of queries."""
    touch: list[Shown] = []
    number: int | None = None
    if any(k.kind.value == "touch_consent" for k in kinds_for(access.engagement.kind)):
        touch, number = touch_summary(access)
    return Panel(overview(access), balance(access), touch, number)


@dataclass(frozen=True)
class Awaiting:
    engagement_id: int
    spec: KindSpec
    revision: Revision


def awaiting_decision(actor: User, engagement_ids: set[int]) -> list[Awaiting]:
    """Proposals in these engagements (where the actor is a party) still missing the actor's own acceptance:
    as the client always, as a care-team member when every member must accept or none has yet. Three queries,
    however many proposals or engagements."""
    proposed = list(Revision.objects.filter(document__engagement_id__in=engagement_ids, state=RevisionState.PROPOSED)
                    .exclude(author=actor).select_related("document", "document__engagement")
                    .prefetch_related("decisions").order_by("created", "pk"))
    if not proposed:
        return []
    teams: dict[int, set[int]] = {}
    for engagement_id, facilitator_id in CareTeamMember.objects.filter(
            engagement_id__in={r.document.engagement_id for r in proposed}, removed_at__isnull=True,
    ).values_list("engagement_id", "facilitator_id"):
        teams.setdefault(engagement_id, set()).add(facilitator_id)
    found = []
    for revision in proposed:
        engagement = revision.document.engagement
        spec = KINDS.get(revision.document.kind)
        if spec is None or any(d.party_id == actor.pk for d in revision.decisions.all()):
            continue
        parties = engine.Parties(engagement.client_id, frozenset(teams.get(engagement.pk, set())))
        if actor.pk not in parties.all_ids:
            continue
        accepted = [d.party_id for d in revision.decisions.all() if d.verdict == "accept"]
        must, any_of_team = engine.awaited(spec, parties, accepted)
        if actor.pk in must or (any_of_team and actor.pk in parties.team_ids):
            found.append(Awaiting(engagement.pk, spec, revision))
    return found


def decided_for(reader: User, revision_ids: set[int]) -> set[int]:
    """Of these revisions, those the reader has decided on or that are settled (agreed, declined, withdrawn,
    superseded). One query."""
    return set(Revision.objects.filter(pk__in=revision_ids).filter(
        ~Q(state=RevisionState.PROPOSED) | Q(decisions__party=reader)).values_list("pk", flat=True))

