"""The relationship in a real browser, on a phone: after the third session the client rates "the way we worked
suited me" 3/10 and says what could be better; her facilitator finds it under "Needs me" and acknowledges it with
a reply; the fit review is offered and they agree to adjust the way of working, which opens a modality plan
proposal; after the next session the client names a rupture, the facilitator records a repair, the client says it
feels repaired; later she ends the engagement with her reasons, and still reads her record."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.alliance.models import Acknowledgement, Ending, Feedback, FitReview, Rupture
from cocreate.care import services as care
from cocreate.care.models import Engagement, Phase, Session, SessionKind
from cocreate.measures.models import Flag
from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot
from tests.conftest import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _held(world: World, days_ago: int) -> Session:
    """A session of dana's, held `days_ago` days ago, marked held by her facilitator."""
    session = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                     starts_at=timezone.now() - timedelta(days=days_ago, hours=2),
                                     duration_minutes=60, created_by=world.alice)
    care.session_complete(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          session=session)
    return session


def test_feedback_answered_fit_reviewed_a_rupture_repaired_and_an_ending_chosen(
        new_page: Callable[[], Page], live_server: Any) -> None:
    world = build_world()
    for days in (21, 14):
        _held(world, days)
    third = _held(world, 7)
    base = f"/engagements/{world.engagement.pk}/"

    # After the third session she is asked how it was; the way they worked did not suit her.
    dana, dana_errors = on_phone(new_page, "dana@example.org")
    dana.goto(base)
    dana.get_by_role("link", name="How was this session for you?").first.click()
    expect(dana).to_have_url(re.compile(rf"/sessions/{third.pk}/$"))
    dana.get_by_role("group", name="The way we worked suited me").get_by_label("3", exact=True).check()
    dana.get_by_role("group", name="I felt heard and respected").get_by_label("7", exact=True).check()
    dana.get_by_label("What could be better?").fill("More time to think before we move on to the next thing.")
    dana.get_by_role("button", name="Send my feedback").click()
    fits(dana)
    screenshot(dana, "relationship-feedback-sent")
    feedback = Feedback.objects.get()
    assert feedback.better.startswith("More time to think")
    assert Flag.objects.filter(engagement=world.engagement, kind="alliance").exists()

    # Her facilitator finds it under "Needs me" and acknowledges it with a reply.
    alice, alice_errors = on_phone(new_page, "alice@example.org")
    alice.goto("/caseload/")
    alice.get_by_role("link", name=re.compile(r"^Needs me \(\d+\)")).click()
    alice.get_by_label(re.compile("^Needs me: .* for Dana")).click()
    screenshot(alice, "relationship-needs-me")
    alice.get_by_role("link", name=re.compile("acknowledge feedback", re.I)).first.click()
    alice.get_by_label("Reply (if you like)").fill("Thank you. Let's slow down; tell me when you need a pause.")
    alice.get_by_role("button", name="Acknowledge").click()
    assert Acknowledgement.objects.get(feedback=feedback).by == world.alice
    alice.goto("/caseload/?needs=me")
    expect(alice.get_by_role("link", name=re.compile("acknowledge feedback", re.I))).to_have_count(0)
    dana.goto(base + "feedback/")
    expect(dana.locator("body")).to_contain_text("Read by Alice")
    expect(dana.locator("body")).to_contain_text("Let's slow down")
    screenshot(dana, "relationship-feedback-read")

    # The fit review the third session opened: both answer, and they agree to adjust the way of working.
    assert FitReview.objects.filter(engagement=world.engagement).exists()
    dana.goto(base)
    dana.get_by_role("link", name="Is this a good fit?").first.click()
    dana.get_by_label("What is working?").fill("I feel safe with both of you.")
    dana.get_by_label("What is not working, or missing?").fill("The pace.")
    dana.get_by_role("button", name="Save my answers").click()
    alice.goto(base)
    alice.get_by_role("link", name="Is this a good fit?").first.click()
    alice.get_by_label("What is working?").fill("Dana brings what matters to her.")
    alice.get_by_role("button", name="Save my answers").click()
    alice.get_by_label("Adjust the way we work").check()
    alice.get_by_role("button", name="Propose this outcome").click()
    dana.reload()
    dana.get_by_role("button", name="Agree: Adjust the way we work").click()
    dana.get_by_role("link", name="Propose a change to the modality plan").click()
    expect(dana).to_have_url(re.compile(r"/agreements/modality/"))
    screenshot(dana, "relationship-adjust")

    # After the next session she names a rupture; it is repaired, in her words.
    _held(world, 1)
    dana.goto(base)
    dana.get_by_role("link", name="Something not right between us?").first.click()
    dana.get_by_label("What has not felt right, in your own words").fill(
        "When I cried you looked at the clock. It felt like I was taking too long.")
    dana.get_by_role("button", name="Name it").click()
    rupture = Rupture.objects.get()
    alice.goto(base)
    alice.get_by_role("link", name="Ruptures and repair").first.click()
    alice.get_by_text("Record something done towards repair").first.click()
    alice.get_by_label("What was done or said towards repair").fill(
        "I said I was sorry; the clock was habit, not impatience. We agreed I would put it away.")
    alice.get_by_role("button", name="Record the repair").click()
    dana.reload()
    dana.get_by_label("It feels repaired").check()
    dana.get_by_role("button", name="Tell my care team").click()
    expect(dana.locator(f"#rupture-{rupture.pk}")).to_contain_text("Feels repaired")
    fits(dana)
    screenshot(dana, "relationship-repaired")

    # Later she ends the work, with her reasons, and still reads her record.
    dana.goto(base)
    dana.get_by_role("link", name=re.compile("End")).first.click()
    dana.get_by_label("Why, if you want to say").fill("I have what I came for, for now.")
    dana.get_by_role("button", name="End our work together").click()
    dana.get_by_role("button", name="Yes, end our work together").click()
    assert Engagement.objects.get(pk=world.engagement.pk).phase == Phase.CLOSED
    assert Ending.objects.get().reasons == "I have what I came for, for now."
    dana.get_by_role("link", name="Read my record").click()
    expect(dana).to_have_url(re.compile(rf"/engagements/{world.engagement.pk}/$"))
    expect(dana.get_by_role("heading", level=1)).to_be_visible()
    expect(dana.locator("body")).to_contain_text("Closed")
    fits(dana)
    screenshot(dana, "relationship-ended")
    dana.goto(base + "feedback/")
    expect(dana.locator("body")).to_contain_text("More time to think")
    assert dana_errors == [] and alice_errors == []
