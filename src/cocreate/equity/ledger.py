"""The reciprocity fund's ledger: double entry, append only.

Every transaction writes entries that sum to zero across three accounts: money comes into the fund from
contributions (a client paying above their tier, a donation), and leaves it for sessions subsidised. The fund's
balance is the sum of its FUND entries; `Fund.balance` keeps that sum beside the ledger, moved by a conditional
UPDATE in the same transaction, so a subsidy the fund cannot hold changes nothing, and two subsidies racing for the
last of it cannot both succeed (the UPDATE is the first write, so it waits on the other's lock on both databases,
and PostgreSQL re-checks the condition on the row it waited for). A check constraint backs this up.

A mistake is undone by a reversing transaction (its entries the negatives of the original's), never by editing or
deleting; a transaction is reversed at most once, and a reversal is not itself reversed.

These are the fund's internals: who may post, and what a person is told, is decided by the services that call
them (`fund.py`, `fees.py`), always inside their own `transaction.atomic()`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from cocreate.accounts.models import Practice, User
from cocreate.care.models import Session
from cocreate.equity.models import Account, FeeSettings, Fund, FundEntry, FundTransaction, TransactionKind
from cocreate.equity.money import format_money

MAX_AMOUNT = 10_000_000_00  # ten million in major units: anything larger is a typing mistake

# Each kind's entries per unit of its amount: (account, sign).
LEGS: dict[str, tuple[tuple[str, int], ...]] = {
    TransactionKind.ABOVE_TIER: ((Account.FUND, 1), (Account.CONTRIBUTIONS, -1)),
    TransactionKind.DONATION: ((Account.FUND, 1), (Account.CONTRIBUTIONS, -1)),
    TransactionKind.SUBSIDY: ((Account.FUND, -1), (Account.SUBSIDIES, 1)),
}


def fund_of(practice: Practice) -> Fund:
    """The practice's fund, made on first use in the practice's currency."""
    fund = Fund.objects.filter(practice=practice).first()
    if fund is not None:
        return fund
    currency = FeeSettings.objects.filter(practice=practice).values_list("currency", flat=True).first() or "USD"
    fund, _created = Fund.objects.get_or_create(practice=practice, defaults={"currency": currency})
    return fund


def post(*, fund: Fund, kind: str, amount: int, reason: str, actor: User, session: Session | None = None,
         reverses: FundTransaction | None = None) -> FundTransaction:
    """Write one transaction and its entries, moving the fund's balance; raise ValidationError (on `amount`)
    and write nothing when the fund cannot hold a movement out. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("post() runs inside the calling service's transaction")
    if kind == TransactionKind.REVERSAL:
        if reverses is None or reverses.kind == TransactionKind.REVERSAL or reverses.fund_id != fund.pk:
            raise ValidationError({"reverses": _("Only a contribution, donation or subsidy can be reversed.")})
        if _reversed(reverses):  # said first, whatever the balance; checked again under the lock below
            raise ValidationError({"reverses": _("This has already been reversed.")})
        legs = [(entry.account, -entry.amount) for entry in reverses.entries.all()]
        amount = reverses.amount
        session = reverses.session
    else:
        if kind not in LEGS:
            raise ValidationError({"kind": _("Choose a kind of transaction.")})
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
            raise ValidationError({"amount": _("Give an amount greater than zero.")})
        legs = [(account, sign * amount) for account, sign in LEGS[kind]]
    delta = sum(value for account, value in legs if account == Account.FUND)
    # The first write of the transaction, so it takes the write lock before anything is read for the decision.
    moved = Fund.objects.filter(pk=fund.pk, balance__gte=-delta).update(balance=F("balance") + delta)
    if not moved:
        held = Fund.objects.filter(pk=fund.pk).values_list("balance", flat=True).first() or 0
        raise ValidationError({"amount": _("The fund holds %(held)s, not enough for this.") % {
            "held": format_money(held, fund.currency)}})
    if reverses is not None and _reversed(reverses):
        raise ValidationError({"reverses": _("This has already been reversed.")})
    row = FundTransaction.objects.create(fund=fund, kind=kind, amount=amount, reason=reason, recorded_by=actor,
                                         session=session, reverses=reverses)
    FundEntry.objects.bulk_create([FundEntry(transaction=row, account=account, amount=value)
                                   for account, value in legs])
    fund.balance = Fund.objects.values_list("balance", flat=True).get(pk=fund.pk)
    return row


def _reversed(original: FundTransaction) -> bool:
    return FundTransaction.objects.filter(reverses=original).exists()


def balance_from_entries(fund: Fund) -> int:
    """The balance as the ledger itself says it: the sum of the fund's FUND entries (what `Fund.balance` keeps)."""
    total = FundEntry.objects.filter(transaction__fund=fund, account=Account.FUND).aggregate(s=Sum("amount"))["s"]
    return int(total or 0)
