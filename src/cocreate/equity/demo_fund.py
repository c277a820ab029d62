"""The demo's reciprocity fund for Juniper, written through the fund's services; safe to run again (it does
nothing once the fund has a transaction). Run it before the fees demo, which subsidises Jordan's sessions from it."""

from __future__ import annotations

from django.db import transaction

from cocreate.accounts.models import Practice, User
from cocreate.care.models import Session
from cocreate.equity import fund, ledger
from cocreate.equity.models import FundTransaction, TransactionKind


def demo_fund(practice: Practice, admin: User, above_tier_session: Session | None = None) -> None:
    """Two donations, one typed wrongly and reversed, and (given one of Sam's sessions) Sam paying above their
    tier for it: the fund ends holding $450.00 (or $400.00 without the session). `admin` is an admin of
    `practice` (Juniper's Maya)."""
    found = ledger.fund_of(practice)
    if FundTransaction.objects.filter(fund=found).exists():
        return
    fund.donation_record(actor=admin, practice=practice, amount=250_00,
                         reason="Spring open day collection, given anonymously")
    mistake = fund.donation_record(actor=admin, practice=practice, amount=1500_00,
                                   reason="A former client's gift (asked not to be named)")
    fund.transaction_reverse(actor=admin, practice=practice, transaction_id=mistake.pk,
                             reason="Typed $1,500 for $150; recorded again below")
    fund.donation_record(actor=admin, practice=practice, amount=150_00,
                         reason="A former client's gift (asked not to be named)")
    if above_tier_session is not None:
        fund.require_admin(admin, practice)
        with transaction.atomic():
            ledger.post(fund=found, kind=TransactionKind.ABOVE_TIER, amount=50_00, actor=admin,
                        session=above_tier_session, reason="Paid $50 above their tier for this session, by choice")
