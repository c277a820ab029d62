"""The demo's sliding scale: Juniper and Harbor offer the default tiers in dollars; Jordan agreed the supported tier
and each of his held sessions is paid partly by him and partly from the reciprocity fund; loading twice adds
nothing."""

from __future__ import annotations

import pytest

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice, User
from cocreate.care.models import Engagement, SessionStatus
from cocreate.demo.practice import HARBOR, JUNIPER, load_demo
from cocreate.equity import demo_fees, fees, ledger, tiers
from cocreate.equity.models import FundTransaction, Payment, SessionFee, TransactionKind


def snapshot() -> tuple[int, int, int, int]:
    return (Payment.objects.count(), SessionFee.objects.count(), FundTransaction.objects.count(),
            ledger.fund_of(Practice.objects.get(name=JUNIPER)).balance)


@pytest.mark.django_db
def test_jordans_sessions_show_fees_payments_and_subsidies_once() -> None:
    assert load_demo()
    juniper, harbor = Practice.objects.get(name=JUNIPER), Practice.objects.get(name=HARBOR)
    for practice in (juniper, harbor):
        assert [t.name for t in tiers.offered_tiers(practice)] == ["Supported", "Middle", "Sustaining"]
        assert tiers.currency_of(practice) == "USD"
    jordan = User.objects.get(email="jordan@client.example.org")
    engagement = Engagement.objects.get(client=jordan)
    tier = fees.fee_in_force(engagement)
    assert tier is not None and tier.name == "Supported"

    shown = fees.engagement_fees(engagement_access(jordan, engagement))
    held = [line for line in shown.lines if line.session.status == SessionStatus.COMPLETED]
    assert len(held) >= 4
    for line in held:
        assert line.fixed and line.fee and line.subsidy == line.fee // 2
        assert line.paid == line.fee - line.subsidy and line.to_pay == 0
        assert [p.note for p in line.payments] == ["bank transfer"]
    coming = [line for line in shown.lines if line.session.status == SessionStatus.SCHEDULED]
    assert coming and all(not line.has_money and line.fee for line in coming)
    the_fund = ledger.fund_of(juniper)
    assert FundTransaction.objects.filter(kind=TransactionKind.SUBSIDY).count() == len(held)
    assert the_fund.balance == ledger.balance_from_entries(the_fund) >= 0

    before = snapshot()
    assert load_demo() is False
    maya = User.objects.get(email="maya@juniper.example.org")
    demo_fees.demo_fees(juniper=juniper, harbor=harbor, maya=maya, ana=User.objects.get(email="ana@harbor.example.org"),
                        jordan=jordan, engagement=engagement)  # the hook itself, run again: nothing new
    assert snapshot() == before
    assert len(tiers.offered_tiers(juniper)) == 3
