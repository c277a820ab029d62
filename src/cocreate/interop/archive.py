"""Gathers a client's whole record, as far as the reader may take it, into one plain structure that the JSON,
FHIR and PDF forms of the archive are all written from.

The client takes everything about them that they may see. A care-team member exporting for a transfer takes only
what the client chose to share with the transfer (alliance's `SHAREABLE`). Never in either: private notes, the
facilitator's reflection journal, a flag's private note, another client's data. Each section is one query for
all the engagements in the archive, so the number of queries does not grow with the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cocreate.access.models import AccessEvent
from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.agreements.models import Decision, Deviation, Revision, RevisionState
from cocreate.alliance.models import EndingState, Feedback, TeamProposal
from cocreate.alliance.team import SHAREABLE
from cocreate.care.models import CareTeamMember, Engagement, PhaseTransition, Session, SharedNote
from cocreate.integration.archive import safe_name
from cocreate.integration.models import Attachment, JournalEntry, Reflection, ShiftEntry, StepCheckIn
from cocreate.interop.archive_sections import OWN_ONLY, empty, gather_own, grouped_by, identity, name_of
from cocreate.measures.models import Flag, Response, Score
from cocreate.measures.registry import title_of
from cocreate.medicine.models import Entry, MedicineRecord, Recollection

JSON = dict[str, Any]

# Every section of an archive, in the order it is written. `sessions` are when the care happened, not what was
# said in it: a transfer carries them so the next practitioner knows what was held (as the calendar feed does).
SECTIONS = ("sessions", "agreements", "shared_notes", "medicine", "measures", "integration", "feedback",
            "access_log", *OWN_ONLY)
OWN = frozenset(SECTIONS)
# The sections a transfer may carry, named for the staff and the receiving practice (SHAREABLE words them for the
# client).
SHARED_LABELS = {"agreements": gettext_lazy("Agreements: goals, plans and consent, with their history"),
                 "shared_notes": gettext_lazy("Shared notes"),
                 "measures": gettext_lazy("Questionnaires and their scores"),
                 "medicine": gettext_lazy("Medicine session records"),
                 "integration": gettext_lazy("Integration entries the client had shared")}
ALWAYS_FOR_TRANSFER = frozenset({"sessions"})


@dataclass(frozen=True)
class Scope:
    """Whose archive, for whom, and what it may hold."""

    person: User  # the client the archive is about
    reader: User
    accesses: tuple[EngagementAccess, ...]
    sections: frozenset[str]
    transfer: bool = False
    # Sections left out of a transfer, with why (the page and the archive say it).
    left_out: tuple[str, ...] = ()


@dataclass
class Record:
    """The gathered archive: the structure written as JSON, plus the rows the other forms need."""

    scope: Scope
    made_at: datetime
    data: JSON
    files: list[Attachment] = field(default_factory=list)


def transfer_sections(engagement: Engagement) -> tuple[frozenset[str], tuple[str, ...]]:
    """What the client agreed to share on an accepted transfer of this engagement (the latest one counts), and
    the shareable sections that are left out. Nothing agreed: only the sessions' times go."""
    latest = (TeamProposal.objects.filter(engagement=engagement, transfer=True, state=EndingState.AGREED)
              .order_by("-decided_at", "-id").values_list("shared", flat=True).first())
    chosen = {key for key in (latest or []) if key in SHAREABLE}  # SHAREABLE's keys name sections here too
    return frozenset(chosen | ALWAYS_FOR_TRANSFER), tuple(k for k in SHAREABLE if k not in chosen)


def own_scope(person: User, accesses: Iterable[EngagementAccess]) -> Scope:
    return Scope(person=person, reader=person, accesses=tuple(accesses), sections=OWN)


def transfer_scope(reader: User, access: EngagementAccess) -> Scope:
    sections, left_out = transfer_sections(access.engagement)
    return Scope(person=access.engagement.client, reader=reader, accesses=(access,), sections=sections,
                 transfer=True, left_out=left_out)


def gather(scope: Scope, *, now: datetime | None = None) -> Record:
    """The archive's content for the scope: a fixed number of queries whatever the history."""
    made_at = now or timezone.now()
    engagements = [a.engagement for a in scope.accesses]
    ids = [e.pk for e in engagements]
    want = scope.sections
    record = Record(scope=scope, made_at=made_at, data={})
    sections: dict[str, dict[int, Any]] = {}
    team = grouped_by(CareTeamMember.objects.filter(engagement_id__in=ids).select_related("facilitator")
               .order_by("added_at", "id"), "engagement_id")
    phases = grouped_by(PhaseTransition.objects.filter(engagement_id__in=ids).order_by("at", "id"), "engagement_id")
    # What the client chose to share on each handover they accepted: their data-sharing consent, in their own archive.
    handovers = grouped_by(TeamProposal.objects.filter(engagement_id__in=ids, transfer=True, state=EndingState.AGREED)
                    .select_related("facilitator").order_by("decided_at", "id"), "engagement_id")
    if "sessions" in want:
        sections["sessions"] = _sessions(ids, with_reasons=not scope.transfer)
    if "agreements" in want:
        sections["agreements"] = _agreements(ids)
    if "shared_notes" in want:
        sections["shared_notes"] = _shared_notes(ids)
    if "medicine" in want:
        sections["medicine"] = _medicine(ids, transfer=scope.transfer)
    if "measures" in want:
        sections["measures"] = _measures(ids)
    if "integration" in want:
        integration, files = _integration(ids, shared_only=scope.transfer)
        sections["integration"] = integration
        record.files = files
    if "feedback" in want:
        sections["feedback"] = _feedback(ids)
    if "access_log" in want:
        sections["access_log"] = _access_log(ids)
    sections.update(gather_own([s for s in OWN_ONLY if s in want], engagements, scope.person))

    out = []
    for e in engagements:
        item: JSON = {
            "id": e.pk, "title": str(e), "practice": e.practice.name, "kind": e.kind,
            "kind_label": str(e.get_kind_display()), "phase": e.phase, "phase_label": str(e.get_phase_display()),
            "opened": e.created,
            "care_team": [{"name": m.facilitator.name, "joined": m.added_at, "left": m.removed_at}
                          for m in team.get(e.pk, [])],
            # A transfer carries when the phases moved, not the words said about why (they may be clinical).
            "phase_history": [{"from": t.from_phase or None, "to": t.to_phase, "at": t.at,
                               "reason": None if scope.transfer else t.reason} for t in phases.get(e.pk, [])],
        }
        if not scope.transfer:
            item["sharing_on_transfer"] = [{"to": p.facilitator.name, "shared": list(p.shared), "at": p.decided_at}
                                           for p in handovers.get(e.pk, [])]
        for name in SECTIONS:
            if name in sections:
                item[name] = sections[name].get(e.pk, _EMPTY[name]() if name in _EMPTY else empty(name))
        out.append(item)
    record.data = {
        "about": {
            "made_at": made_at, "made_by": scope.reader.name,
            "kind": "transfer" if scope.transfer else "own",
            "sections": [s for s in SECTIONS if s in want],
            "left_out": list(scope.left_out),
            "never_included": ["private notes", "the facilitator's reflection journal",
                               "a follow-up's private note", "anything about another person's care"],
        },
        "person": {"id": scope.person.pk, "name": scope.person.name, "email": scope.person.email},
        "engagements": out,
    }
    if not scope.transfer:  # who they are, in their own words: theirs, never part of a transfer
        record.data["person"]["identity"] = identity(scope.person)
    return record


_EMPTY: dict[str, Callable[[], JSON]] = {"measures": lambda: {"responses": [], "scores": [], "follow_ups": []},
          "integration": lambda: {"shift_entries": [], "journal": [], "step_check_ins": []}}


def _sessions(ids: list[int], *, with_reasons: bool) -> dict[int, list[JSON]]:
    rows = Session.objects.filter(engagement_id__in=ids).order_by("starts_at", "id")
    return {k: [{"id": s.pk, "kind": s.kind, "kind_label": str(s.get_kind_display()), "starts_at": s.starts_at,
                 "ends_at": s.ends_at, "duration_minutes": s.duration_minutes, "location": s.location,
                 "status": s.status, "status_label": str(s.get_status_display()),
                 "cancel_reason": s.cancel_reason if with_reasons else None} for s in v]
            for k, v in grouped_by(rows, "engagement_id").items()}


def _agreements(ids: list[int]) -> dict[int, list[JSON]]:
    """Every document with every revision (its content as written) and every decision on it."""
    revisions = (Revision.objects.filter(document__engagement_id__in=ids)
                 .select_related("document", "author")
                 .prefetch_related(Prefetch("decisions", Decision.objects.select_related("party").order_by("at", "pk")))
                 .order_by("document__kind", "number"))
    deviations = grouped_by(Deviation.objects.filter(document__engagement_id__in=ids).select_related("author")
                     .order_by("occurred_at", "pk"), "document_id")
    docs: dict[int, dict[int, JSON]] = defaultdict(dict)
    for r in revisions:
        d = r.document
        doc = docs[d.engagement_id].setdefault(d.pk, {
            "id": d.pk, "kind": d.kind, "kind_label": str(d.get_kind_display()), "created": d.created,
            "in_force": None, "revisions": [],
            "deviations": [{"occurred_at": x.occurred_at, "description": x.description, "by": x.author.name}
                           for x in deviations.get(d.pk, [])]})
        doc["revisions"].append({
            "id": r.pk, "number": r.number, "state": r.state, "state_label": str(r.get_state_display()),
            "change": r.change, "by": r.author.name, "side": r.side, "note": r.note, "content": r.content,
            "based_on": r.based_on_id, "created": r.created, "settled_at": r.settled_at,
            "withdraw_comment": r.withdraw_comment,
            "decisions": [{"by": x.party.name, "side": x.side, "verdict": x.verdict, "comment": x.comment,
                           "at": x.at} for x in r.decisions.all()]})
        if r.state == RevisionState.AGREED:
            doc["in_force"] = r.number
    return {k: list(v.values()) for k, v in docs.items()}


def _shared_notes(ids: list[int]) -> dict[int, list[JSON]]:
    rows = SharedNote.objects.filter(engagement_id__in=ids).select_related("author").order_by("created", "id")
    return {k: [{"id": n.pk, "by": n.author.name, "session": n.session_id, "body": n.body, "created": n.created}
                for n in v] for k, v in grouped_by(rows, "engagement_id").items()}


def _medicine(ids: list[int], *, transfer: bool) -> dict[int, list[JSON]]:
    """Each medicine session's record: who was present, the timeline and the client's recollections beside it.
    A session still under way is the client's to read only if they asked to see it live (as on its page)."""
    records = list(MedicineRecord.objects.filter(engagement_id__in=ids)
                   .select_related("session", "started_by", "ended_by", "released_by")
                   .prefetch_related("present__person").order_by("started_at", "id"))
    readable = [r for r in records if transfer or r.ended_at is not None or r.client_sees_live]
    memories = grouped_by(Recollection.objects.filter(entry__record__in=readable).select_related("author")
                   .order_by("created", "id"), "entry_id")
    lines = grouped_by(Entry.objects.filter(record__in=readable).select_related("author").order_by("at", "id"),
                       "record_id")
    out: dict[int, list[JSON]] = defaultdict(list)
    for r in readable:
        out[r.engagement_id].append({
            "id": r.pk, "session": r.session_id, "session_starts_at": r.session.starts_at, "protocol": r.pack,
            "started_at": r.started_at, "started_by": name_of(r.started_by), "ended_at": r.ended_at,
            "ended_by": name_of(r.ended_by), "early_reason": r.early_reason, "released_at": r.released_at,
            "released_by": name_of(r.released_by), "release": r.release,
            "present": [{"name": p.person.name if p.person else p.name, "role": p.role, "joined_at": p.joined_at}
                        for p in r.present.all()],
            "timeline": [{"id": x.pk, "kind": x.kind, "kind_label": str(x.get_kind_display()), "at": x.at,
                          "by": x.author.name, "data": x.data, "corrects": x.corrects_id,
                          "recollections": [{"by": m.author.name, "body": m.body, "created": m.created}
                                            for m in memories.get(x.pk, [])]}
                         for x in lines.get(r.pk, [])]})
    return out


def _measures(ids: list[int]) -> dict[int, JSON]:
    """Sent answers, their scores, and what was done about each flag (never the resolver's private note)."""
    responses = (Response.objects.filter(administration__engagement_id__in=ids, submitted_at__isnull=False)
                 .select_related("administration").order_by("submitted_at", "pk"))
    scores = Score.objects.filter(engagement_id__in=ids).order_by("at", "pk")
    flags = (Flag.objects.filter(engagement_id__in=ids).select_related("resolved_by")
             .only("id", "engagement_id", "instrument", "kind", "reason", "created", "resolved_at", "action",
                   "response_id", "resolved_by__name").order_by("created", "pk"))
    out: dict[int, JSON] = defaultdict(lambda: _EMPTY["measures"]())
    for r in responses:
        a = r.administration
        out[a.engagement_id]["responses"].append({
            "id": r.pk, "instrument": a.instrument, "title": a.instrument_title, "session": a.session_id,
            "answers": r.answers, "submitted_at": r.submitted_at, "via": r.via})
    for s in scores:
        out[s.engagement_id]["scores"].append({
            "id": s.pk, "instrument": s.instrument, "title": title_of(s.instrument), "response": s.response_id,
            "at": s.at, "total": s.total, "subscales": s.subscales, "band": s.band, "prorated": s.prorated})
    for f in flags:
        out[f.engagement_id]["follow_ups"].append({
            "kind": f.kind, "instrument": f.instrument, "response": f.response_id, "reason": f.reason,
            "raised": f.created, "resolved_at": f.resolved_at, "resolved_by": name_of(f.resolved_by),
            "what_was_done": f.action})
    return out


def _integration(ids: list[int], *, shared_only: bool) -> tuple[dict[int, JSON], list[Attachment]]:
    """The client's shifts, journal and files, and their check-ins on the plan's steps. Their own archive holds
    all of it, shared or not; a transfer only what they had shared. Deleted words are gone (the row says so)."""
    entries = ShiftEntry.objects.filter(engagement_id__in=ids).order_by("on", "id")
    journal = JournalEntry.objects.filter(engagement_id__in=ids).order_by("on", "id")
    if shared_only:
        entries = entries.filter(shared_at__isnull=False, deleted_at__isnull=True)
        journal = journal.filter(shared_at__isnull=False, deleted_at__isnull=True)
    entry_rows = list(entries)
    journal_rows = list(journal)
    reflections = grouped_by(Reflection.objects.filter(entry__in=[e.pk for e in entry_rows if e.is_shared])
                      .select_related("author").order_by("created", "id"), "entry_id")
    files = [a for a in Attachment.objects.filter(entry__in=[j.pk for j in journal_rows if j.deleted_at is None])
             .order_by("created", "id")]
    by_page = grouped_by(files, "entry_id")
    out: dict[int, JSON] = defaultdict(lambda: _EMPTY["integration"]())
    for e in entry_rows:
        out[e.engagement_id]["shift_entries"].append({
            "id": e.pk, "on": e.on, "day": e.day, "areas": e.domains,
            "what_i_noticed": None if e.deleted_at else e.text, "shared_at": e.shared_at if e.is_shared else None,
            "deleted_at": e.deleted_at, "created": e.created,
            "reflections": [{"by": r.author.name, "body": r.body, "created": r.created}
                            for r in reflections.get(e.pk, [])]})
    for j in journal_rows:
        out[j.engagement_id]["journal"].append({
            "id": j.pk, "on": j.on, "text": None if j.deleted_at else j.text,
            "shared_at": j.shared_at if j.is_shared else None, "deleted_at": j.deleted_at, "created": j.created,
            "files": [{"uid": str(a.uid), "kind": a.kind, "content_type": a.content_type, "size": a.size,
                       "name": a.name, "path": file_path(a)} for a in by_page.get(j.pk, [])]})
    if not shared_only:
        for c in StepCheckIn.objects.filter(engagement_id__in=ids).order_by("created", "id"):
            out[c.engagement_id]["step_check_ins"].append({
                "step": c.step, "plan_revision": c.revision_number, "status": c.status, "note": c.note,
                "created": c.created})
    return out, files


def file_path(attachment: Attachment) -> str:
    """Where a journal file sits in the zip: a name made here, never the one the client uploaded."""
    return f"files/{attachment.entry_id}/{attachment.uid}-{safe_name(attachment.name, attachment.content_type)}"


def _feedback(ids: list[int]) -> dict[int, list[JSON]]:
    rows = (Feedback.objects.filter(engagement_id__in=ids).select_related("acknowledgement__by")
            .order_by("created", "id"))
    out: dict[int, list[JSON]] = defaultdict(list)
    for f in rows:
        ack = getattr(f, "acknowledgement", None)
        out[f.engagement_id].append({
            "id": f.pk, "kind": f.kind, "to": f.to, "session": f.session_id, "ratings": f.lead_ratings or None,
            "what_could_be_better": f.better, "what_went_unsaid": f.unsaid, "message": f.message,
            "created": f.created,
            "read": None if ack is None else {"by": ack.by.name, "reply": ack.reply, "at": ack.at}})
    return out


def _access_log(ids: list[int]) -> dict[int, list[JSON]]:
    rows = AccessEvent.objects.filter(engagement_id__in=ids).select_related("actor").order_by("at", "id")
    return {k: [{"who": a.actor.name, "what": a.what, "what_label": a.what_label, "basis": a.basis,
                 "reason": a.reason, "via": a.via, "at": a.at} for a in v]
            for k, v in grouped_by(rows, "engagement_id").items()}
