"""The reciprocity fund's reads: which practice's fund a person may open (its admins only), its totals, and its
transactions newest first, a page at a time by keyset (`before=<at>,<id>`), each in a fixed number of queries.

Only a practice's admins read the fund: they keep its books. Supervisors are clinical and have no need of it;
clients and facilitators who are not admins get 404, like anyone outside the practice. A subsidy names the session
it paid for by the engagement's reference ("E12") and the session's date, never the client's name; each page
that lists subsidies leaves one access event per engagement it shows ("Running the practice"), so a client sees
in "Who has seen my record" that an admin looked at the fund's record of their session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from cocreate.access.models import Basis
from cocreate.access.services import access_record_many
from cocreate.accounts.models import Practice, Role, User
from cocreate.accounts.selectors import practice_for
from cocreate.equity.models import Account, Fund, FundEntry, FundTransaction, TransactionKind
from cocreate.equity.tiers import currency_of

READERS = (Role.ADMIN,)
PAGE = 25
ACCESS_WHAT = "reciprocity fund"  # the access event's "what" for a subsidy's session seen on the fund's pages
IN_KINDS = (TransactionKind.ABOVE_TIER, TransactionKind.DONATION)


def practice_of_fund(actor: User, practice_id: int) -> Practice:
    """A practice where the actor is an admin; 404 for anyone else (its existence is not disclosed)."""
    return practice_for(actor, practice_id, roles=READERS)


def fund_in(practice: Practice) -> Fund:
    """The practice's fund, or an empty one not yet saved (a read writes nothing: the row is made on first use)."""
    return Fund.objects.filter(practice=practice).first() or Fund(practice=practice, currency=currency_of(practice))


@dataclass(frozen=True)
class Totals:
    """What came in, what went out and the net of reversals over the fund's whole history (FUND-account sums)."""

    came_in: int
    went_out: int
    reversals: int  # signed: a reversed donation lowers the fund, a reversed subsidy raises it
    balance: int


def totals(fund: Fund) -> Totals:
    """One aggregate query over the fund's FUND entries, grouped by the kind of their transaction."""
    rows = (FundEntry.objects.filter(transaction__fund_id=fund.pk, account=Account.FUND)
            .values("transaction__kind").annotate(total=Sum("amount")).order_by())
    by_kind = {row["transaction__kind"]: int(row["total"] or 0) for row in rows}
    return Totals(came_in=sum(by_kind.get(k, 0) for k in IN_KINDS),
                  went_out=-by_kind.get(TransactionKind.SUBSIDY, 0),
                  reversals=by_kind.get(TransactionKind.REVERSAL, 0), balance=fund.balance)


def parse_before(raw: str | None) -> tuple[datetime, int] | None:
    """`2026-05-01T10:00:00.123456Z,17` -> (that time, 17); None when not given; ValidationError on `before`."""
    if raw is None or raw == "":
        return None
    at_text, _sep, id_text = str(raw).rpartition(",")
    message = _("This page link is not one we made: go back to the newest transactions.")
    if not id_text.isascii() or not id_text.isdigit() or len(id_text) > 18:
        raise ValidationError({"before": message})
    try:
        at = datetime.fromisoformat(at_text)
    except ValueError:
        raise ValidationError({"before": message}) from None
    if at.tzinfo is None or at.year < 1900:
        raise ValidationError({"before": message})
    return at, int(id_text)


def cursor(row: FundTransaction) -> str:
    """The keyset cursor that continues after `row`, URL-safe: UTC time with Z, then the id."""
    return f"{row.at.astimezone(UTC).isoformat().replace('+00:00', 'Z')},{row.pk}"


@dataclass(frozen=True)
class Line:
    """A transaction as the fund's page shows it: its movement of the fund signed, whether it may be reversed."""

    row: FundTransaction
    delta: int  # + into the fund, − out of it
    reversed_by: FundTransaction | None

    @property
    def reversible(self) -> bool:
        return self.row.kind != TransactionKind.REVERSAL and self.reversed_by is None


@dataclass(frozen=True)
class TransactionPage:
    lines: list[Line]
    next_before: str  # empty on the last page


def _delta(row: FundTransaction) -> int:
    if row.kind in IN_KINDS:
        return row.amount
    if row.kind == TransactionKind.SUBSIDY:
        return -row.amount
    original = row.reverses
    return -_delta(original) if original is not None else 0


def transactions(actor: User, fund: Fund, *, before: tuple[datetime, int] | None = None, limit: int = PAGE,
                 via: str = "web") -> TransactionPage:
    """A page of the fund's transactions, newest first: one query for the rows (with who recorded each, the
    session, what it reverses and what reversed it), and one insert of access events for the engagements whose
    sessions it shows."""
    found = (FundTransaction.objects.filter(fund_id=fund.pk)
             .select_related("recorded_by", "session", "reverses", "reversed_by")
             .order_by("-at", "-id"))
    if before is not None:
        at, pk = before
        found = found.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(found[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    lines = [Line(row=r, delta=_delta(r), reversed_by=getattr(r, "reversed_by", None)) for r in rows]
    engagements = sorted({r.session.engagement_id for r in rows if r.session is not None})
    if engagements:
        access_record_many(actor=actor, engagement_ids=engagements, what=ACCESS_WHAT, via=via,
                           basis=Basis.PRACTICE)
    return TransactionPage(lines=lines, next_before=cursor(rows[-1]) if more and rows else "")


def transaction_in(fund: Fund, transaction_id: int) -> FundTransaction | None:
    """One of the fund's transactions (with what reversed it), or None."""
    return (FundTransaction.objects.filter(fund_id=fund.pk, pk=transaction_id)
            .select_related("recorded_by", "session", "reverses", "reversed_by").first())


def line_of(row: FundTransaction) -> Line:
    return Line(row=row, delta=_delta(row), reversed_by=getattr(row, "reversed_by", None))
