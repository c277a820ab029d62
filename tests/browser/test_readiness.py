"""Screening, the readiness gate and "not yet" in a real browser, under Oregon's rules: a flag with its source,
a clinician's decision the client reads in plain words, the medicine phase refused until everything holds, and a
medicine session the client then postpones without giving a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.care import services as care_services
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.protocols import services as protocol_services
from tests.agreements.helpers import agree, touch, transport
from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAFETY = {"warning_signs": "Not sleeping", "what_helps": "A walk", "contacts": [], "crisis_lines": "",
          "support_person_after": "My sister"}
LITHIUM = "Have you taken lithium in the last 30 days?"


def answer_screening(page: Page, *, lithium: str) -> None:
    for group in page.get_by_role("group").all():
        name = group.locator("legend").inner_text()
        group.get_by_label("Yes" if name.startswith(LITHIUM) and lithium == "yes" else "No", exact=True).check()
    page.get_by_role("button", name="Save the answers").click()


def test_oregon_screening_gate_and_postponing(new_page: Callable[[], Page], live_server: Any) -> None:
    world: World = build_world()
    e = world.engagement
    protocol_services.engagement_pack_change(actor=world.alice, access=engagement_access(world.alice, e),
                                             pack="oregon_psilocybin", reason="Dana chose psilocybin services")
    care_services.phase_transition(actor=world.alice, access=engagement_access(world.alice, e),
                                   to_phase="screening", reason="Consultation done")
    page_url = f"/engagements/{e.pk}/"

    # The client answers the client information form on her phone: lithium in the last 30 days, yes.
    dana, dana_errors = on_phone(new_page, "dana@example.org")
    dana.goto(page_url)
    panel = dana.get_by_role("region", name="Before the medicine session")
    expect(panel).to_contain_text("Oregon psilocybin services")
    panel.get_by_role("link", name="Screening", exact=True).click()
    expect(dana.get_by_role("heading", name="Health and safety questions")).to_be_visible()
    answer_screening(dana, lithium="yes")
    expect(dana.get_by_role("status")).to_contain_text("Answers saved")
    flag = dana.locator("li.flag.not_eligible")
    expect(flag).to_contain_text("Not eligible under this protocol")
    expect(flag).to_contain_text("within 30 days of taking lithium")
    expect(flag).to_contain_text("OAR 333-333-5050")
    fits(dana)
    screenshot(dana, "readiness-1-client-flag")

    # The clinician sees the flag with its source and decides: not eligible now, with a reason for the client.
    alice = new_page()
    alice_errors = watch_console(alice)
    sign_in(alice, email="alice@example.org", password=PASSWORD)
    alice.goto(f"/engagements/{e.pk}/screening/")
    expect(alice.locator("li.flag.not_eligible")).to_contain_text("OAR 333-333-5050")
    alice.get_by_role("group", name="Decision").get_by_label("Not eligible now").check()
    alice.get_by_label("Why, in words the client will read").fill(
        "Oregon's rules ask for 30 days without lithium before a psilocybin session. We can look again then.")
    alice.get_by_role("button", name="Record the decision").click()
    expect(alice.get_by_role("status")).to_contain_text("Decision recorded")

    # The client reads the decision and the reason in plain words.
    dana.reload()
    expect(dana.locator("p.decision")).to_contain_text("Not eligible now")
    expect(dana.get_by_text("Oregon's rules ask for 30 days without lithium")).to_be_visible()
    screenshot(dana, "readiness-2-client-decision")

    # The medicine phase is refused, naming what is missing and its source.
    alice.goto(page_url)
    alice.get_by_label("Move to phase").select_option("preparation")
    alice.get_by_role("button", name="Change phase").click()
    alice.get_by_label("Move to phase").select_option("medicine")
    alice.get_by_role("button", name="Change phase").click()
    errors = alice.locator(".errors, .form-errors").first
    expect(errors).to_contain_text("Not yet: the medicine phase needs every requirement")
    expect(errors).to_contain_text("Client information form answered, and screening decided: eligible")
    expect(errors).to_contain_text("OAR 333-333-5050")
    screenshot(alice, "readiness-3-phase-refused")

    # Thirty days on, the client corrects her answer; the clinician clears her.
    dana.goto(f"/engagements/{e.pk}/screening/")
    dana.get_by_role("link", name="Change an answer").click()
    answer_screening(dana, lithium="no")
    expect(dana.get_by_text("No answer raised a flag.")).to_be_visible()
    alice.goto(f"/engagements/{e.pk}/screening/")
    alice.get_by_role("group", name="Decision").get_by_label("Eligible", exact=True).check()
    alice.get_by_label("Why, in words the client will read").fill("Nothing in your answers stands in the way now.")
    alice.get_by_role("button", name="Record the decision").click()
    expect(alice.get_by_role("status")).to_contain_text("Decision recorded")

    # The rest of the checklist: the client acknowledges the three forms herself ...
    dana.goto(f"/engagements/{e.pk}/forms/")
    for _ in range(3):
        dana.get_by_role("button", name="I have read this and acknowledge it").first.click()
        expect(dana.get_by_role("status")).to_contain_text("Saved")
    expect(dana.get_by_role("button", name="I have read this and acknowledge it")).to_have_count(0)
    # ... the plans are agreed and a preparation session held (the other tests cover doing these by hand) ...
    agree(world, "safety", SAFETY)
    agree(world, "transport", transport())
    agree(world, "touch_consent", touch(hug="yes", hand_holding="ask_first"))
    prep = Session.objects.create(engagement=e, kind=SessionKind.PREPARATION, duration_minutes=90,
                                  starts_at=timezone.now() - timedelta(days=2), created_by=world.alice)
    care_services.session_complete(actor=world.alice, access=engagement_access(world.alice, e), session=prep)
    # ... and the client checks in: ready.
    dana.goto(page_url)
    dana.get_by_role("link", name="Check in: how ready do you feel?").click()
    dana.get_by_role("group", name="How ready do you feel?").get_by_label("I feel ready").check()
    dana.get_by_role("button", name="Send my check-in").click()
    expect(dana.get_by_role("status")).to_contain_text("Your care team can see your check-in")
    fits(dana)

    # Now the phase opens, and a medicine session can be scheduled, but only as long as Oregon asks for the dose.
    alice.goto(page_url)
    expect(alice.get_by_role("region", name="Before the medicine session")).to_contain_text(
        "everything needed is in place")
    alice.get_by_label("Move to phase").select_option("medicine")
    alice.get_by_role("button", name="Change phase").click()
    expect(alice.get_by_role("status")).to_contain_text("Phase changed to Medicine")
    alice.get_by_role("link", name="Schedule a session").click()
    alice.get_by_label("Kind of session").select_option("medicine")
    start = (timezone.localtime() + timedelta(days=5)).replace(hour=9, minute=0)
    alice.get_by_label("Starts at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    alice.get_by_label("Duration (minutes)").fill("30")
    alice.get_by_label("Planned dose in mg (medicine sessions)").fill("25")
    alice.get_by_role("button", name="Save").click()
    expect(alice.locator(".errors, .form-errors").first).to_contain_text("25 mg needs a session of at least 5 h")
    expect(alice.locator(".errors, .form-errors").first).to_contain_text("OAR 333-333-5250")
    alice.get_by_label("Duration (minutes)").fill("300")
    alice.get_by_role("button", name="Save").click()
    expect(alice.get_by_role("status")).to_contain_text("scheduled")
    medicine = Session.objects.get(engagement=e, kind=SessionKind.MEDICINE)
    assert (medicine.duration_minutes, medicine.planned_dose_mg) == (300, 25)

    # The client postpones it: one press, no reason asked.
    dana.goto(page_url)
    sessions = dana.get_by_role("region", name="Sessions")
    row = sessions.get_by_role("listitem").filter(has_text="Medicine session")
    row.get_by_text("Postpone…").click()
    expect(row).to_contain_text("You do not need to give a reason")
    row.get_by_role("button", name="Postpone this session").click()
    expect(dana.get_by_role("status")).to_contain_text("Postponed")
    expect(dana.get_by_role("region", name="Sessions")).to_contain_text("postponed by you")
    fits(dana)
    screenshot(dana, "readiness-4-client-postponed")
    medicine.refresh_from_db()
    assert medicine.status == SessionStatus.POSTPONED and medicine.cancel_reason == ""
    alice.goto(page_url)
    expect(alice.get_by_role("region", name="Sessions")).to_contain_text("postponed by the client")
    # The two refusals above answer 400, which the browser logs; nothing else may have gone wrong.
    refused = [e for e in alice_errors if "status of 400" in e]
    assert len(refused) == 2 and dana_errors == [] and alice_errors == refused
