"""The fund's pages: only the practice's admins open them; a donation typed as "50.25"; bad input re-shown with
nothing written; a reversal confirmed with a reason, the original marked and linked; keyset pages; the link on the
practice home; a subsidy's session shown by reference, never by name, with an access event; queries that do not
grow with the ledger."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.access.models import AccessEvent
from cocreate.equity.models import FundTransaction, TransactionKind
from tests.conftest import World
from tests.equity.fund_helpers import fund_of, give, grant

pytestmark = pytest.mark.django_db


def url(world: World, rest: str = "") -> str:
    return f"/practices/{world.practice.pk}/fund/{rest}"


def test_admins_see_the_balance_and_what_came_in_and_went_out(world: World) -> None:
    give(world, 10000, "Open day collection")
    grant(world, 2550)
    page = world.client_for(world.fay).get(url(world))
    text = page.content.decode()
    assert page.status_code == 200
    assert "The fund holds $74.50" in text and "Open day collection" in text and "$100.00" in text
    assert f"E{world.engagement.pk}, session of" in text
    assert world.dana.name not in text


@pytest.mark.parametrize("who", ["alice", "fay"])
def test_every_admin_of_the_practice_may_open_it(world: World, who: str) -> None:
    assert world.client_for(getattr(world, who)).get(url(world)).status_code == 200


@pytest.mark.parametrize("who", ["bea", "carl", "dana", "eve", "gus", "olga", "oscar"])
def test_anyone_else_gets_404_on_every_fund_page(world: World, who: str) -> None:
    gift = give(world, 1000)
    client = world.client_for(getattr(world, who))
    for path in ("", "report/", "report.csv", f"transactions/{gift.pk}/reverse/"):
        assert client.get(url(world, path)).status_code == 404, path
    assert client.post(url(world, "donations/"), {"amount": "5", "reason": "x"}).status_code == 404
    assert client.post(url(world, f"transactions/{gift.pk}/reverse/"), {"reason": "x"}).status_code == 404
    assert FundTransaction.objects.count() == 1


def test_a_donation_typed_with_cents(world: World) -> None:
    answer = world.client_for(world.fay).post(url(world, "donations/"), {"amount": "50.25", "reason": "A gift"})
    assert answer.status_code == 302
    assert fund_of(world).balance == 5025
    assert "$50.25" in world.client_for(world.fay).get(url(world)).content.decode()


@pytest.mark.parametrize("data", [{}, {"amount": "fifty", "reason": "A gift"}, {"amount": "0", "reason": "x"},
                                  {"amount": "50", "reason": "   "}, {"amount": "-5", "reason": "x"},
                                  {"amount": "5.555", "reason": "x"}, {"amount": "5", "reason": "a\x00b"}])
def test_bad_input_is_shown_back_and_nothing_is_written(world: World, data: dict[str, Any]) -> None:
    answer = world.client_for(world.fay).post(url(world, "donations/"), data)
    assert answer.status_code == 400
    assert "Please correct the fields marked below." in answer.content.decode()
    if data.get("amount"):
        assert f'value="{data["amount"]}"' in answer.content.decode()
    assert not FundTransaction.objects.exists()


def test_a_reversal_is_confirmed_with_a_reason_and_the_original_stays_marked(world: World) -> None:
    gift = give(world, 3000, "Typed twice")
    client = world.client_for(world.fay)
    confirm = client.get(url(world, f"transactions/{gift.pk}/reverse/"))
    assert confirm.status_code == 200 and "Reverse it" in confirm.content.decode()
    assert client.post(url(world, f"transactions/{gift.pk}/reverse/"), {"reason": ""}).status_code == 400
    assert FundTransaction.objects.count() == 1
    done = client.post(url(world, f"transactions/{gift.pk}/reverse/"), {"reason": "It was typed twice"})
    undo = FundTransaction.objects.get(kind=TransactionKind.REVERSAL)
    assert done.status_code == 302 and done["Location"].endswith(f"#t{undo.pk}")
    page = client.get(url(world)).content.decode()
    assert f'reversed by <a href="#t{undo.pk}">#{undo.pk}</a>' in page
    assert f'of <a href="#t{gift.pk}">#{gift.pk}</a>' in page
    again = client.get(url(world, f"transactions/{gift.pk}/reverse/")).content.decode()
    assert "already reversed" in again and "Reverse it" not in again
    assert client.post(url(world, f"transactions/{gift.pk}/reverse/"), {"reason": "Again"}).status_code == 400
    assert FundTransaction.objects.count() == 2


def test_another_practices_transaction_is_404(world: World) -> None:
    gift = give(world, 3000)
    other = world.client_for(world.olga)
    assert other.get(f"/practices/{world.other_practice.pk}/fund/transactions/{gift.pk}/reverse/").status_code == 404


def test_transactions_come_a_page_at_a_time_newest_first(world: World) -> None:
    for n in range(30):
        give(world, 100 + n, f"Gift {n}")
    client = world.client_for(world.fay)
    first = client.get(url(world))
    lines = first.context["page"].lines
    assert [line.row.reason for line in lines] == [f"Gift {n}" for n in range(29, 4, -1)]
    second = client.get(url(world), {"before": first.context["page"].next_before})
    assert [line.row.reason for line in second.context["page"].lines] == [f"Gift {n}" for n in range(4, -1, -1)]
    assert second.context["page"].next_before == ""


@pytest.mark.parametrize("before", ["x", "2026-01-01,abc", "2026-01-01T00:00:00,5", ",5", "2026-13-01T00:00Z,1"])
def test_a_malformed_page_link_says_so(world: World, before: str) -> None:
    answer = world.client_for(world.fay).get(url(world), {"before": before})
    assert answer.status_code == 400 and "go back to the newest" in answer.content.decode()


def test_the_practice_home_links_to_the_fund_for_admins_only(world: World) -> None:
    home = f"/practices/{world.practice.pk}/"
    assert url(world) in world.client_for(world.fay).get(home).content.decode()
    assert url(world) not in world.client_for(world.carl).get(home).content.decode()


def test_a_listed_subsidy_leaves_an_access_event_for_its_engagement(world: World) -> None:
    give(world, 5000)
    grant(world, 1000)
    world.client_for(world.fay).get(url(world))
    assert AccessEvent.objects.filter(actor=world.fay, engagement=world.engagement, what="reciprocity fund").exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_reads_the_same_queries_whatever_the_history(world: World, size: int,
                                                               django_assert_max_num_queries: Any) -> None:
    give(world, 100_000)
    for n in range(size):
        grant(world, 10 + n)
    client = world.client_for(world.fay)
    client.get(url(world))
    with django_assert_max_num_queries(16):
        assert client.get(url(world)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url(world, "report/")).status_code == 200


def test_the_report_page_and_csv(world: World) -> None:
    give(world, 10000)
    grant(world, 2500)
    client = world.client_for(world.fay)
    page = client.get(url(world, "report/"))
    assert page.status_code == 200 and "$75.00" in page.content.decode()
    got = client.get(url(world, "report.csv"))
    assert got["Content-Type"].startswith("text/csv") and "attachment" in got["Content-Disposition"]
    rows = got.content.decode().splitlines()
    assert rows[0] == "month,came_in,went_out,reversals,balance_at_month_end,currency"
    assert rows[-1].endswith(",100.00,25.00,0.00,75.00,USD")
    assert client.get(url(world, "report/"), {"year": "19999"}).status_code == 400
    assert client.get(url(world, "report.csv"), {"year": "abc"}).status_code == 400


def test_a_read_writes_nothing_in_the_ledger(world: World) -> None:
    give(world, 100)
    before = list(FundTransaction.objects.values_list("pk", "amount"))
    world.client_for(world.fay).get(url(world))
    world.client_for(world.fay).get(url(world, "report/"))
    assert list(FundTransaction.objects.values_list("pk", "amount")) == before
