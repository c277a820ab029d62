"""Fees through the API: a practice's tiers (every member reads them; its admins add, change and retire them, and
load the defaults), an engagement's fees (the tier in force, each session's fee, paid, from the fund and still to
pay), recording and reversing payments, paying part of a session from the reciprocity fund, and receipts and
monthly statements as PDF. Judged by the same services as the web pages: bad input answers 400 with `errors` by
field; a write that is not this person's to make answers 403 not_allowed; anyone else 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice, Role
from cocreate.accounts.schemas import ErrorOut
from cocreate.equity import fees, receipts, tiers
from cocreate.equity.models import FeeTier, Payment
from cocreate.equity.money import format_money
from cocreate.schemas import In

router = Router(tags=["fees"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
T = "/practices/{practice_id}/fee-tiers"
E = "/engagements/{engagement_id}"


class FeeTierFeeOut(Schema):
    session_kind: str
    amount: int = Field(description="Minor units (cents) of the practice's currency.")
    shown: str


class FeeTierOut(Schema):
    id: int
    name: str
    guidance: str
    position: int
    retired: bool
    currency: str
    fees: list[FeeTierFeeOut]


class FeeTierIn(In):
    name: str
    guidance: str = ""
    position: int | None = Field(None, description="Lower comes first; left out: after the others.")
    fees: dict[str, str] = Field(description='Session kind to amount as typed: {"preparation": "120.50"}; a blank '
                                             "amount: not offered at this tier.")


class FeeCurrencyIn(In):
    currency: str


class FeeLineOut(Schema):
    session_id: int
    starts_at: datetime
    kind: str
    status: str
    tier: str
    fee: int | None = Field(description="Null when no fee is agreed or the tier has none for this kind.")
    fixed: bool = Field(description="Fixed when money was first recorded; otherwise from the tier in force.")
    paid: int
    from_fund: int
    to_fund: int = Field(description="What was paid beyond the fee less the fund's part, given to the fund.")
    to_pay: int
    receipt_number: str


class FeesOut(Schema):
    engagement_id: int
    currency: str
    tier: FeeTierOut | None
    sessions: list[FeeLineOut]


class FeePaymentIn(In):
    amount: str = Field(description='As typed: "120" or "120.50".')
    note: str = Field("", description='How it was paid, like "cash"; the client reads it.')


class FeePaymentReverseIn(In):
    note: str = ""


class FeeSubsidyIn(In):
    amount: str
    reason: str


class FeePaymentOut(Schema):
    id: int
    session_id: int
    amount: int
    currency: str
    note: str
    at: datetime
    reverses_id: int | None


class FeeSubsidyOut(Schema):
    id: int
    session_id: int | None
    amount: int
    at: datetime


def _practice(request: HttpRequest, practice_id: int) -> Practice:
    return account_selectors.practice_for(request_user(request), practice_id, roles=tuple(Role.values))


def _tier(tier: FeeTier, currency: str) -> dict[str, object]:
    return {"id": tier.pk, "name": tier.name, "guidance": tier.guidance, "position": tier.position,
            "retired": tier.retired, "currency": currency,
            "fees": [{"session_kind": f.session_kind, "amount": f.amount,
                      "shown": format_money(f.amount, currency)}
                     for f in tier.fees.all()]}


def _tiers(practice: Practice, admin: bool) -> list[dict[str, object]]:
    currency = tiers.currency_of(practice)
    return [_tier(t, currency) for t in (tiers.all_tiers(practice) if admin else tiers.offered_tiers(practice))]


@router.get(T, response={200: list[FeeTierOut], **ERRORS})
def tier_list(request: HttpRequest, practice_id: int) -> object:
    """The offered tiers, in order (admins also see retired ones, last)."""
    practice = _practice(request, practice_id)
    return _tiers(practice, Role.ADMIN in account_selectors.roles_in(request_user(request), practice))


@router.post(T, response={201: FeeTierOut, **ERRORS})
def tier_add(request: HttpRequest, practice_id: int, payload: FeeTierIn) -> Status[object]:
    practice = _practice(request, practice_id)
    tier = tiers.tier_save(actor=request_user(request), practice=practice, name=payload.name,
                           guidance=payload.guidance, position=payload.position, fees=payload.fees)
    return Status(201, next(t for t in _tiers(practice, True) if t["id"] == tier.pk))


@router.post(T + "/defaults", response={201: list[FeeTierOut], **ERRORS})
def tiers_defaults(request: HttpRequest, practice_id: int) -> Status[object]:
    """The default three tiers; only for a practice that offers none."""
    practice = _practice(request, practice_id)
    tiers.tiers_load_defaults(actor=request_user(request), practice=practice)
    return Status(201, _tiers(practice, False))


@router.put(T + "/currency", response={200: list[FeeTierOut], **ERRORS})
def currency_set(request: HttpRequest, practice_id: int, payload: FeeCurrencyIn) -> object:
    practice = _practice(request, practice_id)
    tiers.fee_currency_set(actor=request_user(request), practice=practice, currency=payload.currency)
    return _tiers(practice, True)


@router.put(T + "/{tier_id}", response={200: FeeTierOut, **ERRORS})
def tier_change(request: HttpRequest, practice_id: int, tier_id: int, payload: FeeTierIn) -> object:
    practice = _practice(request, practice_id)
    tiers.tier_save(actor=request_user(request), practice=practice, tier_id=tier_id, name=payload.name,
                    guidance=payload.guidance, position=payload.position, fees=payload.fees)
    return next(t for t in _tiers(practice, True) if t["id"] == tier_id)


@router.post(T + "/{tier_id}/retire", response={200: FeeTierOut, **ERRORS})
def tier_retire(request: HttpRequest, practice_id: int, tier_id: int) -> object:
    practice = _practice(request, practice_id)
    tiers.tier_retire(actor=request_user(request), practice=practice, tier_id=tier_id)
    return next(t for t in _tiers(practice, True) if t["id"] == tier_id)


def _access(request: HttpRequest, engagement_id: int, *, read: bool) -> EngagementAccess:
    return fees.fees_for(request_user(request), engagement_id, read=read, via="api")


def _fees_out(shown: fees.Fees) -> dict[str, object]:
    return {"engagement_id": shown.engagement.pk, "currency": shown.currency,
            "tier": _tier(shown.tier, shown.currency) if shown.tier else None,
            "sessions": [{"session_id": line.session.pk, "starts_at": line.session.starts_at,
                          "kind": line.session.kind, "status": line.session.status, "tier": line.tier_name,
                          "fee": line.fee, "fixed": line.fixed, "paid": line.paid, "from_fund": line.subsidy,
                          "to_fund": line.to_fund, "to_pay": line.to_pay, "receipt_number": line.receipt_number}
                         for line in shown.lines]}


@router.get(E + "/fees", response={200: FeesOut, **ERRORS})
def engagement_fees(request: HttpRequest, engagement_id: int) -> object:
    """The tier in force and every session's money, oldest first (amounts in minor units)."""
    return _fees_out(fees.engagement_fees(_access(request, engagement_id, read=True)))


def _payment(p: Payment) -> dict[str, object]:
    return {"id": p.pk, "session_id": p.session_id, "amount": p.amount, "currency": p.currency, "note": p.note,
            "at": p.at, "reverses_id": p.reverses_id}


@router.post(E + "/sessions/{session_id}/payments", response={201: FeePaymentOut, **ERRORS})
def payment_record(request: HttpRequest, engagement_id: int, session_id: int,
                   payload: FeePaymentIn) -> Status[object]:
    """A payment received (practice admins on the care team); any excess goes to the reciprocity fund."""
    access = _access(request, engagement_id, read=False)
    return Status(201, _payment(fees.payment_record(actor=request_user(request), access=access,
                                                    session_id=session_id, amount=payload.amount,
                                                    note=payload.note)))


@router.post(E + "/payments/{payment_id}/reverse", response={201: FeePaymentOut, **ERRORS})
def payment_reverse(request: HttpRequest, engagement_id: int, payment_id: int,
                    payload: FeePaymentReverseIn) -> Status[object]:
    access = _access(request, engagement_id, read=False)
    return Status(201, _payment(fees.payment_reverse(actor=request_user(request), access=access,
                                                     payment_id=payment_id, note=payload.note)))


@router.post(E + "/sessions/{session_id}/subsidy", response={201: FeeSubsidyOut, **ERRORS})
def subsidy_grant(request: HttpRequest, engagement_id: int, session_id: int,
                  payload: FeeSubsidyIn) -> Status[object]:
    """Part of what is still to pay, from the fund; 400 with the fund's words when it does not hold it."""
    access = _access(request, engagement_id, read=False)
    row = fees.session_subsidy_grant(actor=request_user(request), access=access, session_id=session_id,
                                     amount=payload.amount, reason=payload.reason)
    return Status(201, {"id": row.pk, "session_id": row.session_id, "amount": row.amount, "at": row.at})


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get(E + "/sessions/{session_id}/receipt.pdf", response={200: None, **ERRORS})
def receipt(request: HttpRequest, engagement_id: int, session_id: int) -> HttpResponse:
    shown, line = fees.session_line(_access(request, engagement_id, read=True), session_id)
    return _pdf(receipts.receipt_pdf(shown, line), f"receipt-{line.receipt_number}.pdf")


@router.get(E + "/fees/statements/{year}/{month}.pdf", response={200: None, **ERRORS})
def statement(request: HttpRequest, engagement_id: int, year: int, month: int) -> HttpResponse:
    start, _end = fees.month_bounds(year, month)
    shown = fees.month_fees(_access(request, engagement_id, read=True), year, month)
    return _pdf(receipts.statement_pdf(shown, start.date()), f"statement-{year}-{month:02d}.pdf")
