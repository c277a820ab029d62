"""What a walk-through found, tried again in a real browser at phone width: help is one tap away, a follow-up
form says who reads it, a client declines without a reason, and the caseload and access log fit a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.agreements import services as agreements
from cocreate.measures import services as measures
from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot
from tests.conftest import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOUCH = {"hand_holding": "yes", "hand_on_shoulder": "yes", "hug": "yes", "hands_on_feet": "no",
         "bodywork": "no", "stop_signal": "I raise my hand", "notes": ""}




def test_help_consent_and_follow_up_on_a_phone(new_page: Callable[[], Page], live_server: Any) -> None:
    world: World = build_world()
    measures.crisis_resources_set(actor=world.alice, practice=world.practice,
                                  text="Juniper after hours: 0100 000 000")
    team = engagement_access(world.alice, world.engagement)
    offered = agreements.revision_propose(actor=world.alice, access=team, kind="touch_consent", content=TOUCH,
                                          based_on=None)
    [administration] = measures.assignment_create(actor=world.alice, access=team, instrument="phq9",
                                                  schedule="once").administrations.all()

    # 4. Help is one tap away, on every client page, with a number to call.
    dana, dana_errors = on_phone(new_page, "dana@example.org")
    dana.get_by_role("link", name="Get help now").click()
    expect(dana.get_by_role("heading", name="Get help now")).to_be_visible()
    expect(dana.get_by_role("link", name="0100 000 000")).to_have_attribute("href", "tel:0100000000")
    screenshot(dana, "get-help-phone")

    # 6. The client declines a proposal to hug her without writing why.
    dana.goto(f"/engagements/{world.engagement.pk}/agreements/touch_consent/")
    expect(dana.get_by_text("Your care team will read it. You never have to explain a no.")).to_be_visible()
    dana.get_by_role("button", name=f"Decline change {offered.number}").click()
    expect(dana.get_by_role("status")).to_contain_text("Declined.")
    fits(dana)

    # A risk answer, then the facilitator's follow-up form says who reads which part.
    dana.goto(f"/measures/{administration.pk}/")
    for number in range(1, 10):
        answer = "Several days" if number == 9 else "Not at all"
        dana.get_by_role("group", name=re.compile(rf"^{number}\.")).get_by_label(answer, exact=True).check()
    expect(dana.get_by_text("9 of 9 answered")).to_be_visible()  # every answer saved before sending
    dana.get_by_role("button", name="Send my answers").click()
    expect(dana.get_by_role("alert")).to_contain_text("0100 000 000")

    alice, alice_errors = on_phone(new_page, "alice@example.org")
    # 9. The caseload fits the phone and keeps the flag and "Needs me" in view.
    expect(alice.get_by_role("link", name="Risk answer")).to_be_visible()
    expect(alice.get_by_label(re.compile("^Needs me: "))).to_be_visible()
    fits(alice)
    screenshot(alice, "caseload-flags-phone")
    alice.get_by_role("link", name="Risk answer").click()
    # 5. Two fields: what was done (Dana reads it) and a private note (only Alice).
    expect(alice.get_by_text("Dana will read this, word for word.")).to_be_visible()
    expect(alice.get_by_text("Only you will read this: not Dana, not your co-facilitator")).to_be_visible()
    alice.get_by_label("What was done").fill("Called Dana the same hour; she is safe and has her plan.")
    alice.get_by_label("Private note (optional)").fill("Sounded flat; check in on Friday.")
    alice.get_by_role("button", name="Record follow-up and clear").click()
    expect(alice.get_by_role("status")).to_contain_text("Follow-up recorded.")
    screenshot(alice, "follow-up-phone")

    dana.goto(f"/engagements/{world.engagement.pk}/measures/")
    expect(dana.get_by_text("Called Dana the same hour; she is safe and has her plan.")).to_be_visible()
    expect(dana.get_by_text("Sounded flat")).to_have_count(0)

    # 9. The access log fits the phone and says why each look was taken.
    dana.goto(f"/engagements/{world.engagement.pk}/who-has-seen/")
    expect(dana.get_by_role("cell", name=re.compile("Care team")).first).to_be_visible()
    fits(dana)
    screenshot(dana, "access-log-phone")
    assert not (dana_errors + alice_errors)
