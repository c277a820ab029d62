"""The Fees panel, the fees page and the fees API run the same number of queries at 3 sessions as at 40, each with
payments and money from the fund; a read writes nothing but its one access event."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.equity import fees, fund
from tests.api_helpers import Api
from tests.care.test_query_counts import query_count
from tests.conftest import World
from tests.equity.fees_helpers import agree, more_sessions, ours, scale
from tests.test_reads_write_nothing import writes_of


def with_money(world: World, count: int) -> None:
    """`count` more held sessions, each paid (a little above the fee) and partly from the fund."""
    for session in more_sessions(world, count):
        fees.session_subsidy_grant(actor=world.alice, access=ours(world), session_id=session.pk, amount="10",
                                   reason="Supported")
        fees.payment_record(actor=world.alice, access=ours(world), session_id=session.pk, amount="115",
                            note="cash")


def counts(world: World) -> dict[str, int]:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    engagement = reverse("engagement", args=[world.engagement.pk])
    page = reverse("equity_fees", args=[world.engagement.pk])
    measured = {"engagement page, facilitator": query_count(alice, engagement)[0],
                "engagement page, client": query_count(dana, engagement)[0],
                "fees page, admin": query_count(alice, page)[0],
                "fees page, client": query_count(dana, page)[0]}
    api = Api.as_user(world.alice)
    assert api.get(f"/engagements/{world.engagement.pk}/fees").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/engagements/{world.engagement.pk}/fees").status_code == 200
    measured["fees API"] = len(queries)
    return measured


def test_the_same_queries_at_3_and_40_sessions(world: World) -> None:
    agree(world, scale(world)[1])
    fund.donation_record(actor=world.alice, practice=world.practice, amount=1_000_00, reason="A gift")
    with_money(world, 2)  # and the world's own session: 3
    small = counts(world)
    with_money(world, 37)
    large = counts(world)
    assert len(fees.engagement_fees(ours(world)).lines) == 40
    assert small == large


def test_a_read_of_fees_writes_nothing_but_one_access_event(world: World) -> None:
    agree(world, scale(world)[1])
    with_money(world, 0)
    fees.payment_record(actor=world.alice, access=ours(world), session_id=world.session.pk, amount="130")
    alice = world.client_for(world.alice)
    alice.get("/ping/")
    for url in (reverse("equity_fees", args=[world.engagement.pk]),
                reverse("equity_fees_receipt", args=[world.engagement.pk, world.session.pk])):
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(url).status_code == 200
        access, other = writes_of([q["sql"] for q in queries.captured_queries])
        assert (len(access), other) == (1, []), url
    dana = world.client_for(world.dana)
    dana.get("/ping/")
    with CaptureQueriesContext(connection) as queries:
        assert dana.get(reverse("equity_fees", args=[world.engagement.pk])).status_code == 200
    assert writes_of([q["sql"] for q in queries.captured_queries]) == ([], [])
