"""The fund's services: a donation, a subsidy the fund holds and one it does not (nothing written), reversals once
only and never of a reversal, and only the practice's admins recording anything."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.care import services as care_services
from cocreate.equity import fund
from cocreate.equity.models import FundEntry, FundTransaction, TransactionKind
from tests.conftest import World
from tests.equity.fund_helpers import assert_books_balance, fund_of, give, grant


def test_a_donation_comes_in_with_who_when_and_why(world: World) -> None:
    made = give(world, 5025, "  Anonymous gift at the open day  ")
    assert (made.kind, made.amount, made.recorded_by, made.reason) == (
        TransactionKind.DONATION, 5025, world.fay, "Anonymous gift at the open day")
    assert fund_of(world).balance == 5025
    assert_books_balance(fund_of(world))


def test_a_subsidy_the_fund_holds_goes_out(world: World) -> None:
    give(world, 10000)
    made = grant(world, 6000)
    assert made.session == world.session
    assert fund_of(world).balance == 4000
    assert_books_balance(fund_of(world))


def test_a_subsidy_the_fund_cannot_hold_is_refused_and_writes_nothing(world: World) -> None:
    give(world, 1000)
    before = (FundTransaction.objects.count(), FundEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        grant(world, 1001)
    assert "amount" in refused.value.message_dict
    assert "$10.00" in refused.value.message_dict["amount"][0]
    assert (FundTransaction.objects.count(), FundEntry.objects.count()) == before
    assert fund_of(world).balance == 1000


@pytest.mark.parametrize("amount", [0, -5, 10_000_000_01, True])
def test_amounts_out_of_range_are_refused(world: World, amount: int) -> None:
    with pytest.raises(ValidationError) as refused:
        give(world, amount)
    assert "amount" in refused.value.message_dict
    assert not FundTransaction.objects.exists()


def test_a_reason_is_required(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        give(world, 100, "   ")
    assert "reason" in refused.value.message_dict
    assert not FundTransaction.objects.exists()


def test_a_reversal_undoes_once_and_the_original_stays(world: World) -> None:
    gift = give(world, 3000)
    undo = fund.transaction_reverse(actor=world.alice, practice=world.practice, transaction_id=gift.pk,
                                    reason="Typed twice")
    assert (undo.kind, undo.reverses, undo.amount) == (TransactionKind.REVERSAL, gift, 3000)
    assert fund_of(world).balance == 0
    with pytest.raises(ValidationError) as again:
        fund.transaction_reverse(actor=world.alice, practice=world.practice, transaction_id=gift.pk, reason="Again")
    assert "reverses" in again.value.message_dict
    with pytest.raises(ValidationError):
        fund.transaction_reverse(actor=world.alice, practice=world.practice, transaction_id=undo.pk, reason="Back")
    assert FundTransaction.objects.count() == 2
    assert_books_balance(fund_of(world))


def test_a_reversed_subsidy_comes_back_into_the_fund(world: World) -> None:
    give(world, 5000)
    paid = grant(world, 5000)
    fund.transaction_reverse(actor=world.fay, practice=world.practice, transaction_id=paid.pk, reason="Wrong one")
    assert fund_of(world).balance == 5000
    assert_books_balance(fund_of(world))


def test_a_donation_already_spent_cannot_be_reversed(world: World) -> None:
    gift = give(world, 5000)
    grant(world, 4000)
    with pytest.raises(ValidationError) as refused:
        fund.transaction_reverse(actor=world.fay, practice=world.practice, transaction_id=gift.pk, reason="Bounced")
    assert "amount" in refused.value.message_dict
    assert fund_of(world).balance == 1000
    assert FundTransaction.objects.count() == 2


def test_only_the_practices_admins_record(world: World) -> None:
    gift = give(world, 5000)
    for who in (world.bea, world.carl, world.dana, world.gus, world.olga):
        with pytest.raises(NotAllowed):
            fund.donation_record(actor=who, practice=world.practice, amount=100, reason="x")
        with pytest.raises(NotAllowed):
            fund.subsidy_grant(actor=who, session=world.session, amount=100, reason="x")
        with pytest.raises(NotAllowed):
            fund.transaction_reverse(actor=who, practice=world.practice, transaction_id=gift.pk, reason="x")
    assert FundTransaction.objects.count() == 1


def test_another_practices_transaction_is_not_found(world: World) -> None:
    gift = give(world, 5000)

    with pytest.raises(Http404):
        fund.transaction_reverse(actor=world.olga, practice=world.other_practice, transaction_id=gift.pk, reason="x")


def test_a_cancelled_session_needs_no_subsidy(world: World) -> None:
    give(world, 5000)
    care_services.session_cancel(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 session=world.session, reason="Unwell")
    world.session.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        grant(world, 1000)
    assert "session" in refused.value.message_dict
    assert fund_of(world).balance == 5000
