"""Co-creation in a real browser: an intention proposed by the client, amended by a facilitator and agreed by
everyone; touch consent withdrawn by the client and seen on the facilitator's open page without a reload."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.agreements import services
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOUCH = {"hand_holding": "yes", "hand_on_shoulder": "yes", "hug": "ask_first", "hands_on_feet": "no",
         "bodywork": "no", "stop_signal": "I raise my hand", "notes": ""}


def person(new_page: Callable[[], Page], email: str) -> tuple[Page, list[str]]:
    page = new_page()
    errors = watch_console(page)
    sign_in(page, email=email, password=PASSWORD)
    return page, errors


def test_intention_agreed_together_and_touch_withdrawn_at_once(new_page: Callable[[], Page],
                                                                live_server: Any) -> None:
    world: World = build_world()
    intentions = f"/engagements/{world.engagement.pk}/agreements/intentions/"

    # The client proposes an intention in her own words.
    dana, dana_errors = person(new_page, "dana@example.org")
    dana.goto(f"/engagements/{world.engagement.pk}/")
    agreements = dana.get_by_role("region", name="Agreements")
    agreements.get_by_role("link", name="Intentions and goals").click()
    expect(dana.get_by_role("heading", name="Intentions and goals", level=1)).to_be_visible()
    expect(dana.get_by_text("Nothing is agreed yet.")).to_be_visible()
    dana.get_by_role("link", name="Propose a change").click()
    dana.get_by_role("group", name="Goals 1").get_by_label("The goal, in your words").fill(
        "To feel safe in my own body again")
    dana.get_by_role("group", name="Goals 1").get_by_label("Why it matters").fill("I have felt numb for years")
    dana.get_by_role("button", name="Propose").click()
    expect(dana).to_have_url(re.compile(re.escape(intentions) + "$"))
    expect(dana.get_by_role("status")).to_contain_text("Proposed.")
    expect(dana.get_by_role("heading", name="Change 1, proposed by you")).to_be_visible()

    # A facilitator amends it: the form starts from the client's words.
    alice, alice_errors = person(new_page, "alice@example.org")
    alice.goto(intentions)
    expect(alice.get_by_role("heading", name="Revision 1, proposed by Dana (Client)")).to_be_visible()
    alice.get_by_role("link", name="Propose a change").click()
    goal = alice.get_by_role("group", name="Goals 1")
    expect(goal.get_by_label("The goal, in the client's words")).to_have_value("To feel safe in my own body again")
    goal.get_by_label("How we will both notice progress").fill("Dana notices moments of ease and names them")
    alice.get_by_label("Why this change").fill("Adding how we will notice progress")
    alice.get_by_role("button", name="Propose").click()
    expect(alice.get_by_role("heading", name="Revision 2, proposed by Alice (Care team)")).to_be_visible()

    # The client accepts the amendment; it waits for the co-facilitator.
    dana.goto(intentions)
    amendment = dana.get_by_role("article").filter(has_text="Change 2, proposed by Alice (your care team)")
    expect(amendment.get_by_role("row", name=re.compile("How we will both notice progress"))).to_contain_text(
        "Dana notices moments of ease and names them")
    amendment.get_by_label("Comment").fill("Yes, that is how I will know")
    amendment.get_by_role("button", name="Accept change 2").click()
    expect(dana.get_by_role("status")).to_contain_text("once everyone who must agree has accepted")
    expect(dana.get_by_role("article").filter(has_text="Change 2")).to_contain_text("Waiting for: Bea")

    # The co-facilitator accepts: now it is in force.
    bea, bea_errors = person(new_page, "bea@example.org")
    bea.goto(intentions)
    bea.get_by_role("button", name="Accept revision 2").click()
    expect(bea.get_by_role("status")).to_contain_text("Everyone has agreed: revision 2 is in force.")

    # Both sides see the agreed version, its history and its authors; the client in plain words.
    for page, region, line, word, replaced in (
            (dana, "What we have agreed", "version 2, written by Alice", "Version", "replaced by a newer version (2)"),
            (alice, "In force now", "Revision 2, by Alice", "Revision", "superseded by revision 2")):
        page.goto(intentions)
        in_force = page.get_by_role("region", name=region)
        expect(in_force).to_contain_text("To feel safe in my own body again")
        expect(in_force).to_contain_text("Dana notices moments of ease and names them")
        expect(in_force).to_contain_text(line)
        expect(page.get_by_text("No proposal is waiting.")).to_be_visible()
        page.get_by_role("link", name=re.compile("^History of every")).click()
        second = page.get_by_role("article", name=re.compile(f"^{word} 2 "))
        expect(second).to_contain_text("Agreed")
        expect(second).to_contain_text("by Alice (Care team)")
        expect(second).to_contain_text("Yes, that is how I will know")
        expect(second).to_contain_text("Bea (Care team) accepted")
        first = page.get_by_role("article", name=re.compile(f"^{word} 1 "))
        expect(first).to_contain_text("by Dana (Client)")
        expect(first).to_contain_text(replaced)
    dana.goto(f"/engagements/{world.engagement.pk}/agreements/")
    expect(dana.get_by_role("region", name="Co-authorship")).to_contain_text("Proposals: 1 by you, 1 by your care team")
    screenshot(dana, "agreements-overview")

    # Touch consent agreed by all three; the facilitator has the page open.
    revision = services.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                         kind="touch_consent", content=TOUCH, based_on=None)
    for user in (world.alice, world.bea):
        services.revision_accept(actor=user, access=engagement_access(user, world.engagement), revision=revision)
    touch = f"/engagements/{world.engagement.pk}/agreements/touch_consent/"
    alice.goto(touch)
    shoulder = alice.locator('tr[data-item="hand_on_shoulder"]')
    expect(shoulder).to_contain_text("Yes")
    alice_engagement, _errors = person(new_page, "alice@example.org")
    alice_engagement.goto(f"/engagements/{world.engagement.pk}/")
    expect(alice_engagement.locator('#touch-summary li[data-item="hand_on_shoulder"]')).to_contain_text("Yes")

    # The client withdraws "hand on shoulder": in force at once, nobody accepts anything.
    dana.goto(touch)
    dana.get_by_role("button", name="Hand on shoulder: change to No").click()
    expect(dana.get_by_role("status")).to_contain_text("in force now")
    expect(dana.locator('tr[data-item="hand_on_shoulder"]')).to_contain_text("No")

    # The facilitator's open pages show it without a reload.
    expect(shoulder).to_contain_text("No", timeout=12_000)
    expect(alice.get_by_role("region", name="In force now")).to_contain_text(
        "Consent was narrowed: in force at once, without anyone's acceptance.")
    expect(alice_engagement.locator('#touch-summary li[data-item="hand_on_shoulder"]')).to_contain_text(
        "No", timeout=12_000)
    screenshot(alice, "touch-consent-after-withdrawal")
    assert not (dana_errors + alice_errors + bea_errors)
