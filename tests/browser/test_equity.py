"""Access to care in a real browser, on a phone, with the demo practice: a person opens Harbor's public page, says
Portuguese and IFS matter to them, sees Ana first with the reasons, and asks for a consultation without an account;
Ana accepts it and the person receives an invitation; as a client they propose the middle tier of the sliding scale
and Ana accepts; Ana records the payment of their first session, and its receipt shows the agreed fee."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice, User
from cocreate.care import services as care
from cocreate.care.models import Engagement, SessionKind
from cocreate.demo.practice import HARBOR, load_demo
from cocreate.equity.models import ConsultationRequest, FeeTier, RequestState
from tests.browser.phone import PHONE, fits
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "cocreate-demo"


def _phone(new_page: Callable[[], Page]) -> tuple[Page, list[str]]:
    page = new_page()
    page.set_viewport_size(PHONE)
    return page, watch_console(page)


def test_found_through_the_public_page_invited_and_a_tier_agreed(new_page: Callable[[], Page],
                                                                  live_server: Any) -> None:
    load_demo()
    harbor = Practice.objects.get(name=HARBOR)
    ana_user = User.objects.get(email="ana@harbor.example.org")

    # Someone without an account opens Harbor's page and says what matters to them.
    person, person_errors = _phone(new_page)
    person.goto("/p/harbor/")
    expect(person.get_by_role("heading", level=1)).to_have_text(harbor.name)
    matters = person.get_by_role("region", name="What matters to you?")
    matters.get_by_label("Portuguese").check()
    matters.get_by_label("IFS").check()
    matters.get_by_role("button", name="Show the list in this order").click()
    listed = person.get_by_role("region", name="Our facilitators").get_by_role("article")
    expect(listed).to_have_count(3)
    expect(listed.first.get_by_role("heading", level=3).first).to_have_text("Ana Costa")
    expect(listed.first).to_contain_text("Fits: speaks Portuguese; offers IFS")
    expect(listed.nth(1)).to_contain_text("Does not fit:")  # nobody is hidden; each says what does not fit
    fits(person)
    screenshot(person, "equity-public-matched")

    # They ask for a consultation with Ana: no account, only what they choose to give.
    listed.first.get_by_role("link", name="Ask for a consultation with Ana Costa").click()
    expect(person.get_by_role("heading", name="Ask for a consultation")).to_be_visible()
    expect(person.get_by_label("Facilitator you would like to meet (optional)")).to_have_value(str(ana_user.pk))
    person.get_by_label("Your name (optional)").fill("Marta Souza")
    person.get_by_label("Your email").fill("marta@example.org")
    person.get_by_label("Anything you would like to say (optional)").fill(
        "I would like to work on grief, in Portuguese if possible.")
    fits(person)
    screenshot(person, "equity-public-request")
    person.get_by_role("button", name="Send request").click()
    expect(person.get_by_role("heading", name="Thank you: your request is sent")).to_be_visible()
    request = ConsultationRequest.objects.get(email="marta@example.org")
    assert request.facilitator_id == ana_user.pk
    assert "Portuguese" in request.preferences.get("languages", [])

    # Ana finds it among the practice's consultation requests and accepts it.
    ana, ana_errors = _phone(new_page)
    sign_in(ana, email="ana@harbor.example.org", password=DEMO_PASSWORD)
    ana.goto(f"/practices/{harbor.pk}/")
    ana.get_by_role("link", name=re.compile("^Consultation requests")).click()
    waiting = ana.get_by_role("region", name="Waiting for a reply")
    waiting.get_by_role("link", name=re.compile("Marta Souza")).click()
    expect(ana.get_by_role("heading", name="Request from Marta Souza")).to_be_visible()
    expect(ana.get_by_role("region", name="What they gave")).to_contain_text("grief, in Portuguese")
    accept = ana.get_by_role("region", name="Accept")
    accept.get_by_label("The work to open when they accept").select_option(label="Psychotherapy")
    mail.outbox.clear()
    accept.get_by_role("button", name="Accept and send the invitation").click()
    expect(ana.get_by_role("status").first).to_be_visible()
    fits(ana)
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED

    # The person receives the invitation, joins, and finds their engagement with Ana already opened.
    invitation = next(m for m in mail.outbox if m.to == ["marta@example.org"])
    url = re.search(r"https?://\S+/invite/\S+", invitation.body)
    assert url is not None
    person.goto(url.group(0))
    expect(person.get_by_label("Your name")).to_have_value("Marta Souza")
    person.get_by_label("Choose a password").fill(PASSWORD)
    person.get_by_role("button", name="Join the practice").click()
    expect(person).to_have_url(re.compile(r"/my/$"))
    engagement = Engagement.objects.get(client__email="marta@example.org")
    assert list(engagement.care_team.values_list("facilitator_id", flat=True)) == [ana_user.pk]

    # As a client they choose the middle tier themselves, with no documents asked for.
    person.goto(f"/engagements/{engagement.pk}/")
    your_fees = person.get_by_role("region", name="Your fees")
    expect(your_fees).to_contain_text("No fee is agreed yet. You choose your own tier")
    your_fees.get_by_role("link", name="Your fee agreement").click()
    person.get_by_role("link", name="Propose a change").click()
    expect(person.get_by_text("Your fee tier from the practice's sliding scale. You choose your own")).to_be_visible()
    assert "the client" not in person.locator("main").inner_text().lower()
    middle = FeeTier.objects.get(practice=harbor, name="Middle")
    person.get_by_label("Fee tier").select_option(str(middle.pk))
    fits(person)
    screenshot(person, "equity-fee-proposed")
    person.get_by_role("button", name="Propose").click()
    expect(person.get_by_role("status")).to_contain_text("Proposed.")

    # Ana accepts it: one facilitator's acceptance is enough for a fee.
    ana.goto(f"/engagements/{engagement.pk}/agreements/fee/")
    ana.get_by_role("button", name="Accept revision 1").click()
    expect(ana.get_by_text("Middle").first).to_be_visible()

    # Their first consultation is held; Ana records what was paid.
    session = care.session_schedule(
        actor=ana_user, access=engagement_access(ana_user, engagement), kind=SessionKind.CONSULTATION,
        starts_at=timezone.now() + timedelta(days=1), duration_minutes=50, location="Harbor Light, Pier Road 3")
    ana.goto(f"/engagements/{engagement.pk}/fees/")
    row = ana.locator(f"#session-{session.pk}")
    expect(row).to_contain_text("$60.00 (Middle) from the tier in force")
    row.get_by_text("Record a payment").click()
    row.get_by_label("Amount paid").fill("60")
    row.get_by_label("How (optional)").fill("bank transfer")
    row.get_by_role("button", name="Record the payment").click()
    row = ana.locator(f"#session-{session.pk}")
    expect(row).to_contain_text("Still to pay$0.00")
    expect(row).not_to_contain_text("from the tier in force")  # fixed now: a later change of tier leaves it
    expect(row).to_contain_text("bank transfer")
    fits(ana)
    screenshot(ana, "equity-fees-recorded")

    # The client's receipt shows the fee agreed at their tier.
    person.goto(f"/engagements/{engagement.pk}/")
    your_fees = person.get_by_role("region", name="Your fees")
    expect(your_fees).to_contain_text("Your fee tier is Middle")
    receipt = your_fees.get_by_role("link", name="Receipt (PDF)")
    href = receipt.get_attribute("href")
    assert href
    answer = person.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.body())
    assert "Middle" in text and "$60.00" in text and "Marta Souza" in text
    fits(person)
    screenshot(person, "equity-your-fees")

    assert person_errors == []
    assert ana_errors == []
