"""The sliding scale's reads that every part of equity shares: the practice's currency and its tiers on offer."""

from __future__ import annotations

from django.db.models import Prefetch

from cocreate.accounts.models import Practice
from cocreate.equity.models import FeeSettings, FeeTier, TierFee


def currency_of(practice: Practice) -> str:
    return FeeSettings.objects.filter(practice=practice).values_list("currency", flat=True).first() or "USD"


def offered_tiers(practice: Practice) -> list[FeeTier]:
    """The tiers a client may choose now, in the practice's order, each with its fees prefetched (`tier.fees`):
    two queries however many."""
    return list(FeeTier.objects.filter(practice=practice, retired=False).order_by("position", "id")
                .prefetch_related(Prefetch("fees", queryset=TierFee.objects.order_by("session_kind"))))
