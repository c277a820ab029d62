"""Setting up an authenticator app in the browser, as a new member of staff must before anything else."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.accounts.second_factor_helpers import totp_now


def enrol_app(page: Page) -> str:
    """From the page a required person is led to, add an app (the key the page shows gives the code) and keep
    the recovery codes; returns the key."""
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/$"))
    page.get_by_role("link", name="Set up an authenticator app").click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(totp_now(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    page.get_by_role("button", name="I have kept them").click()
    expect(page.get_by_text("Your codes will not be shown again")).to_be_visible()
    return secret
