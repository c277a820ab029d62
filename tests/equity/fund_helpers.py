"""Shared by the fund's tests: money in and out of the `world` practice's fund, and its invariants."""

from __future__ import annotations

from django.db.models import Sum

from cocreate.equity import fund, ledger
from cocreate.equity.models import Fund, FundEntry, FundTransaction
from tests.conftest import World


def give(world: World, amount: int, reason: str = "A gift") -> FundTransaction:
    return fund.donation_record(actor=world.fay, practice=world.practice, amount=amount, reason=reason)


def grant(world: World, amount: int, reason: str = "Middle tier, from the fund") -> FundTransaction:
    return fund.subsidy_grant(actor=world.fay, session=world.session, amount=amount, reason=reason)


def fund_of(world: World) -> Fund:
    return Fund.objects.get(pk=ledger.fund_of(world.practice).pk)


def assert_books_balance(found: Fund) -> None:
    """The kept balance is the ledger's sum and never negative; every transaction's entries sum to zero."""
    found.refresh_from_db()
    assert found.balance == ledger.balance_from_entries(found) >= 0
    unbalanced = (FundEntry.objects.filter(transaction__fund=found).values("transaction")
                  .annotate(s=Sum("amount")).exclude(s=0))
    assert not unbalanced.exists()
