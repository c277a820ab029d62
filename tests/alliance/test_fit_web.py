"""The fit page: the third held session opens a review, both answer, the facilitator proposes to adjust the way of
working, the client agrees, and the page leads to the modality plan proposal. Strangers 404, a supervisor reads
only, and the page's query count does not grow with its history."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.alliance import fit
from cocreate.alliance.models import FitAnswer, FitPlan, FitReview
from tests.alliance.ruptures_helpers import acc, held, supervise
from tests.conftest import World


def page(world: World) -> str:
    return f"/engagements/{world.engagement.pk}/relationship/fit/"


def test_the_third_session_opens_it_both_answer_and_adjusting_leads_to_the_modality_plan(world: World) -> None:
    for days_ago in (21, 14, 7):
        held(world, days_ago=days_ago)
    review = FitReview.objects.get()
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    shown = dana.get(page(world)).content.decode()
    assert "What is working?" in shown and "Save my answers" in shown

    assert dana.post(f"{page(world)}{review.pk}/answers/",
                     {"working": "I feel safe.", "not_working": "Talking alone keeps me in my head."}
                     ).status_code == 302
    before = alice.get(page(world)).content.decode()
    assert "Talking alone" not in before and "Dana has answered." in before
    assert alice.post(f"{page(world)}{review.pk}/answers/", {"different": "Somatic grounding first."}
                      ).status_code == 302
    assert "Talking alone keeps me in my head." in alice.get(page(world)).content.decode()
    assert "Somatic grounding first." in dana.get(page(world)).content.decode()

    assert alice.post(f"{page(world)}{review.pk}/propose/",
                      {"outcome": "adjust", "note": "Ten minutes of grounding at the start."}).status_code == 302
    offered = dana.get(page(world)).content.decode()
    assert "Agree: Adjust the way we work" in offered
    assert alice.post(f"{page(world)}{review.pk}/agree/", {"outcome": "adjust"}).status_code == 403

    assert dana.post(f"{page(world)}{review.pk}/agree/", {"outcome": "adjust"}).status_code == 302
    after = dana.get(page(world)).content.decode()
    assert reverse("agreement_propose", args=[world.engagement.pk, "modality"]) in after
    assert "Propose a change to the modality plan" in after
    review.refresh_from_db()
    assert (review.outcome, review.agreed_by) == ("adjust", world.dana)


def test_the_client_asks_and_an_empty_post_changes_nothing(world: World) -> None:
    dana = world.client_for(world.dana)
    assert "I'd like to talk about whether this fits" in dana.get(page(world)).content.decode()
    assert dana.post(f"{page(world)}ask/", {}).status_code == 400
    assert not FitReview.objects.exists()
    assert dana.post(f"{page(world)}ask/", {"confirm": "yes"}).status_code == 302
    review = FitReview.objects.get()
    assert review.asked_by == world.dana
    assert dana.post(f"{page(world)}{review.pk}/answers/", {}).status_code == 400
    assert dana.post(f"{page(world)}{review.pk}/propose/", {"note": "kept note"}).status_code == 400
    assert dana.post(f"{page(world)}{review.pk}/agree/", {}).status_code == 400
    assert not FitAnswer.objects.exists()
    review.refresh_from_db()
    assert review.proposed_outcome == ""


def test_an_answer_that_needs_correcting_is_shown_back(world: World) -> None:
    review = fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))
    too_long = world.client_for(world.dana).post(f"{page(world)}{review.pk}/answers/",
                                                 {"working": "fine", "different": "Long words " * 500})
    assert too_long.status_code == 400
    body = too_long.content.decode()
    assert "Keep this under" in body and "Long words Long words" in body and ">\nfine</textarea>" in body


def test_either_side_changes_when_it_opens(world: World) -> None:
    alice = world.client_for(world.alice)
    assert alice.post(f"{page(world)}plan/", {}).status_code == 400
    assert alice.post(f"{page(world)}plan/", {"at_session": "5"}).status_code == 302
    assert FitPlan.objects.get().at_session == 5
    assert "After held session 5" in world.client_for(world.dana).get(page(world)).content.decode()


def test_strangers_get_404_everywhere(world: World) -> None:
    review = fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))
    for who in (world.carl, world.eve, world.oscar, world.olga, world.fay):
        browser = world.client_for(who)
        assert browser.get(page(world)).status_code == 404
        for rest, data in (("ask/", {"confirm": "yes"}), ("plan/", {"at_session": "4"}),
                           (f"{review.pk}/answers/", {"working": "x"}), (f"{review.pk}/show/", {"confirm": "yes"}),
                           (f"{review.pk}/propose/", {"outcome": "end"}), (f"{review.pk}/agree/", {"outcome": "end"})):
            assert browser.post(page(world) + rest, data).status_code == 404, rest
    review.refresh_from_db()
    assert review.proposed_outcome == "" and not FitAnswer.objects.exists() and not FitPlan.objects.exists()


def test_a_review_of_another_engagement_is_404_behind_ones_own(world: World) -> None:
    foreign = FitReview.objects.create(engagement=world.eve_engagement)
    dana = world.client_for(world.dana)
    assert dana.post(f"{page(world)}{foreign.pk}/answers/", {"working": "x"}).status_code == 404


def test_a_supervisor_reads_only(world: World) -> None:
    review = fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))
    supervise(world)
    gus = world.client_for(world.gus)
    shown = gus.get(page(world))
    assert shown.status_code == 200 and "Save my answers" not in shown.content.decode()
    assert AccessEvent.objects.filter(actor=world.gus, what="fit reviews", basis="supervision").exists()
    assert gus.post(f"{page(world)}{review.pk}/answers/", {"working": "x"}).status_code == 403
    assert gus.post(f"{page(world)}{review.pk}/propose/", {"outcome": "end"}).status_code == 403
    assert gus.post(f"{page(world)}plan/", {"at_session": "6"}).status_code == 403


def test_the_page_reads_in_the_same_number_of_queries_however_many_reviews(world: World) -> None:
    for who in (world.dana, world.alice):
        counts = []
        for more in (1, 6):
            for _i in range(more):
                review = fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))
                fit.fit_answer(actor=world.dana, access=acc(world, world.dana), review=review,
                               answers={"working": "yes"})
                fit.fit_answer(actor=world.alice, access=acc(world, world.alice), review=review,
                               answers={"working": "yes"})
                fit.fit_propose(actor=world.alice, access=acc(world, world.alice), review=review, outcome="continue")
                fit.fit_agree(actor=world.dana, access=acc(world, world.dana), review=review, outcome="continue")
            fit.fit_review_ask(actor=world.dana, access=acc(world, world.dana))  # one open besides
            browser = world.client_for(who)
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(page(world)).status_code == 200
            counts.append(len(queries))
            FitReview.objects.filter(agreed_at__isnull=True).delete()
        assert counts[0] == counts[1], counts
