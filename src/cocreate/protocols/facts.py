"""Gather what holds for an engagement, for the gate: a fixed number of queries, whatever the history."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils import timezone

from cocreate.agreements.models import Revision, RevisionState
from cocreate.care.models import OFF, CareTeamMember, Engagement, Session, SessionKind, SessionStatus
from cocreate.measures.models import Administration, Flag, FlagKind
from cocreate.protocols.gate import Facts
from cocreate.protocols.models import (
    Acknowledgement,
    FormVersion,
    ReadinessCheckin,
    ScreeningResponse,
    SetAside,
)
from cocreate.protocols.packs import TOUCH_KINDS, Pack


def _zone(engagement: Engagement) -> ZoneInfo:
    try:
        return ZoneInfo(engagement.practice.time_zone)
    except (ValueError, KeyError):  # an unknown zone name: count days in the site's own zone
        return ZoneInfo(timezone.get_default_timezone_name())


def screening_state(engagement: Engagement) -> str:
    latest = ScreeningResponse.objects.filter(engagement=engagement).prefetch_related("decisions").first()
    if latest is None:
        return "none"
    decision = next(iter(latest.decisions.all()), None)
    return decision.outcome if decision is not None else "undecided"


def form_states(engagement: Engagement, pack: Pack) -> dict[str, str]:
    """Each of the pack's forms: acknowledged, declined or withdrawn (the client's latest choice on the practice's
    current version), or outdated (their choice was on an earlier version); absent when never read."""
    keys = [f.key for f in pack.forms]
    current = dict(FormVersion.objects.filter(practice_id=engagement.practice_id, form__in=keys)
                   .values("form").annotate(n=Max("number")).values_list("form", "n"))
    states: dict[str, str] = {}
    for ack in (Acknowledgement.objects.filter(engagement=engagement, version__form__in=keys)
                .select_related("version").order_by("-at", "-id")):
        form = ack.version.form
        if form in states:
            continue
        states[form] = ack.choice if ack.version.number == current.get(form, 1) else "outdated"
    return states


def set_aside_of(engagement: Engagement, pack: Pack) -> dict[str, str]:
    return {s.requirement: f"Set aside by {s.clinician.name}: {s.reason}"
            for s in SetAside.objects.filter(engagement=engagement, pack=pack.key, ended_at__isnull=True)
            .select_related("clinician")}


def facts_for(engagement: Engagement, pack: Pack, now: datetime | None = None) -> Facts:
    now = now or timezone.now()
    in_force = {r.document.kind: r.content for r in Revision.objects.filter(
        document__engagement=engagement, state=RevisionState.AGREED).select_related("document")}
    touch = in_force.get("touch_consent")
    sessions = list(Session.objects.filter(engagement=engagement, kind__in=[SessionKind.PREPARATION,
                                                                               SessionKind.MEDICINE, *pack_kinds(pack)])
                    .exclude(status__in=OFF).only("id", "kind", "starts_at", "status"))
    held = Counter(s.kind for s in sessions if s.status == SessionStatus.COMPLETED)
    checkin = ReadinessCheckin.objects.filter(engagement=engagement).only("readiness", "created").first()
    answered = dict(Administration.objects.filter(engagement=engagement, completed_at__isnull=False)
                    .values("instrument").annotate(last=Max("completed_at")).values_list("instrument", "last"))
    return Facts(
        now=now,
        zone=_zone(engagement),
        screening=screening_state(engagement),
        agreements=frozenset(in_force),
        touch={k: str(touch.get(k, "no")) for k in TOUCH_KINDS} if touch else None,
        forms=form_states(engagement, pack),
        held=dict(held),
        risk_flags=Flag.objects.filter(engagement=engagement, kind=FlagKind.RISK, resolved_at__isnull=True).count(),
        measures=answered,
        readiness=(checkin.readiness, checkin.created) if checkin else None,
        team_size=CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True).count(),
        preparations=tuple(s.starts_at for s in sessions if s.kind == SessionKind.PREPARATION),
        medicine=tuple((s.pk, s.starts_at, s.status == SessionStatus.COMPLETED)
                       for s in sessions if s.kind == SessionKind.MEDICINE),
        set_aside=set_aside_of(engagement, pack),
    )


def pack_kinds(pack: Pack) -> list[str]:
    """Session kinds the pack counts as held (sessions_held requirements)."""
    return [r.session_kind for r in pack.requirements if r.kind == "sessions_held" and r.session_kind]
