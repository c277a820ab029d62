"""Fees through the web pages: forms show back what was typed with the problem named; reversing a payment and
retiring a tier ask first; the client reads "Your fees" in plain words and the fee of each session; the fee
agreement says plainly when the practice has no tiers; a read of fees shows in the client's "Who has seen my
record"."""

from __future__ import annotations

from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.agreements.models import Revision
from cocreate.equity import ledger, tiers
from cocreate.equity.models import FeeTier, Payment, SessionFee, TierFee
from tests.conftest import World
from tests.equity.fees_helpers import agree, more_sessions, scale


def page(world: World) -> str:
    return reverse("equity_fees", args=[world.engagement.pk])


def test_a_bad_payment_amount_is_shown_back_with_the_problem_named(world: World) -> None:
    agree(world, scale(world)[1])
    alice = world.client_for(world.alice)
    url = reverse("equity_fees_payment", args=[world.engagement.pk, world.session.pk])
    response = alice.post(url, {"amount": "12.345", "note": "cash in an envelope"})
    assert response.status_code == 400
    text = response.text
    assert 'value="12.345"' in text and 'value="cash in an envelope"' in text
    assert "Write an amount like 120 or 120.50." in text
    assert "<details open>" in text  # the form with the error is open, not folded away
    response = alice.post(url, {"amount": "0", "note": ""})
    assert response.status_code == 400 and "Give an amount greater than zero." in response.text
    assert alice.post(url, {}).status_code == 400
    assert not Payment.objects.exists() and not SessionFee.objects.exists()

    response = alice.post(url, {"amount": "120.50", "note": "bank transfer"})
    assert response.status_code == 302 and response["Location"].endswith(f"#session-{world.session.pk}")
    assert Payment.objects.get().amount == 120_50
    assert ledger.fund_of(world.practice).balance == 50  # the fifty cents above the fee


def test_a_subsidy_the_fund_cannot_hold_is_shown_back(world: World) -> None:
    agree(world, scale(world)[0])
    url = reverse("equity_fees_subsidy", args=[world.engagement.pk, world.session.pk])
    response = world.client_for(world.alice).post(url, {"amount": "30", "reason": "Supported tier"})
    assert response.status_code == 400
    assert 'value="30"' in response.text and "Supported tier" in response.text
    assert "not enough" in response.text
    assert not SessionFee.objects.exists()


def test_a_bad_tier_fee_is_shown_back_with_the_problem_named(world: World) -> None:
    alice = world.client_for(world.alice)
    url = reverse("equity_tier_new", args=[world.practice.pk])
    response = alice.post(url, {"name": "Low", "guidance": "When money is tight.", "fee_preparation": "12.345",
                                "fee_integration": "40"})
    assert response.status_code == 400
    text = response.text
    assert 'value="12.345"' in text and 'value="Low"' in text and 'value="40"' in text
    assert "When money is tight." in text
    assert "Write an amount like 120 or 120.50." in text
    response = alice.post(url, {"name": "Low", "fee_preparation": ""})
    assert response.status_code == 400 and "Give a fee for at least one kind of session." in response.text
    assert not FeeTier.objects.exists() and not TierFee.objects.exists()


def test_reversing_a_payment_asks_first(world: World) -> None:
    agree(world, scale(world)[1])
    alice = world.client_for(world.alice)
    assert alice.post(reverse("equity_fees_payment", args=[world.engagement.pk, world.session.pk]),
                      {"amount": "50", "note": "cash"}).status_code == 302
    paid = Payment.objects.get()
    url = reverse("equity_fees_reverse", args=[world.engagement.pk, paid.pk])
    assert url in alice.get(page(world)).text
    asked = alice.get(url)
    assert asked.status_code == 200 and "Reverse a payment?" in asked.text and "$50.00" in asked.text
    assert "Keep it" in asked.text
    assert alice.post(url, {"note": "no confirm"}).status_code == 400  # not from the page's button
    assert Payment.objects.count() == 1
    done = alice.post(url, {"confirm": "reverse", "note": "typed wrong"})
    assert done.status_code == 302
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [-50_00, 50_00]
    shown = alice.get(page(world)).text
    assert "reversed" in shown and "typed wrong" in shown
    assert "already been reversed" in alice.get(url).text
    assert world.client_for(world.dana).get(url).status_code == 403
    assert world.client_for(world.bea).post(url, {"confirm": "reverse"}).status_code == 403


def test_retiring_a_tier_asks_first(world: World) -> None:
    made = scale(world)
    alice = world.client_for(world.alice)
    url = reverse("equity_tier_retire", args=[world.practice.pk, made[2].pk])
    asked = alice.get(url)
    assert asked.status_code == 200 and "Retire “Sustaining”?" in asked.text and "Keep it" in asked.text
    assert alice.post(url, {}).status_code == 400
    assert not FeeTier.objects.filter(retired=True).exists()
    assert world.client_for(world.bea).post(url, {"confirm": "retire"}).status_code == 403
    assert alice.post(url, {"confirm": "retire"}).status_code == 302
    assert FeeTier.objects.get(pk=made[2].pk).retired
    assert "Sustaining" not in world.client_for(world.dana).get(
        reverse("equity_tiers", args=[world.practice.pk])).text


def test_the_client_reads_your_fees_in_plain_words(world: World) -> None:
    made = scale(world)
    dana = world.client_for(world.dana)
    engagement_page = reverse("engagement", args=[world.engagement.pk])
    before = dana.get(engagement_page).text
    assert "Your fees" in before
    assert "No fee is agreed yet. You choose your own tier in the fee agreement; no documents are asked for." in before
    agree(world, made[1])
    text = dana.get(engagement_page).text
    assert "Your fee tier is <strong>Middle</strong>, as agreed in your fee agreement." in text
    assert "Your fee for each session" in text and "Your fee agreement" in text
    assert "All your fees and statements" in text
    assert "The tier in force" not in text and "Record a payment" not in text
    mine = dana.get(page(world)).text
    assert "Your fee for this session" in mine and "you do not pay through this site" in mine
    assert "Record a payment" not in mine and "Pay part from the reciprocity fund" not in mine
    theirs = world.client_for(world.alice).get(engagement_page).text
    assert "The tier in force is <strong>Middle</strong>" in theirs and "Fees and payments" in theirs


def test_each_session_shows_the_fee_in_force_and_a_fixed_fee_stays(world: World) -> None:
    made = scale(world)
    [earlier] = more_sessions(world, 1)
    agree(world, made[1])
    alice = world.client_for(world.alice)
    text = alice.get(page(world)).text
    assert text.count("$120.00 (Middle) <span class=\"muted\">from the tier in force</span>") == 2
    assert alice.post(reverse("equity_fees_payment", args=[world.engagement.pk, earlier.pk]),
                      {"amount": "120"}).status_code == 302
    agree(world, made[2])  # a change of tier: the paid session keeps its fee, the coming one follows the new tier
    text = alice.get(page(world)).text
    assert "$120.00 (Middle)</dd>" in text
    assert "$180.00 (Sustaining) <span class=\"muted\">from the tier in force</span>" in text
    panel = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk])).text
    assert "$120.00" in panel and "$180.00" in panel
    assert reverse("equity_fees_receipt", args=[world.engagement.pk, earlier.pk]) in panel


def test_the_fee_agreement_says_plainly_when_there_are_no_tiers(world: World) -> None:
    url = reverse("agreement_propose", args=[world.engagement.pk, "fee"])
    mine = world.client_for(world.dana).get(url)
    assert mine.status_code == 200
    assert "The practice has not set up its sliding scale yet, so there is no tier for you to choose." in mine.text
    assert 'name="tier"' not in mine.text and "<select" not in mine.text
    theirs = world.client_for(world.alice).get(url).text
    assert "The practice has not set up its sliding scale yet, so there is no tier to choose." in theirs
    refused = world.client_for(world.dana).post(url, {"note": "I would like the lowest tier", "based_on": ""})
    assert refused.status_code == 400 and "I would like the lowest tier" in refused.text
    assert not Revision.objects.filter(document__kind="fee").exists()

    made = scale(world)
    offered = world.client_for(world.dana).get(url).text
    assert "not set up its sliding scale" not in offered and 'name="tier"' in offered
    assert f'<option value="{made[0].pk}">Supported — ' in offered
    assert "Integration, Preparation, Psychotherapy $60.00" in offered
    tiers.tier_retire(actor=world.alice, practice=world.practice, tier_id=made[0].pk)
    assert f'<option value="{made[0].pk}"' not in world.client_for(world.dana).get(url).text


def test_a_read_of_fees_shows_in_who_has_seen_my_record(world: World) -> None:
    alice = world.client_for(world.alice)
    assert alice.get(page(world)).status_code == 200
    assert AccessEvent.objects.filter(actor=world.alice, what="fees").count() == 1
    log = world.client_for(world.dana).get(reverse("access_log", args=[world.engagement.pk])).text
    assert "your fees, what you paid and your receipts" in log and "Alice" in log
    assert world.client_for(world.dana).get(page(world)).status_code == 200
    assert not AccessEvent.objects.filter(actor=world.dana).exists()


def test_strangers_get_404(world: World) -> None:
    for who in (world.carl, world.eve, world.olga):
        assert world.client_for(who).get(page(world)).status_code == 404
    assert world.client_for(world.olga).get(reverse("equity_tiers", args=[world.practice.pk])).status_code == 404
