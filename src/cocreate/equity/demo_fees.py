"""The demo's sliding scale: Juniper and Harbor offer the default tiers in US dollars; Jordan chose the supported
tier and Maya accepted it; each of his held sessions is paid partly by him and partly from the reciprocity fund.
Written through the services, and safe to run again (what exists is left as it is)."""

from __future__ import annotations

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice, User
from cocreate.agreements import services as agreement_services
from cocreate.agreements.models import DocumentKind
from cocreate.care.models import Engagement, SessionStatus
from cocreate.equity import fees, fund, ledger, tiers

DONATION = 500_00


def _scale(actor: User, practice: Practice) -> list[int]:
    tiers.fee_currency_set(actor=actor, practice=practice, currency="USD")
    if not tiers.offered_tiers(practice):
        tiers.tiers_load_defaults(actor=actor, practice=practice)
    return [t.pk for t in tiers.offered_tiers(practice)]


def demo_fees(*, juniper: Practice, harbor: Practice, maya: User, ana: User, jordan: User,
              engagement: Engagement) -> None:
    """`maya` and `ana` are their practices' admins; `engagement` is Jordan's, with Maya on its care team."""
    supported = _scale(maya, juniper)[0]
    _scale(ana, harbor)
    if fees.agreed_tier_id(engagement) is None:
        proposed = agreement_services.revision_propose(
            actor=jordan, access=engagement_access(jordan, engagement), kind=DocumentKind.FEE,
            content={"tier": str(supported), "note": "This is what I can manage for now."}, based_on=None)
        agreement_services.revision_accept(actor=maya, access=engagement_access(maya, engagement), revision=proposed)
    access = engagement_access(maya, engagement)
    unpaid = [line for line in fees.engagement_fees(access).lines
              if line.session.status == SessionStatus.COMPLETED and not line.has_money and line.fee]
    if unpaid and ledger.fund_of(juniper).balance == 0:  # the fund's own demo may have given it donations already
        fund.donation_record(actor=maya, practice=juniper, amount=DONATION,
                             reason="A former client's gift, to keep the supported tier open")
    for line in unpaid:
        fee = line.fee or 0
        part = min(fee // 2, ledger.fund_of(juniper).balance)
        if part:
            fees.session_subsidy_grant(actor=maya, access=access, session_id=line.session.pk, amount=part,
                                       reason="Supported tier: half of the session from the fund")
        fees.payment_record(actor=maya, access=access, session_id=line.session.pk, amount=fee - part,
                            note="bank transfer")
