"""Racing the fund, with real threads on a file database (SQLite) and on PostgreSQL: when it holds exactly enough
for one subsidy, one of N grants succeeds and the rest are refused with nothing written; the balance ends at 0 and
never goes below; of N reversals of one transaction, exactly one is written. And the database itself refuses a
direct UPDATE that would make the balance negative."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from cocreate.equity import fund
from cocreate.equity.models import Fund, FundTransaction, TransactionKind
from tests.conftest import World
from tests.equity.fund_helpers import assert_books_balance, fund_of, give
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)
N = 6


def test_the_race_runs_on_a_file_database() -> None:
    name = str(connection.settings_dict["NAME"])
    assert connection.vendor == "postgresql" or (name and ":memory:" not in name and "mode=memory" not in name)


def test_subsidies_racing_for_the_last_of_the_fund_one_wins(world: World) -> None:
    for round_ in range(3):
        give(world, 4000, f"Round {round_}")

        def grant() -> FundTransaction:
            return fund.subsidy_grant(actor=world.fay, session=world.session, amount=4000, reason="The last of it")

        outcomes = race(*[grant] * N)
        won = [o for o in outcomes if isinstance(o, FundTransaction)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(won) == 1 and len(lost) == N - 1, outcomes
        assert all("amount" in o.message_dict for o in lost)
        assert fund_of(world).balance == 0
        assert_books_balance(fund_of(world))
    assert FundTransaction.objects.filter(kind=TransactionKind.SUBSIDY).count() == 3


def test_reversals_racing_for_one_transaction_one_wins(world: World) -> None:
    gift = give(world, 2500)

    def reverse() -> FundTransaction:
        return fund.transaction_reverse(actor=world.fay, practice=world.practice, transaction_id=gift.pk,
                                        reason="Recorded twice")

    outcomes = race(*[reverse] * N)
    won = [o for o in outcomes if isinstance(o, FundTransaction)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == N - 1, outcomes
    assert FundTransaction.objects.filter(reverses=gift).count() == 1
    assert fund_of(world).balance == 0
    assert_books_balance(fund_of(world))


def test_the_database_refuses_a_negative_balance(world: World) -> None:
    give(world, 100)
    found = fund_of(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.filter(pk=found.pk).update(balance=-1)
    assert fund_of(world).balance == 100
