"""A practice's quarterly state reports, as CSV text, from its medicine records.

- Oregon (SB 303: ORS 475A.372; OAR 333-333-4910): the client data of every client with an administration session
  under `oregon_psilocybin` that began in the quarter, one row each, leaving out entirely those who opted out; and
  the service center's counts: clients served, individual and group administration sessions, people denied services
  and why, and adverse reactions by severity, with those that needed emergency services or medical care (Oregon's
  definition of an adverse reaction, OAR 333-333-1010).
- Colorado (4 CCR 755-1, rule 8035): the administration-session log of every session under
  `colorado_natural_medicine` that began in the quarter.

No report carries a name, an email, a birth date or anything written about a client in words of one's own (the only
typed text is a dose's product or lot id): a row is traced back by a reference internal to the practice ("E12" is
engagement 12). Quarters are calendar quarters in the practice's time zone.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import Practice, Role
from cocreate.agreements.models import DocumentKind, Revision, RevisionState
from cocreate.medicine.models import Entry, EntryKind, MedicineRecord, StateData
from cocreate.medicine.oregon_data import NOT_ANSWERED, OREGON, PREFER_NOT, QUESTIONS, Question
from cocreate.protocols.models import Outcome, ScreeningDecision

READERS = (Role.FACILITATOR, Role.ADMIN)  # who reads a practice's reports
COLORADO = "colorado_natural_medicine"
FIRST_YEAR, LAST_YEAR = 2000, 2100
SEVERITIES = ("mild", "moderate", "severe")
DENYING = (Outcome.NOT_NOW, Outcome.REFER)
DENIAL_FLAGS = ("not_eligible", "judgement")  # "for discussion" flags are not reasons to deny
NO_FLAG = "a clinician's judgement (no screening rule raised)"


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime(self.year, 3 * self.number - 2, 1, tzinfo=self.zone)

    @property
    def end(self) -> datetime:  # the start of the next quarter
        return (datetime(self.year + 1, 1, 1, tzinfo=self.zone) if self.number == 4
                else datetime(self.year, 3 * self.number + 1, 1, tzinfo=self.zone))

    @property
    def last_day(self) -> date:
        return self.end.date() - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"


def zone_of(practice: Practice) -> ZoneInfo:
    try:
        return ZoneInfo(practice.time_zone)
    except (ValueError, KeyError):  # an unknown zone name: the site's own zone
        return ZoneInfo(timezone.get_default_timezone_name())


def last_complete(practice: Practice, now: datetime | None = None) -> Quarter:
    """The quarter before the one running now in the practice's zone: the one a report is due for."""
    local = (now or timezone.now()).astimezone(zone_of(practice))
    number = (local.month - 1) // 3 + 1
    year, number = (local.year - 1, 4) if number == 1 else (local.year, number - 1)
    return Quarter(year, number, zone_of(practice))


def quarter_of(practice: Practice, year: Any, quarter: Any) -> Quarter:
    """The quarter named by a year and a number 1 to 4, as given (text or numbers); refused with a message."""
    errors: dict[str, str] = {}
    parsed: list[int] = []
    for name, value, low, high in (("year", year, FIRST_YEAR, LAST_YEAR), ("quarter", quarter, 1, 4)):
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not (text.isascii() and text.isdigit() and len(text) <= 4 and low <= int(text) <= high):
            errors[name] = (_("Give the year as four digits, %(low)d to %(high)d.") if name == "year"
                            else _("Give the quarter as 1, 2, 3 or 4.")) % {"low": low, "high": high}
        else:
            parsed.append(int(text))
    if errors:
        raise ValidationError(errors)
    return Quarter(parsed[0], parsed[1], zone_of(practice))


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    quarter: Quarter
    columns: list[str]
    rows: list[list[str]]

    @property
    def filename(self) -> str:
        return f"{self.key}-{self.quarter.year}-q{self.quarter.number}.csv"

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows([[_cell(v) for v in row] for row in self.rows])
        return out.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that begins like a formula: a lot id typed as "=..." must stay text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _records(practice: Practice, pack: str, quarter: Quarter) -> list[MedicineRecord]:
    return list(MedicineRecord.objects.filter(engagement__practice=practice, pack=pack, started_at__gte=quarter.start,
                                              started_at__lt=quarter.end)
                .select_related("engagement").order_by("started_at", "id"))


def _standing(records: Iterable[MedicineRecord], kind: str) -> list[Entry]:
    """The entries of `kind` of these records, less those a later entry corrects."""
    entries = list(Entry.objects.filter(Q(kind=kind) | Q(corrects__isnull=False),
                                        record_id__in=[r.pk for r in records]).order_by("at", "id"))
    corrected = {e.corrects_id for e in entries if e.corrects_id}
    return [e for e in entries if e.kind == kind and e.pk not in corrected]


def _ref(engagement_ids: Iterable[int]) -> str:
    return " ".join(f"E{pk}" for pk in sorted(set(engagement_ids)))


# --- Oregon -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Served:
    client_id: int
    engagement_ids: set[int]
    data: StateData | None  # the latest row of their engagements in the quarter, as it stands now

    @property
    def opted_out(self) -> bool:
        return self.data is not None and self.data.opted_out


def _served(records: list[MedicineRecord]) -> list[Served]:
    """Each client of these records, with the latest data they gave on any engagement a record is under (their
    latest word counts, an opt-out given after the quarter included)."""
    engagements: dict[int, set[int]] = defaultdict(set)
    for r in records:
        engagements[r.engagement.client_id].add(r.engagement_id)
    latest: dict[int, StateData] = {}
    for row in StateData.objects.filter(engagement_id__in={r.engagement_id for r in records}).order_by(
            "created", "id"):
        latest[row.engagement_id] = row
    found = []
    for client_id, ids in sorted(engagements.items(), key=lambda item: min(item[1])):
        rows = [latest[pk] for pk in ids if pk in latest]
        found.append(Served(client_id, ids, max(rows, key=lambda r: (r.created, r.pk)) if rows else None))
    return found


def _codes(question: Question, data: StateData | None) -> list[str]:
    """The codes of the answer given (several for a ticked question), or "" when left empty."""
    value = getattr(data, question.key) if data is not None else None
    codes = (value or []) if question.many else ([value] if value else [])
    return [str(c) for c in codes] or [""]


def _label(question: Question, code: str) -> str:
    if not code:
        return NOT_ANSWERED
    return "prefer not to say" if code == PREFER_NOT else str(dict(question.choices).get(code, code))


def _answer(question: Question, data: StateData | None) -> str:
    return "; ".join(_label(question, code) for code in _codes(question, data))


def oregon_clients(practice: Practice, quarter: Quarter) -> Report:
    columns = ["reference", *[q.column for q in QUESTIONS]]
    rows = [[_ref(s.engagement_ids), *[_answer(q, s.data) for q in QUESTIONS]]
            for s in _served(_records(practice, OREGON, quarter)) if not s.opted_out]
    return Report("oregon-clients", _("Oregon client data"), quarter, columns, rows)


def _denied(practice: Practice, quarter: Quarter) -> tuple[Counter[str], Counter[str]]:
    """The people denied services in the quarter, by the outcome and by the reasons of their latest denial."""
    decisions = (ScreeningDecision.objects.filter(
        outcome__in=DENYING, at__gte=quarter.start, at__lt=quarter.end, response__pack=OREGON,
        response__engagement__practice=practice).select_related("response__engagement").order_by("at", "id"))
    latest = {d.response.engagement.client_id: d for d in decisions}
    outcomes: Counter[str] = Counter(str(Outcome(d.outcome).label) for d in latest.values())
    reasons: Counter[str] = Counter()
    for d in latest.values():
        flags = {str(f.get("reason", "")) for f in d.response.flags if f.get("severity") in DENIAL_FLAGS}
        reasons.update(flags or {NO_FLAG})
    return outcomes, reasons


def oregon_summary(practice: Practice, quarter: Quarter) -> Report:
    records = _records(practice, OREGON, quarter)
    served = _served(records)
    adverse = [e.data for e in _standing(records, EntryKind.ADVERSE)]
    outcomes, reasons = _denied(practice, quarter)
    clients = len(served)
    rows: list[list[str]] = [
        ["period", f"{quarter.start:%Y-%m-%d} to {quarter.last_day:%Y-%m-%d} ({quarter.zone.key})", ""],
        ["clients served", "clients with an administration session in the quarter", str(clients)],
        ["clients who opted out of client data", "counted above, left out of the client data",
         str(sum(1 for s in served if s.opted_out))],
        ["individual administration sessions", "", str(len(records))],
        ["group administration sessions", "cocreate records individual sessions only", "0"],
        ["average administration sessions per client", "",
         f"{Decimal(len(records)) / clients:.2f}" if clients else ""],
        ["people denied services", "", str(sum(outcomes.values()))],
        *[["people denied services", f"outcome: {label}", str(n)] for label, n in sorted(outcomes.items())],
        *[["people denied services", f"reason: {reason}", str(n)] for reason, n in sorted(reasons.items())],
        *[["adverse events recorded", f"severity: {s}", str(sum(1 for a in adverse if a.get("severity") == s))]
          for s in SEVERITIES],
        *[["adverse reactions needing emergency services or medical care (OAR 333-333-1010)", f"severity: {s}",
           str(sum(1 for a in adverse if a.get("severity") == s and a.get("needed_medical_care")))]
          for s in SEVERITIES],
        ["adverse reactions needing emergency services or medical care (OAR 333-333-1010)", "total",
         str(sum(1 for a in adverse if a.get("needed_medical_care")))],
        *[["adverse reactions needing emergency services or medical care (OAR 333-333-1010)", f"reaction: {r}",
           str(sum(1 for a in adverse if a.get("needed_medical_care") and a.get("reaction", "medical") == r))]
          for r in ("medical", "behavioural", "both")],
    ]
    # The client data, aggregated as the authority asks, over the clients who did not opt out.
    given = [s.data for s in served if not s.opted_out]
    for q in QUESTIONS:
        counts = Counter(code for data in given for code in _codes(q, data))
        rows += [[f"client data: {q.column}", _label(q, code), str(counts[code])]
                 for code in [*(c for c, _words in q.choices), ""] if counts[code]]
    return Report("oregon-summary", _("Oregon service center summary"), quarter, ["measure", "detail", "count"],
                  rows)


# --- Colorado -----------------------------------------------------------------------------------------------------

def _intentions(records: list[MedicineRecord]) -> dict[int, list[Revision]]:
    """Each engagement's intentions as agreed over time: the revision in force now, and those it superseded."""
    # A proposal superseded before anyone agreed it is settled at the very moment of the agreement that superseded
    # it; an agreement superseded later was settled before.
    agreed = (Revision.objects.filter(document__engagement_id__in={r.engagement_id for r in records},
                                      document__kind=DocumentKind.INTENTIONS)
              .filter(Q(state=RevisionState.AGREED) | Q(state=RevisionState.SUPERSEDED,
                                                         settled_at__lt=F("superseded_by__settled_at")))
              .select_related("document").only("number", "settled_at", "content", "document__engagement_id")
              .order_by("number"))
    found: dict[int, list[Revision]] = defaultdict(list)
    for revision in agreed:
        found[revision.document.engagement_id].append(revision)
    return found


def _intention_on_file(record: MedicineRecord, revisions: list[Revision]) -> bool:
    """The intentions in force when the session began name it, or leave an intention for "the next medicine
    session"."""
    before = [r for r in revisions if r.settled_at is not None and r.settled_at <= record.started_at]
    if not before:
        return False
    content = before[-1].content if isinstance(before[-1].content, dict) else {}
    return any(isinstance(i, dict) and i.get("session_id") in (record.session_id, None) and i.get("intention")
               for i in content.get("session_intentions") or [])


def _amount(value: Any) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}"  # "20.00" and "20" alike: 20
    except InvalidOperation:
        return str(value)


def colorado_log(practice: Practice, quarter: Quarter) -> Report:
    records = _records(practice, COLORADO, quarter)
    doses: dict[int, list[Entry]] = defaultdict(list)
    for e in _standing(records, EntryKind.DOSE):
        doses[e.record_id].append(e)
    needed_care = {e.record_id for e in _standing(records, EntryKind.ADVERSE) if e.data.get("needed_medical_care")}
    intentions = _intentions(records)
    zone = quarter.zone
    rows = []
    for r in records:
        given = doses[r.pk]
        start = r.started_at.astimezone(zone)
        rows.append([
            f"E{r.engagement_id}-S{r.session_id}", f"{start:%Y-%m-%d}", f"{start:%H:%M}",
            f"{r.ended_at.astimezone(zone):%H:%M}" if r.ended_at else "",
            {0: "none recorded", 1: "single"}.get(len(given), "split"),
            "; ".join(str(e.data.get("lot") or e.data.get("product") or "not recorded") for e in given),
            "; ".join(_amount(e.data.get("amount")) for e in given),
            "; ".join(f"{e.at.astimezone(zone):%H:%M}" for e in given),
            "yes" if _intention_on_file(r, intentions[r.engagement_id]) else "no",
            "yes" if r.pk in needed_care else "no",
        ])
    columns = ["reference", "session date", "start time", "end time", "single or split dose", "product ids",
               "amounts given (mg)", "dose times", "intention on file", "adverse reaction needing medical care"]
    return Report("colorado-log", _("Colorado administration-session log"), quarter, columns, rows)


REPORTS: dict[str, Callable[[Practice, Quarter], Report]] = {
    "oregon-clients": oregon_clients, "oregon-summary": oregon_summary, "colorado-log": colorado_log}
TITLES = {"oregon-clients": gettext_lazy("Oregon client data (SB 303), one row per client"),
          "oregon-summary": gettext_lazy("Oregon service center counts (SB 303)"),
          "colorado-log": gettext_lazy("Colorado administration-session log (rule 8035)")}


def report(practice: Practice, key: str, quarter: Quarter) -> Report:
    """One report of the practice for the quarter; an unknown report is not found."""
    make = REPORTS.get(key)
    if make is None:
        raise Http404
    return make(practice, quarter)
