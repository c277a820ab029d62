"""What waits, in a real browser at phone width: the client's "Waiting for you" on My care, and the "Needs me"
count on the facilitator's caseload that leads to the proposal and clears once she decides."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from cocreate.measures import services as measures
from tests.browser.phone import on_phone
from tests.browser.test_journey import screenshot
from tests.conftest import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_what_waits_reaches_each_side_and_clears_when_done(new_page: Callable[[], Page], live_server: Any) -> None:
    world: World = build_world()
    team = engagement_access(world.alice, world.engagement)
    measures.assignment_create(actor=world.alice, access=team, instrument="gad7", schedule="once")
    starts = (timezone.localtime() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    care.session_schedule(actor=world.alice, access=team, kind=SessionKind.MEDICINE, starts_at=starts,
                          duration_minutes=480, location="Room 2")

    # The client's My care opens with what waits for her.
    dana, dana_errors = on_phone(new_page, "dana@example.org")
    expect(dana).to_have_url(re.compile(r"/my/$"))
    waiting = dana.get_by_role("region", name="Waiting for you")
    expect(waiting.get_by_role("link", name=re.compile("^Questionnaire to fill in: Generalized Anxiety"))
           ).to_be_visible()
    expect(waiting.get_by_role("link", name="Your medicine session")).to_be_visible()
    expect(waiting).to_contain_text(starts.strftime("%a %-d %b, 09:00"))
    screenshot(dana, "my-care-waiting-phone")

    # She proposes an intention in her own words.
    dana.goto(f"/engagements/{world.engagement.pk}/agreements/intentions/propose/")
    dana.get_by_role("group", name="Goals 1").get_by_label("The goal, in your words").fill(
        "To sleep through the night again")
    dana.get_by_role("button", name="Propose").click()
    expect(dana.get_by_role("status")).to_contain_text("Proposed.")

    # The facilitator's caseload shows that Dana needs her, and the item leads to the proposal.
    alice, alice_errors = on_phone(new_page, "alice@example.org")
    expect(alice).to_have_url(re.compile(r"/caseload/$"))
    expect(alice.get_by_role("link", name="Needs me (1)")).to_be_visible()
    row = alice.get_by_role("row").filter(has_text="Dana")
    needs = row.get_by_label("Needs me: 1 item for Dana")
    expect(needs).to_have_text("1")
    screenshot(alice, "caseload-needs-me-phone")
    needs.click()
    screenshot(alice, "caseload-needs-me-open-phone")
    row.get_by_role("link", name="Decide on a proposed change to Intentions and goals").click()
    expect(alice).to_have_url(re.compile(r"/agreements/intentions/#revision-1$"))
    proposal = alice.get_by_role("article").filter(has_text="Revision 1, proposed by Dana")
    expect(proposal).to_contain_text("To sleep through the night again")
    proposal.get_by_role("button", name="Accept revision 1").click()
    expect(alice.get_by_role("status")).to_contain_text("once everyone who must agree has accepted")

    # Once she has decided, nothing waits for her on Dana's row.
    alice.goto("/caseload/")
    expect(alice.get_by_text("Needs me (0)")).to_be_visible()
    expect(alice.get_by_role("row").filter(has_text="Dana").get_by_role("cell").nth(1)).to_have_text("0")
    alice.get_by_role("link", name="Needs me (0)").click()
    expect(alice.get_by_text("Nothing is waiting for you on your caseload.")).to_be_visible()
    screenshot(alice, "caseload-needs-me-empty-phone")
    assert not (dana_errors + alice_errors)
