"""Fees through the API: the same services and rules as the web pages. Tiers (members read, admins write), an
engagement's fees, payments and their reversal, subsidies from the fund, receipts and statements as PDF; bad input
answers 4xx by field and writes nothing; a write not this person's is 403, anyone else 404."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.access.models import AccessEvent
from cocreate.equity import fund, ledger
from cocreate.equity.models import FeeSettings, FeeTier, FundTransaction, Payment, SessionFee, TierFee
from tests.api_helpers import API, Api
from tests.conftest import World
from tests.equity.fees_helpers import agree, scale
from tests.pdf import pdf_text


def tiers_url(world: World, rest: str = "") -> str:
    return f"/practices/{world.practice.pk}/fee-tiers{rest}"


def fees_url(world: World, rest: str = "") -> str:
    return f"/engagements/{world.engagement.pk}{rest}"


def put(api: Api, path: str, data: Any = None, *, raw: str | None = None) -> Any:
    import json
    body = raw if raw is not None else json.dumps(data)
    return api.client.put(API + path, body, content_type="application/json", **api.headers)


def nothing_written() -> bool:
    return not (Payment.objects.exists() or SessionFee.objects.exists() or FundTransaction.objects.exists())


def test_tiers_are_read_by_members_and_set_by_admins(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    assert dana.get(tiers_url(world)).json() == []
    loaded = alice.post(tiers_url(world, "/defaults"))
    assert loaded.status_code == 201, loaded.content
    assert [t["name"] for t in loaded.json()] == ["Supported", "Middle", "Sustaining"]
    assert alice.post(tiers_url(world, "/defaults")).status_code == 400  # only for a practice with none

    added = alice.post(tiers_url(world), {"name": "Low", "guidance": "When money is very tight.",
                                          "fees": {"preparation": "40", "integration": "40.50", "medicine": ""}})
    assert added.status_code == 201, added.content
    low = added.json()
    assert (low["position"], low["currency"]) == (4, "USD")
    assert {(f["session_kind"], f["amount"], f["shown"]) for f in low["fees"]} == {
        ("preparation", 40_00, "$40.00"), ("integration", 40_50, "$40.50")}

    changed = put(alice, tiers_url(world, f"/{low['id']}"), {"name": "Lower", "position": 0,
                                                             "fees": {"preparation": "35"}})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], [f["amount"] for f in changed.json()["fees"]]) == ("Lower", [35_00])
    assert [t["name"] for t in dana.get(tiers_url(world)).json()] == ["Lower", "Supported", "Middle", "Sustaining"]

    retired = alice.post(tiers_url(world, f"/{low['id']}/retire"))
    assert retired.status_code == 200 and retired.json()["retired"] is True
    assert alice.post(tiers_url(world, f"/{low['id']}/retire")).status_code == 400
    assert "Lower" not in [t["name"] for t in dana.get(tiers_url(world)).json()]
    assert [t["name"] for t in alice.get(tiers_url(world)).json()][-1] == "Lower"  # admins see it, last
    assert put(alice, tiers_url(world, f"/{low['id']}"), {"name": "Back", "fees": {"preparation": "1"}}
               ).status_code == 404  # a retired tier is not changed
    assert FeeTier.objects.filter(pk=low["id"]).exists()  # kept, never deleted

    euros = put(alice, tiers_url(world, "/currency"), {"currency": "EUR"})
    assert euros.status_code == 200 and {t["currency"] for t in euros.json()} == {"EUR"}


@pytest.mark.parametrize(("fees", "field"), [
    ({"preparation": "12.345"}, "fee_preparation"), ({"preparation": "-5"}, "fee_preparation"),
    ({"preparation": "abc"}, "fee_preparation"), ({"preparation": "99999999"}, "fee_preparation"),
    ({"surgery": "10"}, "fees"), ({}, "fees"), ({"preparation": ""}, "fees")])
def test_a_bad_tier_fee_is_named_and_nothing_is_written(world: World, fees: dict[str, str], field: str) -> None:
    response = Api.as_user(world.alice).post(tiers_url(world), {"name": "Low", "fees": fees})
    assert response.status_code == 400 and field in response.json()["errors"], response.content
    assert response.json()["detail"]
    assert not FeeTier.objects.exists() and not TierFee.objects.exists()


def test_malformed_tier_input_is_4xx_and_writes_nothing(world: World) -> None:
    alice = Api.as_user(world.alice)
    for raw in ("{", "[]", '"text"', '{"name": "Low", "fees": "10"}', '{"name": "Low", "fees": {"preparation": 10}}',
                '{"fees": {"preparation": "10"}}', '{"name": "Low", "fees": {"preparation": "10"}, "position": "x"}',
                '{"name": "Low", "fees": {"preparation": "10"}, "position": 99999999999}'):
        response = alice.post(tiers_url(world), raw=raw)
        assert 400 <= response.status_code < 500, (raw, response.status_code)
    assert alice.post(tiers_url(world), {"name": " ", "fees": {"preparation": "10"}}).json()["errors"]["name"]
    assert alice.post(tiers_url(world), {"name": "L", "fees": {"preparation": "1"}, "position": 1000}
                      ).json()["errors"]["position"]
    assert put(alice, tiers_url(world, "/currency"), {"currency": "XXX"}).json()["errors"]["currency"]
    assert put(alice, tiers_url(world, "/currency"), raw="{").status_code in (400, 422)
    assert not FeeTier.objects.exists()
    assert not FeeSettings.objects.exclude(currency="USD").exists()


def test_only_admins_write_tiers_and_other_practices_see_nothing(world: World) -> None:
    made = scale(world)
    body = {"name": "X", "fees": {"preparation": "10"}}
    for who in (world.bea, world.dana, world.gus):
        api = Api.as_user(who)
        assert len(api.get(tiers_url(world)).json()) == 3
        for response in (api.post(tiers_url(world), body), put(api, tiers_url(world, f"/{made[0].pk}"), body),
                         api.post(tiers_url(world, f"/{made[0].pk}/retire")),
                         put(api, tiers_url(world, "/currency"), {"currency": "EUR"})):
            assert response.status_code == 403 and response.json()["code"] == "not_allowed", response.content
    olga = Api.as_user(world.olga)
    assert olga.get(tiers_url(world)).status_code == 404
    assert olga.post(tiers_url(world), body).status_code == 404
    assert Api().get(tiers_url(world)).status_code == 401
    assert FeeTier.objects.filter(practice=world.practice).count() == 3 and not FeeTier.objects.filter(retired=True)


def test_fees_payments_and_their_reversal(world: World) -> None:
    made = scale(world)
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    none = dana.get(fees_url(world, "/fees")).json()
    assert none["tier"] is None and none["sessions"][0]["fee"] is None
    agree(world, made[1])
    shown = dana.get(fees_url(world, "/fees")).json()
    assert (shown["currency"], shown["tier"]["name"]) == ("USD", "Middle")
    [line] = shown["sessions"]
    assert (line["session_id"], line["fee"], line["fixed"], line["paid"], line["to_pay"]) == (
        world.session.pk, 120_00, False, 0, 120_00)

    paid = alice.post(fees_url(world, f"/sessions/{world.session.pk}/payments"),
                      {"amount": "150", "note": "bank transfer"})
    assert paid.status_code == 201, paid.content
    assert (paid.json()["amount"], paid.json()["note"], paid.json()["reverses_id"]) == (150_00, "bank transfer", None)
    [line] = dana.get(fees_url(world, "/fees")).json()["sessions"]
    assert (line["fixed"], line["paid"], line["to_fund"], line["to_pay"]) == (True, 150_00, 30_00, 0)
    assert ledger.fund_of(world.practice).balance == 30_00

    reversed_ = alice.post(fees_url(world, f"/payments/{paid.json()['id']}/reverse"), {"note": "typed wrong"})
    assert reversed_.status_code == 201, reversed_.content
    assert (reversed_.json()["amount"], reversed_.json()["reverses_id"]) == (-150_00, paid.json()["id"])
    again = alice.post(fees_url(world, f"/payments/{paid.json()['id']}/reverse"), {})
    assert again.status_code == 400 and "already been reversed" in again.json()["detail"]
    assert alice.post(fees_url(world, f"/payments/{reversed_.json()['id']}/reverse"), {}).status_code == 400
    [line] = alice.get(fees_url(world, "/fees")).json()["sessions"]
    assert (line["paid"], line["to_fund"], line["to_pay"]) == (0, 0, 120_00)
    assert ledger.fund_of(world.practice).balance == 0 == ledger.balance_from_entries(ledger.fund_of(world.practice))


def test_a_subsidy_the_fund_cannot_hold_is_refused_by_name(world: World) -> None:
    agree(world, scale(world)[0])
    alice = Api.as_user(world.alice)
    url = fees_url(world, f"/sessions/{world.session.pk}/subsidy")
    short = alice.post(url, {"amount": "30", "reason": "Supported tier"})
    assert short.status_code == 400 and "amount" in short.json()["errors"], short.content
    assert nothing_written()
    fund.donation_record(actor=world.alice, practice=world.practice, amount=100_00, reason="A gift")
    granted = alice.post(url, {"amount": "30", "reason": "Supported tier"})
    assert granted.status_code == 201 and granted.json()["amount"] == 30_00, granted.content
    too_much = alice.post(url, {"amount": "30.01", "reason": "More"})
    assert too_much.status_code == 400 and "$30.00" in too_much.json()["errors"]["amount"][0]
    assert alice.post(url, {"amount": "10"}).status_code in (400, 422)  # a reason is needed
    [line] = Api.as_user(world.dana).get(fees_url(world, "/fees")).json()["sessions"]
    assert (line["from_fund"], line["to_pay"]) == (30_00, 30_00)


@pytest.mark.parametrize("body", [
    {"amount": "12.345"}, {"amount": "-5"}, {"amount": "abc"}, {"amount": "0"}, {"amount": ""},
    {"amount": "99999999999999"}, {"amount": "1e3"}])
def test_a_bad_amount_is_named_and_nothing_is_written(world: World, body: dict[str, str]) -> None:
    agree(world, scale(world)[1])
    response = Api.as_user(world.alice).post(fees_url(world, f"/sessions/{world.session.pk}/payments"), body)
    assert response.status_code == 400 and "amount" in response.json()["errors"], response.content
    assert nothing_written()


def test_malformed_money_input_is_4xx_and_writes_nothing(world: World) -> None:
    agree(world, scale(world)[1])
    fund.donation_record(actor=world.alice, practice=world.practice, amount=100_00, reason="A gift")
    before = FundTransaction.objects.count()
    alice = Api.as_user(world.alice)
    pay = fees_url(world, f"/sessions/{world.session.pk}/payments")
    sub = fees_url(world, f"/sessions/{world.session.pk}/subsidy")
    for url, raw in ((pay, "{"), (pay, "[]"), (pay, '{"amount": 12}'), (pay, '{"amount": null}'), (pay, "{}"),
                     (pay, '{"amount": "10", "note": "' + "x" * 301 + '"}'), (pay, '{"amount": "10\\u0000"}'),
                     (sub, "{"), (sub, '{"amount": "abc", "reason": "r"}'), (sub, '{"amount": "10", "reason": " "}')):
        response = alice.post(url, raw=raw)
        assert 400 <= response.status_code < 500, (raw, response.status_code, response.content)
    assert alice.post(fees_url(world, "/payments/999999/reverse"), raw="{").status_code in (400, 404, 422)
    assert not Payment.objects.exists() and not SessionFee.objects.exists()
    assert FundTransaction.objects.count() == before


def test_receipts_and_statements_are_pdfs_for_the_client_and_the_care_team(world: World) -> None:
    agree(world, scale(world)[1])
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    assert alice.post(fees_url(world, f"/sessions/{world.session.pk}/payments"),
                      {"amount": "150", "note": "cash"}).status_code == 201
    receipt = dana.get(fees_url(world, f"/sessions/{world.session.pk}/receipt.pdf"))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    for words in ("Dana", "Juniper", "Middle", "$120.00", "$150.00", "of which $30.00 went to the reciprocity fund",
                  f"{world.practice.pk}-{world.engagement.pk}-{world.session.pk}"):
        assert words in text, words
    assert "Alice" not in text
    month = world.session.starts_at
    statement = alice.get(fees_url(world, f"/fees/statements/{month.year}/{month.month}.pdf"))
    assert statement.status_code == 200 and statement["Content-Type"] == "application/pdf"
    assert "Statement for Dana" in pdf_text(statement.content) and "$150.00" in pdf_text(statement.content)
    assert dana.get(fees_url(world, "/fees/statements/2024/13.pdf")).status_code == 404
    assert not AccessEvent.objects.filter(actor=world.dana).exists()
    assert AccessEvent.objects.filter(actor=world.alice, what="fees", via="api").count() == 1


def test_who_may_do_what(world: World) -> None:
    agree(world, scale(world)[1])
    paid = Payment.objects.create(session=world.session, amount=10_00, currency="USD", recorded_by=world.alice)
    sid = world.session.pk
    for who in (world.carl, world.eve, world.olga, world.oscar):  # not theirs: as if it did not exist
        api = Api.as_user(who)
        for response in (api.get(fees_url(world, "/fees")),
                         api.get(fees_url(world, f"/sessions/{sid}/receipt.pdf")),
                         api.post(fees_url(world, f"/sessions/{sid}/payments"), {"amount": "10"}),
                         api.post(fees_url(world, f"/payments/{paid.pk}/reverse"), {}),
                         api.post(fees_url(world, f"/sessions/{sid}/subsidy"), {"amount": "1", "reason": "r"})):
            assert response.status_code == 404, (who.name, response.content)
    for who in (world.dana, world.bea):  # theirs to read, not to record
        api = Api.as_user(who)
        assert api.get(fees_url(world, "/fees")).status_code == 200
        for response in (api.post(fees_url(world, f"/sessions/{sid}/payments"), {"amount": "10"}),
                         api.post(fees_url(world, f"/payments/{paid.pk}/reverse"), {}),
                         api.post(fees_url(world, f"/sessions/{sid}/subsidy"), {"amount": "1", "reason": "r"})):
            assert response.status_code == 403 and response.json()["code"] == "not_allowed", response.content
    alice = Api.as_user(world.alice)
    assert alice.get(f"/engagements/{world.oscar_engagement.pk}/fees").status_code == 404
    assert alice.post(fees_url(world, "/sessions/999999/payments"), {"amount": "10"}).status_code == 404
    assert alice.get(fees_url(world, "/sessions/999999/receipt.pdf")).status_code == 404
    assert Api().get(fees_url(world, "/fees")).status_code == 401
    assert Payment.objects.count() == 1 and not SessionFee.objects.exists()
