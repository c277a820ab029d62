"""The second factor in a real browser, on a phone: a facilitator whose practice requires it is led to set up an
authenticator app (the test reads the key the page shows and computes the code, as the app would), signs out, and
signs in with a code; a wrong code is refused and counts toward the lockout. A client adds a passkey (Chromium's
virtual authenticator) and signs in with it as the second step."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import Page, expect

from cocreate.accounts.models import Practice
from tests.accounts.second_factor_helpers import totp_now
from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def _failures(email: str) -> int:
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username=email))


def test_a_facilitator_enrols_then_signs_in_with_a_code(new_page: Callable[[], Page], world: World,
                                                        settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    Practice.objects.filter(pk=world.practice.pk).update(second_factor_required=True)

    # 1. Carl signs in with his password and is led to set up a second factor before anything else.
    page, errors = on_phone(new_page, "carl@example.org")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/$"))
    expect(page.get_by_text("Your practice asks staff to sign in with a second factor.")).to_be_visible()
    page.goto("/caseload/")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/$"))
    fits(page)
    screenshot(page, "mfa-enrol-first")

    # 2. He adds an authenticator app: the key the page shows gives the code his phone would.
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert len(secret) == 32
    fits(page)
    screenshot(page, "mfa-app-setup")
    page.get_by_label("Code from the app").fill("000000" if totp_now(secret) != "000000" else "111111")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("That code does not match.")).to_be_visible()
    page.get_by_label("Code from the app").fill(totp_now(secret))
    page.get_by_role("button", name="Turn on").click()

    # 3. His recovery codes are shown, to download or write down, until he says he kept them.
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the codes").click()
    assert download.value.suggested_filename == "cocreate-recovery-codes.txt"
    fits(page)
    screenshot(page, "mfa-recovery-codes")
    page.get_by_role("button", name="I have kept them").click()
    expect(page.get_by_text("Your codes will not be shown again")).to_be_visible()
    page.goto("/caseload/")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    _sign_out(page)

    # 4. Signing in again: the password, then a wrong code (refused, and counted), then the right one.
    sign_in(page, email="carl@example.org", password=PASSWORD)
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    fits(page)
    screenshot(page, "mfa-second-step")
    page.get_by_label("Code").fill("000000" if totp_now(secret) != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    assert _failures("carl@example.org") == 1
    page.get_by_label("Code").fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out Carl")).to_be_visible()
    assert _failures("carl@example.org") == 0  # a sign-in that succeeded clears the count
    assert [e for e in errors if "status of 400" not in e] == []  # a refused code is a 400 page, nothing else

    # 5. Someone with his password but not his phone: wrong codes lock the sign-in, like wrong passwords.
    thief = new_page()
    sign_in(thief, email="carl@example.org", password=PASSWORD)
    for guess in ("123456", "654321"):
        thief.get_by_label("Code").fill(guess)
        thief.get_by_role("button", name="Sign in").click()
        expect(thief.get_by_text("That code is not right.")).to_be_visible()
    thief.get_by_label("Code").fill("999999")
    thief.get_by_role("button", name="Sign in").click()
    expect(thief.get_by_text("Too many failed sign-in attempts.")).to_be_visible()
    screenshot(thief, "mfa-locked")
    thief.goto("/caseload/")
    expect(thief).to_have_url(re.compile(r"/accounts/login/"))


def test_a_client_adds_a_passkey_and_signs_in_with_it(new_page: Callable[[], Page], world: World) -> None:
    page, errors = on_phone(new_page, "dana@example.org")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})

    # 1. On her Security page the second factor is offered, in plain words, as her choice.
    page.goto("/accounts/security/")
    expect(page.get_by_text("If you like, add a second step after your password")).to_be_visible()
    page.get_by_role("link", name="Set up a second factor").click()
    expect(page.get_by_text("It is up to you.")).to_be_visible()

    # 2. She adds a passkey (this device's screen lock, here Chromium's virtual authenticator).
    page.get_by_label("Name of this passkey").fill("My phone")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.get_by_text("Passkey added.")).to_be_visible()
    page.get_by_role("button", name="I have kept them").click()
    expect(page.locator("#passkeys")).to_contain_text("My phone")
    fits(page)
    screenshot(page, "mfa-passkey-added")
    _sign_out(page)

    # 3. Her password, then the passkey as the second step.
    sign_in(page, email="dana@example.org", password=PASSWORD)
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("button", name=re.compile(r"^Sign out Dana"))).to_be_visible()
    assert "/accounts/login" not in page.url

    # 4. She removes it again, after confirming.
    page.goto("/accounts/second-factor/")
    page.locator("#passkeys").get_by_role("link", name="Remove").click()
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("No passkeys yet.")).to_be_visible()
    assert errors == []
