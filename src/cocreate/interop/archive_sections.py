"""The archive's sections that only the client's own archive carries: their screening answers and the decisions on
them, readiness check-ins, ruptures and repair, fit reviews, endings, fees and payments, library questions, the
patterns they named and what steadies them, and their own identity items.

Each gathers what the client's own pages show them, and nothing those pages do not: a fit review's answers of the
care team only once the client may read them (as `alliance.fit.view_of` decides), never the facilitator's
reflection journal, never anyone else's identity items. None of these is in `alliance.team.SHAREABLE`, so no
transfer carries them. Each is a fixed number of queries for all the engagements in the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import Prefetch

from cocreate.access.policy import Relation
from cocreate.accounts.models import User
from cocreate.agreements.models import DocumentKind, Revision, RevisionState
from cocreate.alliance.fit import view_of
from cocreate.alliance.models import Ending, FitReview, IdentityItem, Repair, RepairWord, Rupture
from cocreate.care.models import Engagement, Session
from cocreate.equity import fees as equity_fees
from cocreate.equity import tiers
from cocreate.equity.models import FeeSettings, FeeTier
from cocreate.equity.money import format_money
from cocreate.integration.models import Pattern, Resource, ResourceUse, ShiftEntry
from cocreate.library.models import Question
from cocreate.protocols import registry
from cocreate.protocols.models import ReadinessCheckin, ScreeningDecision, ScreeningResponse, SetAside
from cocreate.protocols.screening import SEVERITY_WORDS, questions

JSON = dict[str, Any]

# The client's own sections, in the order they are written after the shared ones.
OWN_ONLY = ("screening", "readiness", "ruptures", "fit_reviews", "endings", "fees", "library",
            "patterns_and_resources")


def empty(name: str) -> Any:
    """What a section holds for an engagement with nothing in it."""
    if name == "screening":
        return {"answers": [], "set_aside": []}
    if name == "fees":
        return {"tier": None, "currency": None, "sessions": []}
    if name == "patterns_and_resources":
        return {"patterns": [], "resources": []}
    return []


def grouped_by(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def name_of(user: User | None) -> str | None:
    return user.name if user is not None else None


def gather_own(names: Iterable[str], engagements: list[Engagement], person: User) -> dict[str, dict[int, Any]]:
    """Each named section for every engagement: {section: {engagement id: content}}."""
    ids = [e.pk for e in engagements]
    makers: dict[str, Callable[[list[int]], Mapping[int, Any]]] = {
        "screening": _screening, "readiness": _readiness, "ruptures": _ruptures, "endings": _endings,
        "library": _library, "patterns_and_resources": _patterns_and_resources}
    out: dict[str, dict[int, Any]] = {}
    for name in names:
        if name == "fit_reviews":
            out[name] = _fit_reviews(ids, person)
        elif name == "fees":
            out[name] = _fees(engagements)
        elif name in makers:
            out[name] = dict(makers[name](ids))
    return out


def identity(person: User) -> list[JSON]:
    """The client's own identity items, each with who may read it (the client's own page lists them all)."""
    return [{"topic": i.topic, "text": i.text, "visibility": i.visibility,
             "visibility_label": str(i.get_visibility_display()), "created": i.created, "changed": i.changed}
            for i in IdentityItem.objects.filter(person=person).order_by("created", "id")]


def _screening(ids: list[int]) -> dict[int, JSON]:
    """Every set of screening answers with the question each answers, what the protocol's rules said of them (the
    client's page shows these flags), and the clinician's decisions, written for the client; and any rule of the
    protocol a clinician set aside, with the reason the client reads."""
    responses = (ScreeningResponse.objects.filter(engagement_id__in=ids).select_related("entered_by")
                 .order_by("created", "id"))
    decisions = grouped_by(ScreeningDecision.objects.filter(response__engagement_id__in=ids).select_related("clinician")
                    .order_by("at", "id"), "response_id")
    asides = SetAside.objects.filter(engagement_id__in=ids).select_related("clinician", "ended_by").order_by("at", "id")
    packs = registry.packs()
    out: dict[int, JSON] = defaultdict(lambda: empty("screening"))
    for r in responses:
        pack = packs.get(r.pack)
        asked = {q.key: q.text for q in questions(pack)} if pack else {}
        order = {key: n for n, key in enumerate(asked)}  # the questions' order, as the client's page asks them
        given = r.answers if isinstance(r.answers, dict) else {}
        out[r.engagement_id]["answers"].append({
            "id": r.pk, "protocol": r.pack, "protocol_title": pack.title if pack else r.pack, "created": r.created,
            "entered_by": r.entered_by.name, "with_client": r.with_client,
            "answers": [{"key": key, "question": asked.get(key, key), "answer": str(a.get("answer", "")),
                         "detail": str(a.get("detail", ""))}
                        for key, a in sorted(given.items(), key=lambda kv: order.get(kv[0], len(order)))
                        if isinstance(a, dict)],
            "flags": [{**f, "severity_words": SEVERITY_WORDS.get(str(f.get("severity")), "")}
                      for f in r.flags if isinstance(f, dict)],
            "decisions": [{"outcome": d.outcome, "outcome_label": str(d.get_outcome_display()),
                           "rationale": d.rationale, "conditions": d.conditions, "by": d.clinician.name, "at": d.at}
                          for d in decisions.get(r.pk, [])]})
    for s in asides:
        out[s.engagement_id]["set_aside"].append({
            "protocol": s.pack, "requirement": s.requirement, "reason": s.reason, "by": s.clinician.name,
            "at": s.at, "ended_at": s.ended_at, "ended_by": name_of(s.ended_by)})
    return out


def _readiness(ids: list[int]) -> dict[int, list[JSON]]:
    rows = ReadinessCheckin.objects.filter(engagement_id__in=ids).select_related("author").order_by("created", "id")
    return {k: [{"id": c.pk, "session": c.session_id, "by": c.author.name, "created": c.created,
                 "readiness": c.readiness, "readiness_label": str(c.get_readiness_display()),
                 "how_i_am": c.how_i_am, "sleep": c.sleep, "sleep_label": str(c.get_sleep_display()) if c.sleep else "",
                 "anything_new": c.anything_new, "questions": c.questions} for c in v]
            for k, v in grouped_by(rows, "engagement_id").items()}


def _ruptures(ids: list[int]) -> dict[int, list[JSON]]:
    """Each strain named, what either side did towards repair, and the client's own word on it (the client's page
    shows all of it, a supervisor's raising included)."""
    rows = Rupture.objects.filter(engagement_id__in=ids).select_related("named_by").order_by("created", "id")
    repairs = grouped_by(Repair.objects.filter(rupture__engagement_id__in=ids).select_related("by")
                  .order_by("created", "id"), "rupture_id")
    words = grouped_by(RepairWord.objects.filter(rupture__engagement_id__in=ids).order_by("created", "id"),
                       "rupture_id")
    return {k: [{"id": r.pk, "named_by": r.named_by.name, "session": r.session_id, "description": r.description,
                 "created": r.created, "raised_with_supervisor_at": r.raised_at, "raised_reason": r.raised_reason,
                 "repairs": [{"by": x.by.name, "description": x.description, "created": x.created}
                             for x in repairs.get(r.pk, [])],
                 "my_word": [{"feels_repaired": w.repaired, "note": w.note, "created": w.created}
                             for w in words.get(r.pk, [])]} for r in v]
            for k, v in grouped_by(rows, "engagement_id").items()}


def _fit_reviews(ids: list[int], person: User) -> dict[int, list[JSON]]:
    """Each fit review as the client's page shows it: their own answers, and the care team's only where the client
    may read them (both sides answered, or the team chose to show theirs)."""
    rows = (FitReview.objects.filter(engagement_id__in=ids)
            .select_related("engagement", "proposed_by", "agreed_by").prefetch_related("answers__author")
            .order_by("created", "id"))
    out: dict[int, list[JSON]] = defaultdict(list)
    for review in rows:
        seen = view_of(review, person, Relation.CLIENT)
        answers = ([seen.mine] if seen.mine else []) + seen.shown
        out[review.engagement_id].append({
            "id": review.pk, "session": review.session_id, "created": review.created,
            "asked_by_me": review.asked_by_id == person.pk,
            "answers": [{"by": a.author.name, "mine": a.author.pk == person.pk,
                         "answers": [{"question": q, "answer": t} for q, t in a.pairs]} for a in answers],
            "answers_not_yet_readable": seen.hidden,
            "proposed_outcome": review.get_proposed_outcome_display() if review.proposed_outcome else "",
            "proposed_by": name_of(review.proposed_by),
            "outcome": review.get_outcome_display() if review.outcome else "", "outcome_note": review.outcome_note,
            "agreed_at": review.agreed_at, "agreed_by": name_of(review.agreed_by)})
    return out


def _endings(ids: list[int]) -> dict[int, list[JSON]]:
    """Each ending asked for or proposed, with the client's reasons, the care team's note and any referral on (the
    closing summary is an agreement, in `agreements`)."""
    rows = Ending.objects.filter(engagement_id__in=ids).select_related("proposed_by", "decided_by").order_by(
        "created", "id")
    return {k: [{"id": x.pk, "proposed_by": x.proposed_by.name, "state": x.state,
                 "state_label": str(x.get_state_display()), "my_reasons": x.reasons, "team_note": x.team_note,
                 "referral_to": x.referral_to, "created": x.created, "decided_at": x.decided_at,
                 "decided_by": name_of(x.decided_by)} for x in v]
            for k, v in grouped_by(rows, "engagement_id").items()}


def _library(ids: list[int]) -> dict[int, list[JSON]]:
    rows = (Question.objects.filter(engagement_id__in=ids).select_related("author", "topic")
            .prefetch_related("replies__author").order_by("created", "pk"))
    return {k: [{"id": q.pk, "topic": q.topic.title if q.topic else None, "by": q.author.name, "question": q.body,
                 "created": q.created,
                 "replies": [{"by": r.author.name, "body": r.body, "created": r.created} for r in q.replies.all()]}
                for q in v] for k, v in grouped_by(rows, "engagement_id").items()}


def _patterns_and_resources(ids: list[int]) -> dict[int, JSON]:
    """The patterns the client named or was offered (set aside ones too, as their page lists them) and their own
    list of what steadies them with each "I used it"."""
    patterns = (Pattern.objects.filter(engagement_id__in=ids).select_related("suggested_by")
                .prefetch_related(Prefetch("entries", ShiftEntry.objects.only("id"))).order_by("created", "id"))
    resources = (Resource.objects.filter(engagement_id__in=ids)
                 .prefetch_related("uses").order_by("created", "id"))
    helped = dict(ResourceUse._meta.get_field("helped").flatchoices)
    out: dict[int, JSON] = defaultdict(lambda: empty("patterns_and_resources"))
    for p in patterns:
        out[p.engagement_id]["patterns"].append({
            "id": p.pk, "name": p.name, "state": p.state, "state_label": str(p.get_state_display()),
            "suggested_name": p.suggested_name or None, "suggested_by": name_of(p.suggested_by),
            "entries": sorted(e.pk for e in p.entries.all()), "created": p.created, "changed": p.changed})
    for r in resources:
        out[r.engagement_id]["resources"].append({
            "id": r.pk, "name": r.name, "how": r.how, "created": r.created, "retired_at": r.retired_at,
            "uses": [{"used_on": u.used_on, "helped": u.helped or None,
                      "helped_label": str(helped.get(u.helped, "")) if u.helped else ""}
                     for u in sorted(r.uses.all(), key=lambda u: (u.used_on, u.pk))]})
    return out


def _agreed_tiers(engagements: list[Engagement]) -> dict[int, FeeTier]:
    """The tier each engagement's agreed fee agreement names (as `equity.fees.fee_in_force`, for all at once)."""
    agreed: dict[int, int] = {}
    for engagement_id, content in (Revision.objects.filter(
            document__engagement_id__in=[e.pk for e in engagements], document__kind=DocumentKind.FEE,
            state=RevisionState.AGREED).order_by("number").values_list("document__engagement_id", "content")):
        raw = str((content or {}).get("tier", ""))
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            agreed[engagement_id] = int(raw)  # the latest agreed revision counts
    found = {t.pk: t for t in FeeTier.objects.filter(pk__in=set(agreed.values())).prefetch_related("fees")}
    practice = {e.pk: e.practice_id for e in engagements}
    return {k: found[t] for k, t in agreed.items() if t in found and found[t].practice_id == practice[k]}


def _fees(engagements: list[Engagement]) -> dict[int, JSON]:
    """What the client's fees page shows: the tier in force, and each session's fee, payments (reversals
    included), what came from the reciprocity fund (never who gave it) and what is still to pay, with the receipt
    number. Nobody else is named."""
    sessions = list(Session.objects.filter(engagement__in=engagements).select_related("engagement")
                    .order_by("starts_at", "id"))
    if not engagements:
        return {}
    # No tier here: a session whose fee is not fixed yet takes its engagement's tier below.
    lines = equity_fees.lines_of(engagements[0], sessions, None)
    tier_of = _agreed_tiers(engagements)
    currencies = dict(FeeSettings.objects.filter(practice_id__in={e.practice_id for e in engagements})
                      .values_list("practice_id", "currency"))
    out: dict[int, JSON] = {}
    for e in engagements:
        tier = tier_of.get(e.pk)
        out[e.pk] = {"tier": tier.name if tier else None, "currency": currencies.get(e.practice_id, "USD"),
                     "sessions": []}
    for line in lines:
        e = line.session.engagement
        tier, currency = tier_of.get(e.pk), out[e.pk]["currency"]
        if not line.fixed and tier is not None:
            line.fee, line.tier_name = tiers.fee_for(tier, line.session.kind), tier.name

        def money(minor: int | None, currency: str = currency) -> str:
            return "—" if minor is None else format_money(minor, currency)

        out[e.pk]["sessions"].append({
            "session": line.session.pk, "starts_at": line.session.starts_at, "kind": line.session.kind,
            "receipt_number": line.receipt_number, "tier": line.tier_name, "fee_fixed": line.fixed,
            "fee": line.fee, "paid": line.paid, "from_the_fund": line.subsidy, "to_the_fund": line.to_fund,
            "to_pay": line.to_pay, "shown": {"fee": money(line.fee), "paid": money(line.paid),
                                             "from_the_fund": money(line.subsidy), "to_pay": money(line.to_pay)},
            "payments": [{"at": p.at, "amount": p.amount, "shown": money(p.amount), "note": p.note,
                          "reversal": p.reverses_id is not None} for p in line.payments]})
    return out
