"""The whole journey in a real browser: a facilitator starts a practice, invites a client and they co-create
a record; the client sees who has read it; another practice sees nothing of it; idle sessions end."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from cocreate.accounts.second_factor.services import practice_second_factor_set
from cocreate.accounts.services import practice_signup
from tests.browser.second_factor import enrol_app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
SHARED_BY_FACILITATOR = "We agreed to meet weekly and to begin with breathing practice."
PRIVATE_BY_FACILITATOR = "Process note: countertransference around her father, bring to supervision."
SHARED_BY_CLIENT = "I would like us to talk about sleep next time."


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshot into $COCREATE_BROWSER_SHOTS (if set), for looking at the pages by eye."""
    if shots := os.environ.get("COCREATE_BROWSER_SHOTS"):
        page.screenshot(path=str(Path(shots) / f"shot-{name}.png"), full_page=True)


def watch_console(page: Page) -> list[str]:
    """Collect console errors (a blocked script, a CSP violation) so a test can assert there were none."""
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        # The browser asks for /favicon.ico on its own; the app has none and that is not a page error.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def sign_up(page: Page, *, practice: str, name: str, email: str) -> None:
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", name="Create a practice")).to_be_visible()
    page.get_by_label("Practice name").fill(practice)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create practice").click()
    # A new practice requires a second factor of its staff: its first admin sets one up before anything else.
    expect(page.get_by_role("status")).to_contain_text("Your practice is ready")
    enrol_app(page)
    page.goto("/")


def sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_journey(new_page: Callable[[], Page], live_server: Any) -> None:
    # 1. A facilitator signs up a practice and lands on her empty caseload.
    fac = new_page()
    fac_errors = watch_console(fac)
    sign_up(fac, practice="Juniper Practice", name="Frida Facilitator", email="frida@example.org")
    expect(fac).to_have_url(re.compile(r"/caseload/$"))
    expect(fac.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(
        fac.get_by_text("Your caseload is empty. Invite a client, then open an engagement for them.")
    ).to_be_visible()
    expect(fac.get_by_role("button", name="Sign out Frida Facilitator")).to_be_visible()

    # 2. She invites a client; the invitation link is shown on the page.
    fac.get_by_role("link", name="Invite a client to Juniper Practice").click()
    expect(fac.get_by_role("heading", name="Invite someone to Juniper Practice")).to_be_visible()
    fac.get_by_label("Their name").fill("Clara Client")
    fac.get_by_label("Their email").fill("clara@example.org")
    fac.get_by_label("Role").select_option(label="Client")
    fac.get_by_role("button", name="Send invitation").click()
    expect(fac.get_by_text("Invitation sent to clara@example.org.")).to_be_visible()
    link = fac.locator("#invitation-link")
    expect(link).to_be_visible()
    invitation_url = link.inner_text().strip()
    assert invitation_url.startswith(f"{live_server.url}/invite/")

    # 3. In a browser of her own the client opens the link, sets a password and joins.
    cli = new_page()
    cli_errors = watch_console(cli)
    cli.goto(invitation_url)
    expect(cli.get_by_role("heading", name="Join Juniper Practice")).to_be_visible()
    expect(cli.get_by_text("clara@example.org")).to_be_visible()
    expect(cli.get_by_label("Your name")).to_have_value("Clara Client")
    cli.get_by_label("Choose a password").fill(PASSWORD)
    cli.get_by_role("button", name="Join the practice").click()
    expect(cli).to_have_url(re.compile(r"/my/$"))
    expect(cli.get_by_role("heading", name="My care", exact=True)).to_be_visible()
    expect(cli.get_by_role("status")).to_contain_text("Welcome to Juniper Practice.")
    expect(cli.get_by_text("Your practitioner has not opened a course of care for you yet.")).to_be_visible()

    # 4. The facilitator opens an engagement, schedules a session, writes a shared and a private note.
    fac.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    fac.get_by_role("link", name="Open an engagement").click()
    expect(fac.get_by_role("heading", name="Open an engagement")).to_be_visible()
    fac.get_by_label("Client").select_option(label="Clara Client <clara@example.org>")
    fac.get_by_label("Kind of care").select_option(label="Psychedelic-assisted therapy")
    fac.get_by_role("button", name="Open engagement").click()
    expect(fac).to_have_url(re.compile(r"/engagements/\d+/$"))
    found = re.search(r"/engagements/(\d+)/$", fac.url)
    assert found is not None
    engagement_id = int(found.group(1))
    expect(fac.get_by_role("status")).to_contain_text("Engagement opened. Schedule a first session.")
    expect(fac.get_by_role("heading", level=1)).to_have_text("Clara Client")
    sessions = fac.get_by_role("region", name="Sessions")
    expect(sessions.get_by_text("Nothing scheduled.")).to_be_visible()

    starts = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=30)
    sessions.get_by_role("link", name="Schedule a session").click()
    expect(fac.get_by_role("heading", name="Schedule a session")).to_be_visible()
    fac.get_by_label("Kind of session").select_option(label="Consultation")
    fac.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    fac.get_by_label("Duration (minutes)").fill("90")
    fac.get_by_label("Place or video link").fill("Garden room")
    fac.get_by_role("button", name="Save").click()
    expect(fac).to_have_url(re.compile(rf"/engagements/{engagement_id}/$"))
    expect(fac.get_by_role("status")).to_contain_text("Session scheduled.")
    when = f"{starts:%A} {starts.day} {starts:%B %Y}, 10:30"
    session_item = sessions.get_by_role("listitem").filter(has_text="Garden room")
    expect(session_item).to_contain_text(f"Consultation · {when} (90 min) · Garden room")
    reschedule_href = session_item.get_by_role("link", name="reschedule").get_attribute("href")
    cancel_href = session_item.get_by_role("link", name="cancel").get_attribute("href")
    assert reschedule_href and cancel_href

    shared = fac.get_by_role("region", name="Shared notes")
    expect(shared.get_by_text("No shared notes yet.")).to_be_visible()
    shared.get_by_label("Shared note").fill(SHARED_BY_FACILITATOR)
    shared.get_by_role("button", name="Add shared note").click()
    fac_note = shared.get_by_role("listitem").filter(has_text=SHARED_BY_FACILITATOR)
    expect(fac_note).to_be_visible()  # swapped in place by htmx
    expect(fac_note).to_contain_text("Frida Facilitator")
    expect(shared.get_by_label("Shared note")).to_have_value("")
    expect(fac).to_have_url(re.compile(rf"/engagements/{engagement_id}/$"))

    private = fac.get_by_role("region", name="My private notes")
    expect(private.get_by_text("No private notes.")).to_be_visible()
    private.get_by_label("Private note").fill(PRIVATE_BY_FACILITATOR)
    private.get_by_role("button", name="Save private note").click()
    expect(fac).to_have_url(re.compile(rf"/engagements/{engagement_id}/#private-notes$"))
    expect(fac.get_by_role("region", name="My private notes").get_by_text(PRIVATE_BY_FACILITATOR)).to_be_visible()
    screenshot(fac, "facilitator-engagement")

    # 5. The client sees the session and the shared note, writes her own, and never sees the private note.
    cli.reload()
    expect(cli.get_by_text("Next session:")).to_contain_text(f"{starts:%A} {starts.day} {starts:%B}, 10:30")
    cli.get_by_role("link", name="Psychedelic-assisted therapy · Clara Client").click()
    expect(cli).to_have_url(re.compile(rf"/engagements/{engagement_id}/$"))
    expect(cli.get_by_role("heading", level=1)).to_have_text("My care: Psychedelic-assisted therapy · Clara Client")
    expect(cli.get_by_role("region", name="Care team")).to_contain_text("Frida Facilitator")
    expect(cli.get_by_role("region", name="Sessions")).to_contain_text(f"Consultation · {when} (90 min) · Garden room")
    expect(cli.get_by_role("link", name="reschedule")).to_have_count(0)
    cli_shared = cli.get_by_role("region", name="Shared notes")
    expect(cli_shared.get_by_role("listitem").filter(has_text=SHARED_BY_FACILITATOR)).to_contain_text(
        "Frida Facilitator"
    )
    expect(cli.get_by_role("region", name="My private notes")).to_have_count(0)
    cli_shared.get_by_label("Shared note").fill(SHARED_BY_CLIENT)
    cli_shared.get_by_role("button", name="Add shared note").click()
    expect(cli_shared.get_by_role("listitem").filter(has_text=SHARED_BY_CLIENT)).to_contain_text("Clara Client")
    expect(cli_shared.get_by_role("listitem").filter(has_text=SHARED_BY_FACILITATOR)).to_be_visible()
    assert PRIVATE_BY_FACILITATOR not in cli.content()
    assert "countertransference" not in cli.content()
    cli.reload()
    assert "countertransference" not in cli.content()
    screenshot(cli, "client-engagement")

    # 6. The facilitator sees the client's shared note.
    fac.goto(f"/engagements/{engagement_id}/")
    expect(
        fac.get_by_role("region", name="Shared notes").get_by_role("listitem").filter(has_text=SHARED_BY_CLIENT)
    ).to_contain_text("Clara Client")

    # 7. The client sees who has read her record, and what.
    cli.get_by_role("link", name="Who has seen my record").click()
    expect(cli.get_by_role("heading", name="Who has seen my record")).to_be_visible()
    rows = cli.get_by_role("row").filter(has_text="Frida Facilitator")
    expect(rows.filter(has_text="your record's main page").first).to_be_visible()
    expect(rows.filter(has_text="your shared notes").first).to_be_visible()
    expect(cli.get_by_role("row").filter(has_text="Clara Client")).to_have_count(0)
    screenshot(cli, "client-access-log")

    assert fac_errors == []
    assert cli_errors == []

    # 8. Someone of another practice finds nothing on any page of the engagement.
    olga = practice_signup(email="olga@example.org", name="Olga Outsider", password=PASSWORD, practice_name="Harbor")
    practice_second_factor_set(actor=olga, practice=olga.memberships.first().practice, required=False)
    out = new_page()
    sign_in(out, email="olga@example.org", password=PASSWORD)
    expect(out).to_have_url(re.compile(r"/caseload/$"))
    expect(out.get_by_role("button", name="Sign out Olga Outsider")).to_be_visible()
    for url in (
        f"/engagements/{engagement_id}/",
        f"/engagements/{engagement_id}/who-has-seen/",
        f"/engagements/{engagement_id}/sessions/new/",
        reschedule_href,
        cancel_href,
    ):
        response = out.goto(url)
        assert response is not None
        assert response.status == 404, url
        expect(out.get_by_role("heading", name="Not found")).to_be_visible()
        for secret in ("Clara", "Garden room", "breathing practice", "countertransference"):
            assert secret not in out.content(), (url, secret)


def test_idle_session_ends_on_the_server(page: Page, settings: Any) -> None:
    sign_up(page, practice="Idle Practice", name="Ida Idle", email="ida@example.org")
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    settings.SESSION_IDLE_TIMEOUT = 1  # after signing up, which takes longer (it sets up a second factor)
    page.wait_for_timeout(2_000)
    page.reload()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/caseload/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You were signed out after a period of inactivity.")
    expect(page.get_by_role("button", name="Sign out Ida Idle")).to_have_count(0)
