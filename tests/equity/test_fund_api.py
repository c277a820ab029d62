"""The fund through the API: the admins' balance and keyset pages, a donation, a reversal, the report as JSON;
errors as 400 with `errors` by field; everyone else 404."""

from __future__ import annotations

import pytest

from cocreate.equity.models import FundTransaction
from tests.api_helpers import Api
from tests.conftest import World
from tests.equity.fund_helpers import fund_of, give, grant

pytestmark = pytest.mark.django_db


def path(world: World, rest: str = "") -> str:
    return f"/practices/{world.practice.pk}/fund{rest}"


def test_the_fund_with_a_page_of_transactions(world: World) -> None:
    for n in range(4):
        give(world, 1000, f"Gift {n}")
    grant(world, 500)
    api = Api.as_user(world.fay)
    got = api.get(path(world) + "?limit=3").json()
    assert (got["balance"], got["came_in"], got["went_out"], got["balance_text"]) == (3500, 4000, 500, "$35.00")
    assert [t["delta"] for t in got["transactions"]] == [-500, 1000, 1000]
    assert got["transactions"][0]["engagement_ref"] == f"E{world.engagement.pk}"
    older = api.get(path(world) + f"?limit=3&before={got['next_before']}").json()
    assert [t["reason"] for t in older["transactions"]] == ["Gift 1", "Gift 0"] and older["next_before"] == ""


def test_a_donation_and_its_reversal(world: World) -> None:
    api = Api.as_user(world.alice)
    made = api.post(path(world, "/donations"), {"amount": "50.25", "reason": "A gift"})
    assert made.status_code == 201 and made.json()["amount"] == 5025
    undone = api.post(path(world, f"/transactions/{made.json()['id']}/reverse"), {"reason": "Bounced"})
    assert undone.status_code == 201 and undone.json()["reverses"] == made.json()["id"]
    assert undone.json()["delta"] == -5025
    again = api.post(path(world, f"/transactions/{made.json()['id']}/reverse"), {"reason": "Again"})
    assert again.status_code == 400 and "reverses" in again.json()["errors"]
    assert fund_of(world).balance == 0


def test_reversing_what_the_fund_no_longer_holds_is_400_on_amount(world: World) -> None:
    gift = give(world, 1000)
    grant(world, 1000)
    answer = Api.as_user(world.fay).post(path(world, f"/transactions/{gift.pk}/reverse"), {"reason": "Bounced"})
    assert answer.status_code == 400 and "amount" in answer.json()["errors"]
    assert FundTransaction.objects.count() == 2


@pytest.mark.parametrize("body", [{}, {"amount": "ten", "reason": "x"}, {"amount": "0", "reason": "x"},
                                  {"amount": "5", "reason": ""}, {"amount": 5, "reason": "x"},
                                  {"amount": "5", "reason": "x" * 1001}])
def test_bad_donations_are_400_and_write_nothing(world: World, body: dict[str, object]) -> None:
    answer = Api.as_user(world.fay).post(path(world, "/donations"), body)
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert not FundTransaction.objects.exists()


def test_a_bad_cursor_or_year_is_400(world: World) -> None:
    api = Api.as_user(world.fay)
    assert api.get(path(world) + "?before=nonsense").status_code == 400
    assert "year" in api.get(path(world, "/report?year=12")).json()["errors"]


def test_the_report_as_json(world: World) -> None:
    give(world, 10000)
    grant(world, 2500)
    got = Api.as_user(world.fay).get(path(world, "/report")).json()
    assert got["months"][-1]["balance"] == 7500 and got["csv"].startswith("month,")


@pytest.mark.parametrize("who", ["bea", "carl", "dana", "eve", "gus", "olga", "oscar"])
def test_anyone_but_the_practices_admins_gets_404(world: World, who: str) -> None:
    gift = give(world, 1000)
    api = Api.as_user(getattr(world, who))
    assert api.get(path(world)).status_code == 404
    assert api.get(path(world, "/report")).status_code == 404
    assert api.post(path(world, "/donations"), {"amount": "5", "reason": "x"}).status_code == 404
    assert api.post(path(world, f"/transactions/{gift.pk}/reverse"), {"reason": "x"}).status_code == 404
    assert FundTransaction.objects.count() == 1
