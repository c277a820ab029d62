"""URL/persona matrix rows for the reciprocity fund: its pages and API are the practice's admins' (alice and fay);
everyone else, the supervisor, facilitators who are not admins, clients and the other practice's admin, gets 404."""

from __future__ import annotations

from typing import Any

from cocreate.equity import fund
from tests.conftest import World
from tests.web.matrix import Case, only, practice

ADMINS = only("alice", "fay")


def donation(world: World) -> dict[str, Any]:
    made = fund.donation_record(actor=world.fay, practice=world.practice, amount=1000, reason="A matrix gift")
    return {**practice(world), "transaction_id": made.pk}


def donate(world: World) -> dict[str, Any]:
    return {"amount": "5", "reason": "From the matrix"}


def why(world: World) -> dict[str, Any]:
    return {"reason": "A matrix mistake"}


EQUITY_FUND_WEB_CASES: dict[str, Case] = {
    "practices/<int:practice_id>/fund/": Case(practice, ADMINS),
    "practices/<int:practice_id>/fund/donations/": Case(practice, ADMINS),
    "practices/<int:practice_id>/fund/transactions/<int:transaction_id>/reverse/": Case(donation, ADMINS),
    "practices/<int:practice_id>/fund/report/": Case(practice, ADMINS),
    "practices/<int:practice_id>/fund/report.csv": Case(practice, ADMINS),
}

EQUITY_FUND_API_CASES: dict[str, Case] = {
    "api/v1/practices/<practice_id>/fund": Case(practice, ADMINS),
    "api/v1/practices/<practice_id>/fund/donations": Case(practice, ADMINS, body=donate),
    "api/v1/practices/<practice_id>/fund/transactions/<transaction_id>/reverse": Case(donation, ADMINS, body=why),
    "api/v1/practices/<practice_id>/fund/report": Case(practice, ADMINS),
}
