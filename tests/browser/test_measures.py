"""Measures in a real browser: a facilitator assigns PHQ-9 weekly; the client answers item 9 above 'not at all'
and sees crisis resources on the next screen; the alert is on the facilitator's caseload until she records the
follow-up; the chart shows the score in its band."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Answers to items 1-9 (values 0-3); item 9 is 1, "Several days": a risk answer. Total 14: Moderate.
ANSWERS = [2, 2, 2, 2, 1, 2, 1, 1, 1]
LABELS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


def person(new_page: Callable[[], Page], email: str) -> tuple[Page, list[str]]:
    page = new_page()
    errors = watch_console(page)
    sign_in(page, email=email, password=PASSWORD)
    return page, errors


def question(page: Page, number: int) -> Any:
    """The radio group of question `number`: a fieldset named by its legend, "3. Trouble falling asleep..."."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. "))


def test_phq9_risk_answer_to_crisis_resources_caseload_alert_and_follow_up(new_page: Callable[[], Page],
                                                                            live_server: Any) -> None:
    world = build_world()
    measures = f"/engagements/{world.engagement.pk}/measures/"

    # The facilitator assigns PHQ-9 every 7 days.
    alice, alice_errors = person(new_page, "alice@example.org")
    alice.goto(f"/engagements/{world.engagement.pk}/")
    alice.get_by_role("link", name="Measures", exact=True).click()
    expect(alice.get_by_role("heading", name="Measures", level=1)).to_be_visible()
    assign = alice.get_by_role("region", name="Assigned questionnaires")
    assign.get_by_label("Questionnaire").select_option(label="Patient Health Questionnaire (PHQ-9)")
    assign.get_by_label("When").select_option(label="Every N days")
    assign.get_by_label("Every how many days").fill("7")
    assign.get_by_role("button", name="Assign").click()
    expect(alice.get_by_role("status")).to_contain_text("Assigned.")
    expect(alice.get_by_role("region", name="Assigned questionnaires")).to_contain_text(
        "Patient Health Questionnaire (PHQ-9) · Every N days (every 7 days)")

    # The client finds it on "My care" and answers with the keyboard-friendly radio groups.
    dana, dana_errors = person(new_page, "dana@example.org")
    dana.goto("/my/")
    dana.get_by_role("region", name="Waiting for you").get_by_role(
        "link", name="Questionnaire to fill in: Patient Health Questionnaire (PHQ-9)").click()
    expect(dana.get_by_role("heading", name="Patient Health Questionnaire (PHQ-9)")).to_be_visible()
    expect(dana.get_by_text("0 of 9 answered")).to_be_visible()
    for number, value in enumerate(ANSWERS[:4], start=1):
        question(dana, number).get_by_label(LABELS[value], exact=True).check()
    expect(dana.get_by_text("4 of 9 answered")).to_be_visible()  # saved as she goes

    # She leaves and comes back: her answers are still there.
    dana.goto("/my/")
    dana.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").first.click()
    expect(dana.get_by_text("4 of 9 answered")).to_be_visible()
    for number, value in enumerate(ANSWERS, start=1):
        question(dana, number).get_by_label(LABELS[value], exact=True).check()
    expect(dana.get_by_text("9 of 9 answered")).to_be_visible()
    dana.get_by_role("button", name="Send my answers").click()

    # The next screen shows crisis resources at once.
    expect(dana.get_by_role("heading", name="Your answers were received")).to_be_visible()
    crisis = dana.get_by_role("alert")
    expect(crisis).to_contain_text("If you are in danger, or thinking about harming yourself")
    expect(crisis).to_contain_text("Your care team has been told")
    expect(dana.get_by_text("Your PHQ-9 score: 14")).to_be_visible()
    screenshot(dana, "measures-crisis")

    # The facilitator's caseload shows the alert; it links to the detail.
    alice.goto("/caseload/")
    row = alice.get_by_role("row", name=re.compile("Dana"))
    alert = row.get_by_role("link", name="Risk answer")
    expect(alert).to_be_visible()
    alert.click()
    flag = alice.locator("article.flag-risk")
    expect(flag).to_contain_text("PHQ-9 item 9")

    # Recording the follow-up needs words; then the alert clears from the caseload.
    flag.get_by_role("button", name="Record follow-up and clear").click()
    expect(alice.locator("article.flag-risk").get_by_text("Fill in this field", exact=False)
           .or_(alice.locator("article.flag-risk .errors"))).to_be_visible()
    alice.locator("article.flag-risk").get_by_label("What was done").fill(
        "Called Dana the same afternoon; she is safe, safety plan reviewed together.")
    alice.locator("article.flag-risk").get_by_role("button", name="Record follow-up and clear").click()
    expect(alice.get_by_role("status")).to_contain_text("Follow-up recorded.")
    expect(alice.get_by_text("No open flags.")).to_be_visible()
    alice.goto("/caseload/")
    expect(alice.get_by_role("row", name=re.compile("Dana")).get_by_role("link", name="Risk answer")).to_have_count(0)

    # The chart shows the score in its band, and the table says which band.
    alice.goto(measures)
    series = alice.get_by_role("region", name="Patient Health Questionnaire (PHQ-9)")
    expect(series).to_contain_text("Latest")
    expect(series.get_by_role("row", name=re.compile("14 Moderate"))).to_be_visible()
    chart = series.get_by_role("img")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(alice, "measures-engagement")
    # The one refused form (the empty follow-up) is answered 400 on purpose; anything else is a page error.
    expected = "status of 400 (Bad Request)"
    assert not [e for e in alice_errors + dana_errors if not (expected in e and "/resolve/" in e)]
