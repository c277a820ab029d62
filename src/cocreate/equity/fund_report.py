"""The reciprocity fund's report by month for one year: what came in (paid above a tier, donations), what went
out (subsidies), the net of reversals, and the balance at each month's end, in the practice's time zone.

Computed by two aggregate queries whatever the history: the balance before the year began, and the year's FUND
entries summed per month and kind. The balance at a month's end is the first plus the running sum of the second,
so it is the sum of every entry up to that moment (the test holds it to `ledger.balance_from_entries`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Practice
from cocreate.equity.fund_selectors import IN_KINDS
from cocreate.equity.models import Account, Fund, FundEntry, TransactionKind

FIRST_YEAR = 2000
LAST_YEAR = 2100
COLUMNS = ("month", "came_in", "went_out", "reversals", "balance_at_month_end", "currency")


@dataclass(frozen=True)
class Month:
    first_day: date
    came_in: int
    went_out: int
    reversals: int  # signed, as it moved the fund
    balance: int  # at the month's end

    @property
    def label(self) -> str:
        return f"{self.first_day:%Y-%m}"


@dataclass(frozen=True)
class Report:
    practice: Practice
    fund: Fund
    year: int
    zone: ZoneInfo
    opening: int  # the balance as the year began
    months: list[Month]

    @property
    def closing(self) -> int:
        return self.months[-1].balance if self.months else self.opening

    @property
    def filename(self) -> str:
        return f"fund-{self.practice.pk}-{self.year}.csv"

    def csv(self) -> str:
        """Amounts in major units with two decimals ("50.25"), so a spreadsheet reads them as numbers."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for m in self.months:
            writer.writerow([m.label, _major(m.came_in), _major(m.went_out), _major(m.reversals), _major(m.balance),
                             self.fund.currency])
        return out.getvalue()


def _major(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), 100)
    return f"{sign}{whole}.{cents:02d}"


def zone_of(practice: Practice) -> ZoneInfo:
    try:
        return ZoneInfo(practice.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def year_of(practice: Practice, raw: object) -> int:
    """The year asked for (this year, in the practice's time zone, when none is given); ValidationError on
    `year` for anything that is not a year between FIRST_YEAR and LAST_YEAR."""
    if raw is None or raw == "":
        return timezone.now().astimezone(zone_of(practice)).year
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) != 4 or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValidationError({"year": _("Give a year between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR}})
    return int(text)


def month_report(practice: Practice, fund: Fund, year: int) -> Report:
    zone = zone_of(practice)
    start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    entries = FundEntry.objects.filter(transaction__fund_id=fund.pk, account=Account.FUND)
    opening = int(entries.filter(transaction__at__lt=start).aggregate(s=Sum("amount"))["s"] or 0)
    rows = (entries.filter(transaction__at__gte=start, transaction__at__lt=end)
            .annotate(month=TruncMonth("transaction__at", tzinfo=zone))
            .values("month", "transaction__kind").annotate(total=Sum("amount")).order_by())
    sums: dict[tuple[int, str], int] = {}
    for row in rows:
        month = row["month"]
        number = month.astimezone(zone).month if isinstance(month, datetime) else month.month
        key = (number, row["transaction__kind"])
        sums[key] = sums.get(key, 0) + int(row["total"] or 0)
    now = timezone.now().astimezone(zone)
    last = 12 if year < now.year else (now.month if year == now.year else 0)
    last = max(last, max((n for n, _k in sums), default=0))  # a future-dated entry still shows its month
    months, balance = [], opening
    for number in range(1, last + 1):
        came_in = sum(sums.get((number, k), 0) for k in IN_KINDS)
        went_out = -sums.get((number, TransactionKind.SUBSIDY), 0)
        reversals = sums.get((number, TransactionKind.REVERSAL), 0)
        balance += came_in - went_out + reversals
        months.append(Month(date(year, number, 1), came_in, went_out, reversals, balance))
    return Report(practice=practice, fund=fund, year=year, zone=zone, opening=opening, months=months)
