"""Tiers, the fee agreement through the engine, the fee in force and its fixing, payments and their reversal, the
excess going to the fund, subsidies, receipts and statements, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.agreements import services as agreements
from cocreate.care.models import SessionStatus
from cocreate.equity import fees, fund, ledger, receipts, tiers
from cocreate.equity.models import FeeTier, FundTransaction, SessionFee, TransactionKind
from tests.conftest import World
from tests.pdf import pdf_text


def scale(world: World) -> list[FeeTier]:
    tiers.tiers_load_defaults(actor=world.alice, practice=world.practice)
    return tiers.offered_tiers(world.practice)


def agree(world: World, tier: FeeTier) -> None:
    latest = fees.agreed_tier_id(world.engagement)
    proposed = agreements.revision_propose(
        actor=world.dana, access=engagement_access(world.dana, world.engagement), kind="fee",
        content={"tier": str(tier.pk)}, based_on=None if latest is None else _latest(world))
    agreements.revision_accept(actor=world.bea, access=engagement_access(world.bea, world.engagement),
                               revision=proposed)


def _latest(world: World) -> int:
    from cocreate.agreements.models import Revision
    return Revision.objects.filter(document__engagement=world.engagement).order_by("-number")[0].number


def alice(world: World) -> Any:
    return engagement_access(world.alice, world.engagement)


@pytest.mark.parametrize("typed", ["12.345", "-5", "abc", "99999999999", "1e3", ""])
def test_bad_money_is_refused_by_name_and_nothing_is_written(world: World, typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        tiers.tier_save(actor=world.alice, practice=world.practice, name="Low", guidance="", position=None,
                        fees={"preparation": typed})
    assert set(caught.value.message_dict) & {"fee_preparation", "fees"}
    assert not FeeTier.objects.filter(practice=world.practice).exists()


def test_defaults_load_once_with_guidance_and_the_middle_at_cost(world: World) -> None:
    made = scale(world)
    assert [t.name for t in made] == ["Supported", "Middle", "Sustaining"]
    assert all(t.guidance for t in made)
    assert tiers.fee_for(made[1], "preparation") == 120_00 and tiers.fee_for(made[0], "preparation") == 60_00
    with pytest.raises(ValidationError):
        tiers.tiers_load_defaults(actor=world.alice, practice=world.practice)
    with pytest.raises(NotAllowed):
        tiers.tiers_load_defaults(actor=world.bea, practice=world.other_practice)


def test_only_admins_set_tiers(world: World) -> None:
    with pytest.raises(NotAllowed):
        tiers.tier_save(actor=world.bea, practice=world.practice, name="X", guidance="", position=None,
                        fees={"preparation": "10"})


def test_a_retired_tier_is_kept_and_no_longer_offered_or_agreeable(world: World) -> None:
    made = scale(world)
    tiers.tier_retire(actor=world.alice, practice=world.practice, tier_id=made[2].pk)
    assert FeeTier.objects.filter(pk=made[2].pk, retired=True).exists()
    assert [t.pk for t in tiers.offered_tiers(world.practice)] == [made[0].pk, made[1].pk]
    with pytest.raises(ValidationError) as caught:
        agreements.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    kind="fee", content={"tier": str(made[2].pk)}, based_on=None)
    assert "tier" in str(caught.value.message_dict)
    with pytest.raises(ValidationError):
        agreements.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    kind="fee", content={"tier": "999999"}, based_on=None)


def test_the_client_proposes_a_tier_and_one_facilitator_agrees_it(world: World) -> None:
    made = scale(world)
    assert fees.fee_in_force(world.engagement) is None
    agree(world, made[1])
    tier = fees.fee_in_force(world.engagement)
    assert tier is not None and tier.pk == made[1].pk
    line = fees.engagement_fees(alice(world)).lines[0]
    assert (line.fee, line.fixed, line.to_pay) == (120_00, False, 120_00)


def test_a_fee_is_fixed_when_money_is_first_recorded_and_a_later_tier_change_leaves_it(world: World) -> None:
    made = scale(world)
    agree(world, made[1])
    fees.payment_record(actor=world.alice, access=alice(world), session_id=world.session.pk, amount="50",
                        note="cash")
    agree(world, made[2])
    line = fees.engagement_fees(alice(world)).lines[0]
    assert (line.fee, line.fixed, line.tier_name, line.paid, line.to_pay) == (120_00, True, "Middle", 50_00, 70_00)
    assert SessionFee.objects.get(session=world.session).amount == 120_00


def test_no_agreed_fee_means_no_payment(world: World) -> None:
    scale(world)
    with pytest.raises(ValidationError):
        fees.payment_record(actor=world.alice, access=alice(world), session_id=world.session.pk, amount="50")
    assert not SessionFee.objects.exists()


def test_paying_above_the_fee_gives_the_excess_to_the_fund_and_a_reversal_takes_it_back(world: World) -> None:
    made = scale(world)
    agree(world, made[1])
    paid = fees.payment_record(actor=world.alice, access=alice(world), session_id=world.session.pk,
                               amount="150", note="bank transfer")
    the_fund = ledger.fund_of(world.practice)
    assert the_fund.balance == 30_00 == ledger.balance_from_entries(the_fund)
    above = FundTransaction.objects.get(kind=TransactionKind.ABOVE_TIER)
    assert (above.amount, above.session_id, above.reason) == (30_00, world.session.pk, "Paid above the fee")
    shown, line = fees.session_line(alice(world), world.session.pk)
    text = pdf_text(receipts.receipt_pdf(shown, line))
    assert "of which $30.00 went to the reciprocity fund" in text and "Dana" in text and "$120.00" in text
    fees.payment_reverse(actor=world.alice, access=alice(world), payment_id=paid.pk)
    assert ledger.fund_of(world.practice).balance == 0
    line = fees.engagement_fees(alice(world)).lines[0]
    assert (line.paid, line.to_fund, line.to_pay) == (0, 0, 120_00)
    with pytest.raises(ValidationError):
        fees.payment_reverse(actor=world.alice, access=alice(world), payment_id=paid.pk)


def test_a_subsidy_needs_the_fund_to_hold_it(world: World) -> None:
    made = scale(world)
    agree(world, made[0])
    with pytest.raises(ValidationError) as caught:
        fees.session_subsidy_grant(actor=world.alice, access=alice(world), session_id=world.session.pk,
                                   amount="30", reason="Supported")
    assert "not enough" in str(caught.value.message_dict["amount"])
    assert not SessionFee.objects.exists()  # nothing written, not even the fixing
    fund.donation_record(actor=world.alice, practice=world.practice, amount=100_00, reason="A gift")
    fees.session_subsidy_grant(actor=world.alice, access=alice(world), session_id=world.session.pk, amount="30",
                               reason="Supported")
    with pytest.raises(ValidationError):  # more than is still to pay
        fees.session_subsidy_grant(actor=world.alice, access=alice(world), session_id=world.session.pk,
                                   amount="31", reason="Too much")
    mine = engagement_access(world.dana, world.engagement)
    shown, line = fees.session_line(mine, world.session.pk)
    text = pdf_text(receipts.receipt_pdf(shown, line))
    assert "From the reciprocity fund" in text and "$30.00" in text and "Alice" not in text


def test_only_an_admin_on_the_care_team_records_money(world: World) -> None:
    made = scale(world)
    agree(world, made[1])
    for who in (world.bea, world.dana):
        with pytest.raises(NotAllowed):
            fees.payment_record(actor=who, access=engagement_access(who, world.engagement),
                                session_id=world.session.pk, amount="10")
    with pytest.raises(Http404):
        engagement_access(world.fay, world.engagement)


def test_a_statement_lists_the_months_sessions(world: World) -> None:
    made = scale(world)
    agree(world, made[1])
    fees.payment_record(actor=world.alice, access=alice(world), session_id=world.session.pk, amount="120")
    month = world.session.starts_at
    shown = fees.month_fees(alice(world), month.year, month.month)
    text = pdf_text(receipts.statement_pdf(shown, month.date().replace(day=1)))
    assert "Statement for Dana" in text and "$120.00" in text
    assert world.session.status == SessionStatus.SCHEDULED
