"""The demo fund: donations, a reversed mistake and a contribution above a tier, once only however often it runs."""

from __future__ import annotations

import pytest

from cocreate.equity.demo_fund import demo_fund
from cocreate.equity.models import FundTransaction, TransactionKind
from tests.conftest import World
from tests.equity.fund_helpers import assert_books_balance, fund_of

pytestmark = pytest.mark.django_db


def test_the_demo_fund_is_written_once(world: World) -> None:
    demo_fund(world.practice, world.fay, world.session)
    demo_fund(world.practice, world.fay, world.session)
    assert fund_of(world).balance == 450_00
    kinds = sorted(FundTransaction.objects.values_list("kind", flat=True))
    assert kinds == sorted([TransactionKind.DONATION] * 3 + [TransactionKind.REVERSAL, TransactionKind.ABOVE_TIER])
    assert_books_balance(fund_of(world))
