"""Fees on an engagement: the tier in force (from the agreed fee agreement), the fee of each session, and the
records of payment the practice keeps, not payments: card processing, insurance billing and claims are out of scope.

A session's fee is fixed (`SessionFee`) the first time the practice records money against it, so a later change of
tier does not rewrite what past sessions cost. A payment is corrected by a reversing record, never edited. What is
paid beyond the fee less any subsidy goes to the reciprocity fund as a contribution, in the same transaction; a
subsidy is the fund's (`fund.subsidy_grant`). Nobody is named to anyone about the fund: a client reads only "from
the reciprocity fund" on their own sessions.

Money is written by the practice's admins who are on the engagement's care team (the access policy decides who
sees an engagement at all); the client, the care team and a supervisor with a reason read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation, has_role
from cocreate.accounts.models import Role, User
from cocreate.agreements.models import DocumentKind, Revision, RevisionState
from cocreate.care import selectors as care_selectors
from cocreate.care.models import OFF, Engagement, Session
from cocreate.equity import fund, ledger, tiers
from cocreate.equity.models import (
    SHORT_MAX,
    Account,
    FeeTier,
    FundEntry,
    FundTransaction,
    Payment,
    SessionFee,
    TransactionKind,
)
from cocreate.equity.money import format_money, parse_money
from cocreate.text import clean_text

WHAT = "fees"  # the access event of a read of an engagement's fees, payments and receipts
ABOVE_REASON = "Paid above the fee"


def fees_for(actor: User, engagement_id: int, *, read: bool = True, via: str = "web") -> EngagementAccess:
    """The engagement through the access policy (404 if foreign); a read leaves an access event."""
    return care_selectors.engagement_for(actor, engagement_id, what=WHAT if read else None, via=via)


def may_record(actor: User, access: EngagementAccess) -> bool:
    """Money is recorded by an admin of the practice who is on the care team."""
    return access.relation is Relation.CARE_TEAM and has_role(actor, Role.ADMIN, access.engagement.practice_id)


def require_recorder(actor: User, access: EngagementAccess) -> None:
    if not may_record(actor, access):
        raise NotAllowed(_("Only the practice's admins record money."))


# Reads.


def agreed_tier_id(engagement: Engagement) -> int | None:
    """The tier of the agreed fee revision, or None when no fee is agreed (one query)."""
    content = (Revision.objects.filter(document__engagement=engagement, document__kind=DocumentKind.FEE,
                                       state=RevisionState.AGREED)
               .order_by("-number").values_list("content", flat=True).first())
    raw = str((content or {}).get("tier", ""))
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def fee_in_force(engagement: Engagement) -> FeeTier | None:
    """The tier the agreed fee agreement names (retired or not: what was agreed stays agreed), fees prefetched."""
    tier_id = agreed_tier_id(engagement)
    if tier_id is None:
        return None
    return (FeeTier.objects.filter(pk=tier_id, practice_id=engagement.practice_id)
            .prefetch_related("fees").first())


@dataclass
class Line:
    """One session's money: the fee (fixed, or as the tier in force would set it), what was paid, what came from
    the fund and what went to it, and the payment records (reversals included)."""

    session: Session
    fee: int | None
    tier_name: str
    fixed: bool
    subsidy: int = 0
    to_fund: int = 0
    payments: list[Payment] = field(default_factory=list)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def to_pay(self) -> int:
        """Still to pay: the fee less the subsidy and less what was paid toward it (never below zero)."""
        if self.fee is None:
            return 0
        return max(0, self.fee - self.subsidy - (self.paid - self.to_fund))

    @property
    def has_money(self) -> bool:
        return self.fixed or bool(self.payments) or bool(self.subsidy)

    @property
    def receipt_number(self) -> str:
        return receipt_number(self.session)


@dataclass
class Fees:
    engagement: Engagement
    currency: str
    tier: FeeTier | None
    lines: list[Line]

    def money(self, minor: int | None) -> str:
        return "—" if minor is None else format_money(minor, self.currency)


def receipt_number(session: Session) -> str:
    return f"{session.engagement.practice_id}-{session.engagement_id}-{session.pk}"


def _money_by_session(session_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Net subsidy from the fund and net contribution to it, per session, from the ledger's entries."""
    subsidy: dict[int, int] = defaultdict(int)
    to_fund: dict[int, int] = defaultdict(int)
    rows = (FundEntry.objects.filter(transaction__session_id__in=session_ids,
                                     account__in=(Account.SUBSIDIES, Account.CONTRIBUTIONS))
            .values("transaction__session_id", "account").annotate(total=Sum("amount")))
    for row in rows:
        sid, total = row["transaction__session_id"], int(row["total"] or 0)
        if row["account"] == Account.SUBSIDIES:
            subsidy[sid] += total
        else:
            to_fund[sid] -= total  # a contribution leaves the contributions account: its entries are negative
    return subsidy, to_fund


def lines_of(engagement: Engagement, sessions: list[Session], tier: FeeTier | None) -> list[Line]:
    """Each session's line in a fixed number of queries, whatever the count."""
    ids = [s.pk for s in sessions]
    fixed = {f.session_id: f for f in SessionFee.objects.filter(session_id__in=ids)}
    payments: dict[int, list[Payment]] = defaultdict(list)
    for payment in Payment.objects.filter(session_id__in=ids).order_by("at", "id"):
        payments[payment.session_id].append(payment)
    subsidy, to_fund = _money_by_session(ids)
    lines = []
    for session in sessions:
        held = fixed.get(session.pk)
        fee: int | None
        if held is not None:
            fee, name = held.amount, held.tier_name
        else:
            fee = tiers.fee_for(tier, session.kind) if tier is not None else None
            name = tier.name if tier is not None else ""
        line = Line(session, fee, name, held is not None, subsidy.get(session.pk, 0), to_fund.get(session.pk, 0),
                    payments.get(session.pk, []))
        if session.status not in OFF or line.has_money:
            lines.append(line)
    return lines


def engagement_fees(access: EngagementAccess, *, newest: int | None = None) -> Fees:
    """The tier in force and every session's line, oldest first (or only the `newest` few)."""
    engagement = access.engagement
    sessions = Session.objects.filter(engagement=engagement).select_related("engagement")
    if newest is not None:
        chosen = list(sessions.order_by("-starts_at", "-id")[:newest])[::-1]
    else:
        chosen = list(sessions.order_by("starts_at", "id"))
    tier = fee_in_force(engagement)
    return Fees(engagement, tiers.currency_of(engagement.practice), tier, lines_of(engagement, chosen, tier))


def session_line(access: EngagementAccess, session_id: int) -> tuple[Fees, Line]:
    session = care_selectors.session_in(access, session_id)
    session.engagement = access.engagement
    tier = fee_in_force(access.engagement)
    lines = lines_of(access.engagement, [session], tier)
    if not lines:
        raise Http404  # a cancelled session with no money recorded has no receipt
    return Fees(access.engagement, tiers.currency_of(access.engagement.practice), tier, lines), lines[0]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    if not (2000 <= year <= 2200 and 1 <= month <= 12):
        raise Http404
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def month_fees(access: EngagementAccess, year: int, month: int) -> Fees:
    """The sessions of one month (in the practice's time), for a statement."""
    start, end = month_bounds(year, month)
    sessions = list(Session.objects.filter(engagement=access.engagement, starts_at__gte=start, starts_at__lt=end)
                    .select_related("engagement").order_by("starts_at", "id"))
    tier = fee_in_force(access.engagement)
    return Fees(access.engagement, tiers.currency_of(access.engagement.practice), tier,
                lines_of(access.engagement, sessions, tier))


def months_with_sessions(fees: Fees) -> list[date]:
    """The months the lines fall in, newest first: each has a statement."""
    return sorted({timezone.localtime(line.session.starts_at).date().replace(day=1) for line in fees.lines},
                  reverse=True)


def fees_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("equity_fees", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


# Writes.


def _amount(text: str | int, field_name: str = "amount") -> int:
    amount = text if isinstance(text, int) and not isinstance(text, bool) else parse_money(str(text), field_name)
    if not 0 < amount <= ledger.MAX_AMOUNT:
        raise ValidationError({field_name: _("Give an amount greater than zero.")})
    return amount


def _locked_session(access: EngagementAccess, session_id: int) -> Session:
    session = (Session.objects.select_for_update().filter(engagement=access.engagement, pk=session_id)
               .select_related("engagement__practice").first())
    if session is None:
        raise Http404
    return session


def _fix(actor: User, session: Session) -> SessionFee:
    """The session's fee, fixed from the tier in force if it is not yet (inside the caller's transaction)."""
    held = SessionFee.objects.filter(session=session).first()
    if held is not None:
        return held
    tier = fee_in_force(session.engagement)
    if tier is None:
        raise ValidationError({"__all__": _("No fee is agreed for this engagement yet: agree a fee tier in the fee "
                                             "agreement first.")})
    amount = tiers.fee_for(tier, session.kind)
    if amount is None:
        raise ValidationError({"__all__": _("The tier “%(tier)s” has no fee for a %(kind)s session: add one on the "
                                            "practice's fees page.") % {"tier": tier.name,
                                                                         "kind": session.get_kind_display().lower()}})
    return SessionFee.objects.create(session=session, tier=tier, tier_name=tier.name, amount=amount,
                                     currency=tiers.currency_of(session.engagement.practice), fixed_by=actor)


def _settle_excess(actor: User, session: Session, fee: SessionFee) -> None:
    """Keep the fund's share of this session equal to what was paid beyond the fee less subsidy: post the new
    excess, or, when a reversal lowered it, reverse the contributions and post what remains."""
    paid = int(Payment.objects.filter(session=session).aggregate(s=Sum("amount"))["s"] or 0)
    subsidy, to_fund = _money_by_session([session.pk])
    excess = max(0, paid - (fee.amount - subsidy.get(session.pk, 0)))
    held = to_fund.get(session.pk, 0)
    if excess == held:
        return
    the_fund = ledger.fund_of(session.engagement.practice)
    if excess < held:
        standing = (FundTransaction.objects.filter(session=session, kind=TransactionKind.ABOVE_TIER,
                                                   reversed_by__isnull=True).prefetch_related("entries"))
        for contribution in standing:
            ledger.post(fund=the_fund, kind=TransactionKind.REVERSAL, amount=contribution.amount,
                        reason=_("A payment was reversed"), actor=actor, reverses=contribution)
        held = 0
    if excess > held:
        ledger.post(fund=the_fund, kind=TransactionKind.ABOVE_TIER, amount=excess - held, reason=ABOVE_REASON,
                    actor=actor, session=session)


def payment_record(*, actor: User, access: EngagementAccess, session_id: int, amount: str | int,
                   note: str = "") -> Payment:
    """Money received for a session, as the practice records it (fixing the session's fee first)."""
    require_recorder(actor, access)
    errors: dict[str, list[str]] = {}
    value = 0
    try:
        value = _amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        note = clean_text(note, "note", max_length=SHORT_MAX, required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = _locked_session(access, session_id)
        if session.status in OFF and not Payment.objects.filter(session=session).exists():
            raise ValidationError({"__all__": _("This session is not going to happen, so nothing is owed for it.")})
        fee = _fix(actor, session)
        payment = Payment.objects.create(session=session, amount=value, currency=fee.currency, note=note,
                                         recorded_by=actor)
        _settle_excess(actor, session, fee)
    return payment


def payment_reverse(*, actor: User, access: EngagementAccess, payment_id: int, note: str = "") -> Payment:
    """A record that undoes a payment recorded by mistake; the original stays, marked as reversed."""
    require_recorder(actor, access)
    note = clean_text(note, "note", max_length=SHORT_MAX, required=False)
    with transaction.atomic():
        original = (Payment.objects.select_related("session__engagement__practice")
                    .filter(pk=payment_id, session__engagement=access.engagement).first())
        if original is None:
            raise Http404
        session = _locked_session(access, original.session_id)
        if original.reverses_id is not None:
            raise ValidationError({"__all__": _("A reversal cannot itself be reversed: record the payment again.")})
        if Payment.objects.filter(reverses=original).exists():
            raise ValidationError({"__all__": _("This payment has already been reversed.")})
        reversal = Payment.objects.create(session=session, amount=-original.amount, currency=original.currency,
                                          note=note or _("Reversal"), recorded_by=actor, reverses=original)
        _settle_excess(actor, session, _fix(actor, session))
    return reversal


def session_subsidy_grant(*, actor: User, access: EngagementAccess, session_id: int, amount: str | int,
                          reason: str) -> FundTransaction:
    """Part or all of what is still to pay for a session, from the reciprocity fund; refused with the fund's own
    words when it does not hold that much, and nothing is written (not even the fee's fixing)."""
    require_recorder(actor, access)
    value = _amount(amount)
    with transaction.atomic():
        session = _locked_session(access, session_id)
        fee = _fix(actor, session)
        line = lines_of(access.engagement, [session], None)
        still = fee.amount - (line[0].subsidy if line else 0) - ((line[0].paid - line[0].to_fund) if line else 0)
        if value > max(0, still):
            raise ValidationError({"amount": _("Only %(left)s is still to pay for this session.") % {
                "left": format_money(max(0, still), fee.currency)}})
        return fund.subsidy_grant(actor=actor, session=session, amount=value, reason=reason)
