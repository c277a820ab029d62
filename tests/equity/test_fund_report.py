"""The report by month: the balance at each month's end is the sum of every entry up to it, months are counted in
the practice's time zone, and the report reads a fixed number of queries whatever the history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from cocreate.audit.lock import rewriting
from cocreate.equity import fund, fund_report
from cocreate.equity.models import Account, FundEntry, FundTransaction
from tests.conftest import World
from tests.equity.fund_helpers import fund_of, give, grant

pytestmark = pytest.mark.django_db


def at(row: FundTransaction, when: datetime) -> None:
    # Test setup only: the services stamp `at` with now, and no service ever edits a ledger row.
    with rewriting():  # the test sets up its case behind the append-only trail
        FundTransaction.objects.filter(pk=row.pk).update(at=when)


def test_each_month_end_balance_is_the_sum_of_entries_up_to_it(world: World) -> None:
    world.practice.time_zone = "America/New_York"
    world.practice.save(update_fields=["time_zone"])
    zone = ZoneInfo("America/New_York")
    at(give(world, 9000, "Last year"), datetime(2024, 12, 31, 23, 30, tzinfo=zone))  # Jan 1 in UTC: still 2024
    at(give(world, 5000), datetime(2025, 1, 15, 12, tzinfo=zone))
    at(grant(world, 3000), datetime(2025, 2, 1, 0, 30, tzinfo=zone))
    gift = give(world, 2000)
    at(gift, datetime(2025, 3, 10, tzinfo=zone))
    undo = fund.transaction_reverse(actor=world.fay, practice=world.practice, transaction_id=gift.pk, reason="No")
    at(undo, datetime(2025, 4, 2, tzinfo=zone))
    report = fund_report.month_report(world.practice, fund_of(world), 2025)
    assert report.opening == 9000 and len(report.months) == 12
    jan, feb, mar, apr = report.months[:4]
    assert (jan.came_in, feb.went_out, mar.came_in, apr.reversals) == (5000, 3000, 2000, -2000)
    for month in report.months:
        end = (datetime(2025, month.first_day.month, 28, tzinfo=zone) + timedelta(days=4)).replace(day=1)
        upto = FundEntry.objects.filter(transaction__fund=fund_of(world), account=Account.FUND,
                                        transaction__at__lt=end).aggregate(s=Sum("amount"))["s"] or 0
        assert month.balance == upto, month
    assert report.closing == fund_of(world).balance == 11000


@pytest.mark.parametrize("size", [2, 40])
def test_the_report_is_a_fixed_number_of_queries(world: World, size: int, django_assert_num_queries: Any) -> None:
    for n in range(size):
        at(give(world, 100), datetime(2025, 1 + n % 12, 5, tzinfo=ZoneInfo("UTC")))
    found = fund_of(world)
    with django_assert_num_queries(2):
        fund_report.month_report(world.practice, found, 2025)
