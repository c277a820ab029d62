"""The reciprocity fund through the API, for the practice's admins only (anyone else gets 404): the balance and
the transactions newest first by keyset (`before`: the `next_before` of the page before), a donation, a reversal,
and the report by month as JSON with its CSV text. Bad input answers 400 with `errors` by field (`amount`,
`reason`, `before`, `year`, `reverses`); a subsidy or reversal the fund cannot hold answers 400 on `amount`."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice
from cocreate.accounts.schemas import ErrorOut
from cocreate.equity import fund, fund_report
from cocreate.equity import fund_selectors as selectors
from cocreate.equity.fund_selectors import Line
from cocreate.equity.models import Fund
from cocreate.equity.money import format_money, parse_money
from cocreate.schemas import In

router = Router(tags=["fund"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
F = "/practices/{practice_id}/fund"


class FundTransactionOut(Schema):
    id: int
    kind: str = Field(description="above_tier, donation, subsidy or reversal.")
    kind_label: str
    amount: int = Field(description="The size of the movement, in minor units (cents).")
    delta: int = Field(description="How it moved the fund, signed, in minor units.")
    amount_text: str
    reason: str
    recorded_by: str = Field(description="The name of the admin who recorded it.")
    at: datetime
    engagement_ref: str | None = Field(description="The engagement a session belongs to, as E<id>; never a name.")
    session_id: int | None
    session_starts_at: datetime | None
    reverses: int | None = Field(description="For a reversal: the transaction it undoes.")
    reversed_by: int | None = Field(description="The reversal that undid this one, if any.")
    reversible: bool


class FundOut(Schema):
    practice_id: int
    currency: str
    balance: int = Field(description="Minor units; always the sum of the fund's ledger entries, never negative.")
    balance_text: str
    came_in: int
    went_out: int
    reversals: int
    transactions: list[FundTransactionOut]
    next_before: str = Field(description="Pass as `before` for older transactions; empty on the last page.")


class FundPageIn(In):
    before: str = Field("", max_length=60, description="A cursor from `next_before`: <ISO time>,<id>.")
    limit: int = Field(selectors.PAGE, ge=1, le=100)


class FundDonationIn(In):
    amount: str = Field(max_length=20, description="As a person types it, in major units: \"50\" or \"50.25\".")
    reason: str = Field(max_length=2000, description="Why, or from whom; read by the practice's admins only.")


class FundReverseIn(In):
    reason: str = Field(max_length=2000, description="Why it is reversed.")


class FundReportMonthOut(Schema):
    month: date = Field(description="The month's first day, in the practice's time zone.")
    came_in: int
    went_out: int
    reversals: int
    balance: int = Field(description="At the month's end.")


class FundReportOut(Schema):
    practice_id: int
    year: int
    currency: str
    time_zone: str
    opening: int = Field(description="The balance as the year began.")
    months: list[FundReportMonthOut]
    filename: str
    csv: str


def _line(line: Line, currency: str) -> dict[str, object]:
    row, session = line.row, line.row.session
    return {"id": row.pk, "kind": row.kind, "kind_label": row.get_kind_display(), "amount": row.amount,
            "delta": line.delta, "amount_text": format_money(line.delta, currency), "reason": row.reason,
            "recorded_by": row.recorded_by.name, "at": row.at,
            "engagement_ref": f"E{session.engagement_id}" if session else None,
            "session_id": session.pk if session else None, "session_starts_at": session.starts_at if session else None,
            "reverses": row.reverses_id, "reversed_by": line.reversed_by.pk if line.reversed_by else None,
            "reversible": line.reversible}


def _fund(request: HttpRequest, practice_id: int) -> tuple[Practice, Fund]:
    practice = selectors.practice_of_fund(request_user(request), practice_id)
    return practice, selectors.fund_in(practice)


@router.get(F, response={200: FundOut, **ERRORS})
def fund_get(request: HttpRequest, practice_id: int, page: Query[FundPageIn]) -> object:
    """The balance, totals over the fund's history, and a page of transactions, newest first."""
    practice, found = _fund(request, practice_id)
    listed = selectors.transactions(request_user(request), found, before=selectors.parse_before(page.before),
                                    limit=page.limit, via="api")
    totals = selectors.totals(found)
    return {"practice_id": practice_id, "currency": found.currency, "balance": found.balance,
            "balance_text": format_money(found.balance, found.currency), "came_in": totals.came_in,
            "went_out": totals.went_out, "reversals": totals.reversals,
            "transactions": [_line(line, found.currency) for line in listed.lines],
            "next_before": listed.next_before}


@router.post(F + "/donations", response={201: FundTransactionOut, **ERRORS})
def donation_record(request: HttpRequest, practice_id: int, payload: FundDonationIn) -> Status[object]:
    practice, found = _fund(request, practice_id)
    made = fund.donation_record(actor=request_user(request), practice=practice,
                                amount=parse_money(payload.amount), reason=payload.reason)
    return Status(201, _line(selectors.line_of(made), found.currency))


@router.post(F + "/transactions/{transaction_id}/reverse", response={201: FundTransactionOut, **ERRORS})
def transaction_reverse(request: HttpRequest, practice_id: int, transaction_id: int,
                        payload: FundReverseIn) -> Status[object]:
    """Undo a contribution, donation or subsidy by a counter-entry; the original stays, marked reversed."""
    practice, found = _fund(request, practice_id)
    if selectors.transaction_in(found, transaction_id) is None:
        raise Http404
    made = fund.transaction_reverse(actor=request_user(request), practice=practice,
                                    transaction_id=transaction_id, reason=payload.reason)
    return Status(201, _line(selectors.line_of(made), found.currency))


@router.get(F + "/report", response={200: FundReportOut, **ERRORS})
def report(request: HttpRequest, practice_id: int, year: str = "") -> object:
    """Per month of the year (this year when not given): came in, went out, reversals, balance at month end."""
    practice, found = _fund(request, practice_id)
    made = fund_report.month_report(practice, found, fund_report.year_of(practice, year))
    return {"practice_id": practice_id, "year": made.year, "currency": found.currency, "time_zone": made.zone.key,
            "opening": made.opening,
            "months": [{"month": m.first_day, "came_in": m.came_in, "went_out": m.went_out,
                        "reversals": m.reversals, "balance": m.balance} for m in made.months],
            "filename": made.filename, "csv": made.csv()}
