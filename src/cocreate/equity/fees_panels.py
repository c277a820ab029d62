"""What fees add to the shared pages: the fee agreement's tier options (from the practice's offered tiers), and the
"Fees" section of the engagement page (the tier in force with a link to the fee agreement, and the latest sessions'
fee, paid, from the fund and still to pay, each with its receipt)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.agreements.choices import source
from cocreate.care.models import Engagement
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.equity import fees, tiers

PANEL_SESSIONS = 6  # the newest few; the fees page lists them all


@source("tier")
def tier_choices(engagement: Engagement) -> list[tuple[str, str]]:
    """The practice's offered tiers as the fee agreement's options: (str(pk), "Middle — $120.00 a session ...")."""
    currency = tiers.currency_of(engagement.practice)
    return [(str(tier.pk), tiers.tier_label(tier, currency)) for tier in tiers.offered_tiers(engagement.practice)]


@ENGAGEMENT.panel("equity.fees", order=70, template="equity/fees_panel.html")
def fees_panel(page: EngagementPage) -> Mapping[str, Any]:
    # The page already recorded its read of the engagement; the fees shown are part of that page.
    shown = fees.engagement_fees(page.access, newest=PANEL_SESSIONS)
    return {"fees": shown, "fees_is_client": page.access.is_client,
            "fees_may_record": fees.may_record(page.actor, page.access),
            "fees_rows": [(line, shown.money(line.fee), shown.money(line.paid), shown.money(line.subsidy),
                           shown.money(line.to_pay)) for line in shown.lines]}
