"""The demo: a repaired rupture and an agreed review of fit, through the real services; running it again adds
nothing."""

from __future__ import annotations

from cocreate.alliance import ruptures
from cocreate.alliance.demo_ruptures import demo_ruptures
from cocreate.alliance.models import FitReview, Rupture
from tests.alliance.ruptures_helpers import held
from tests.conftest import World


def test_the_demo_shows_a_repaired_rupture_and_an_agreed_review(world: World) -> None:
    demo_ruptures(world.engagement, world.dana, world.alice)
    demo_ruptures(world.engagement, world.dana, world.alice)
    rupture = Rupture.objects.get()
    assert rupture.repairs.count() == 1 and rupture.words.get().repaired
    assert not ruptures.open_ruptures([world.engagement.pk]).exists()
    review = FitReview.objects.get()
    assert (review.outcome, review.answers.count()) == ("adjust", 2)
    page = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/relationship/fit/")
    assert "Propose a change to the modality plan" in page.content.decode()


def test_the_demo_answers_the_review_the_held_sessions_opened(world: World) -> None:
    for days_ago in (9, 6, 3):
        held(world, days_ago=days_ago)
    demo_ruptures(world.engagement, world.dana, world.alice)
    review = FitReview.objects.get()
    assert review.session is not None and review.outcome == "adjust"
