"""Every read of the medicine app. Callers hold an `EngagementAccess` from the access policy; the client reads the
record once the session has ended (or as it is written, if they asked to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import Http404

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.care.models import Session, SessionKind
from cocreate.medicine.models import Entry, MedicineRecord, Recollection


def medicine_session(access: EngagementAccess, session_id: int) -> Session:
    session = Session.objects.filter(engagement=access.engagement, pk=session_id, kind=SessionKind.MEDICINE).first()
    if session is None:
        raise Http404
    return session


def record_of(session: Session) -> MedicineRecord | None:
    return (MedicineRecord.objects.filter(session=session)
            .select_related("started_by", "ended_by", "released_by", "engagement").first())


def record_or_404(access: EngagementAccess, session_id: int) -> MedicineRecord:
    record = record_of(medicine_session(access, session_id))
    if record is None:
        raise Http404
    return record


def readable(access: EngagementAccess, record: MedicineRecord) -> bool:
    """The care team always; the client once it ended, or live if they asked."""
    return access.relation is not Relation.CLIENT or record.ended_at is not None or record.client_sees_live


@dataclass(frozen=True)
class Line:
    """One entry as the timeline shows it: read as plain values, since a session can hold thousands."""

    pk: int
    uid: str
    kind: str
    at: datetime
    data: dict[str, Any]
    corrects_id: int | None
    author_id: int
    author_name: str
    recollections: list[Recollection]


@dataclass(frozen=True)
class Timeline:
    record: MedicineRecord
    entries: list[Line]
    corrected: set[int]


def timeline(record: MedicineRecord) -> Timeline:
    """The record's entries in time order, each with the client's recollections beside it: two queries."""
    memories: dict[int, list[Recollection]] = {}
    for r in Recollection.objects.filter(entry__record=record).select_related("author").order_by("created", "id"):
        memories.setdefault(r.entry_id, []).append(r)
    rows = (Entry.objects.filter(record=record).order_by("at", "id")
            .values_list("pk", "uid", "kind", "at", "data", "corrects_id", "author_id", "author__name"))
    entries = [Line(pk, str(uid), kind, at, data, corrects, author, name, memories.get(pk, []))
               for pk, uid, kind, at, data, corrects, author, name in rows]
    return Timeline(record, entries, {e.corrects_id for e in entries if e.corrects_id})


def entry_in(record: MedicineRecord, entry_id: int) -> Entry:
    entry = Entry.objects.filter(record=record, pk=entry_id).select_related("record").first()
    if entry is None:
        raise Http404
    return entry


def present(record: MedicineRecord) -> list[str]:
    return [str(p.person.name if p.person else p.name) for p in record.present.select_related("person")]
