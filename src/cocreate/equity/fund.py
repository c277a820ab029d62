"""The reciprocity fund's services: what a practice's admins record in it, each with who, when and why.

Contributions (a donation; a client paying above their tier is recorded by `fees.py`) and subsidies for sessions
move the fund through `ledger.post`; a mistake is reversed, never edited. Clients who contribute or receive are
never named to each other: what a client reads of the fund is only what touches their own sessions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import OFF, Session
from cocreate.equity import ledger
from cocreate.equity.models import FundTransaction, TransactionKind
from cocreate.text import clean_text

REASON_MAX = 1000


def require_admin(actor: User, practice: Practice) -> None:
    """Fund and fee records are the practice's: its admins write them. Anyone else is refused."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins record money."))


def _reason(text: str) -> str:
    return clean_text(text, "reason", max_length=REASON_MAX,
                      message=_("Say why, in a few words: it stays beside the entry."))


def donation_record(*, actor: User, practice: Practice, amount: int, reason: str) -> FundTransaction:
    require_admin(actor, practice)
    why = _reason(reason)
    with transaction.atomic():
        return ledger.post(fund=ledger.fund_of(practice), kind=TransactionKind.DONATION, amount=amount,
                           reason=why, actor=actor)


def subsidy_grant(*, actor: User, session: Session, amount: int, reason: str) -> FundTransaction:
    """Pay part or all of a session's fee from the fund. Refused, with nothing written, when the fund does not
    hold the amount; two grants racing for the last of it cannot both succeed (see ledger.py)."""
    practice = session.engagement.practice
    require_admin(actor, practice)
    if session.status in OFF:
        raise ValidationError({"session": _("This session is not going to happen, so it needs no subsidy.")})
    why = _reason(reason)
    with transaction.atomic():
        return ledger.post(fund=ledger.fund_of(practice), kind=TransactionKind.SUBSIDY, amount=amount,
                           reason=why, actor=actor, session=session)


def transaction_reverse(*, actor: User, practice: Practice, transaction_id: int, reason: str) -> FundTransaction:
    """Undo a contribution, donation or subsidy by a counter-entry (a donation can be reversed only while the fund
    still holds it). The original stays, marked as reversed."""
    require_admin(actor, practice)
    why = _reason(reason)
    try:
        with transaction.atomic():
            original = (FundTransaction.objects.filter(pk=transaction_id, fund__practice=practice)
                        .prefetch_related("entries").first())
            if original is None:
                raise Http404
            return ledger.post(fund=original.fund, kind=TransactionKind.REVERSAL, amount=original.amount,
                               reason=why, actor=actor, reverses=original)
    except IntegrityError as exc:  # a reversal that raced another for the same transaction
        raise ValidationError({"reverses": _("This has already been reversed.")}) from exc
