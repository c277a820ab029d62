"""Every read of the protocols app: the pack an engagement runs under, its forms, screening, check-ins, and the
gate's checklist with a link for each item. Callers hold an `EngagementAccess` from the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import Practice
from cocreate.care.models import Engagement, Session, SessionKind, SessionStatus
from cocreate.compose.gates import Unmet
from cocreate.protocols import registry
from cocreate.protocols.facts import facts_for, form_states
from cocreate.protocols.gate import Check, Plan, evaluate, is_open
from cocreate.protocols.models import (
    Acknowledgement,
    EngagementProtocol,
    FormVersion,
    PracticeProtocol,
    ReadinessCheckin,
    ScreeningResponse,
)
from cocreate.protocols.packs import FormSpec, Pack

ACTS = {"phase": "Moving into the medicine phase", "schedule": "Scheduling a medicine session",
        "start": "Beginning a medicine session"}


def pack_of(engagement: Engagement) -> Pack:
    """The pack the engagement runs under now (its kind's default if none was recorded)."""
    key = (EngagementProtocol.objects.filter(engagement_id=engagement.pk).values_list("pack", flat=True).first())
    return registry.pack_or_default(key, engagement.kind)


def packs_of(engagement_ids: set[int]) -> dict[int, Pack]:
    """The pack each engagement runs under now, in one query."""
    latest = EngagementProtocol.objects.filter(engagement=OuterRef("pk")).order_by("-at", "-id").values("pack")[:1]
    engagements = (Engagement.objects.filter(pk__in=engagement_ids).annotate(pack_key=Subquery(latest))
                   .only("id", "kind"))
    return {e.pk: registry.pack_or_default(e.pack_key, e.kind) for e in engagements}


def pack_history(access: EngagementAccess) -> QuerySet[EngagementProtocol]:
    return EngagementProtocol.objects.filter(engagement=access.engagement).select_related("actor")


@dataclass(frozen=True)
class Shown:
    """A form as the client reads it now: the practice's latest version, or the pack's starting text (version 1)."""

    spec: FormSpec
    number: int
    title: str
    body: str
    row: FormVersion | None


def current_form(practice: Practice, pack: Pack, form: str) -> Shown:
    spec = pack.form(form)
    if spec is None:
        raise Http404
    row = FormVersion.objects.filter(practice=practice, form=form).first()
    if row is None:
        return Shown(spec, 1, spec.title, spec.text.strip(), None)
    return Shown(spec, row.number, row.title, row.body, row)


@dataclass(frozen=True)
class FormRow:
    shown: Shown
    state: str  # "" (not read), acknowledged, declined, withdrawn, outdated
    history: list[Acknowledgement]


def forms_of(access: EngagementAccess) -> list[FormRow]:
    pack = pack_of(access.engagement)
    states = form_states(access.engagement, pack)
    acks = list(Acknowledgement.objects.filter(engagement=access.engagement).select_related("version", "actor"))
    return [FormRow(current_form(access.engagement.practice, pack, f.key), states.get(f.key, ""),
                    [a for a in acks if a.version.form == f.key]) for f in pack.forms]


def practice_forms(practice: Practice, pack: Pack) -> list[Shown]:
    return [current_form(practice, pack, f.key) for f in pack.forms]


def screening_history(access: EngagementAccess, limit: int = 20) -> list[ScreeningResponse]:
    return list(ScreeningResponse.objects.filter(engagement=access.engagement)
                .select_related("entered_by").prefetch_related("decisions__clinician")[:limit])


def checkins(access: EngagementAccess, limit: int = 20) -> list[ReadinessCheckin]:
    return list(ReadinessCheckin.objects.filter(engagement=access.engagement).select_related("session")[:limit])


def upcoming_medicine(engagement: Engagement, now: datetime | None = None) -> Session | None:
    return (Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE, status=SessionStatus.SCHEDULED,
                                   starts_at__gte=(now or timezone.now()) - timedelta(hours=12))
            .order_by("starts_at").first())


@dataclass(frozen=True)
class Item:
    check: Check
    url: str


@dataclass(frozen=True)
class Checklist:
    pack: Pack
    act: str
    items: list[Item]
    session: Session | None = None

    @property
    def open(self) -> bool:
        return is_open([i.check for i in self.items])

    @property
    def act_words(self) -> str:
        return ACTS[self.act]

    def unmet(self, kinds: tuple[str, ...] = ()) -> list[Unmet]:
        """What a refusal names: each requirement not met nor set aside (of these kinds, if given)."""
        return [Unmet(i.check.requirement.key, i.check.requirement.label, i.check.state,
                      i.check.requirement.source.citation, i.url)
                for i in self.items if not i.check.ok and (not kinds or i.check.requirement.kind in kinds)]


def _url(engagement_id: int, check: Check) -> str:
    r = check.requirement
    if r.kind == "screening":
        return reverse("screening", args=[engagement_id])
    if r.kind in ("agreement", "touch_within"):
        return reverse("agreement", args=[engagement_id, r.document or "touch_consent"])
    if r.kind == "form":
        return reverse("protocol_forms", args=[engagement_id]) + f"#form-{r.form}"
    if r.kind == "readiness":
        return reverse("checkin", args=[engagement_id])
    if r.kind in ("no_risk_flag", "measure"):
        return reverse("engagement_measures", args=[engagement_id])
    return reverse("engagement", args=[engagement_id]) + ("#team" if r.kind == "care_team_size" else "#sessions")


def checklist(engagement: Engagement, act: str, plan: Plan | None = None, *, pack: Pack | None = None,
              session: Session | None = None) -> Checklist:
    pack = pack or pack_of(engagement)
    checks = evaluate(pack, act, facts_for(engagement, pack), plan)
    return Checklist(pack, act, [Item(c, _url(engagement.pk, c)) for c in checks], session)


def plan_of(session: Session) -> Plan:
    return Plan(session.starts_at, session.duration_minutes, session.planned_dose_mg, session.pk)


def readiness_view(access: EngagementAccess) -> Checklist | None:
    """What the engagement page shows: the checklist for the next medicine session once one is scheduled, else for
    the medicine phase (or for scheduling, once in it). None when the pack gates nothing."""
    engagement = access.engagement
    pack = pack_of(engagement)
    if not pack.has_medicine or not pack.requirements or engagement.phase == "closed":
        return None
    session = upcoming_medicine(engagement)
    if session is not None:
        return checklist(engagement, "start", plan_of(session), pack=pack, session=session)
    act = "schedule" if engagement.phase in ("medicine", "integration") else "phase"
    return checklist(engagement, act, pack=pack)


def practice_pack(practice: Practice) -> Pack:
    key = PracticeProtocol.objects.filter(practice=practice).values_list("pack", flat=True).first()
    return registry.pack_or_default(key, "psychedelic_assisted")
