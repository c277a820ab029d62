"""An admin, on a phone, finds how long the practice keeps records from its page, chooses a period (a mistake is
shown back on the field), then keeps them for ever; a facilitator reads the choice and cannot change it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot
from tests.conftest import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_chooses_how_long_records_are_kept(new_page: Callable[[], Page], live_server: Any) -> None:
    world: World = build_world()
    page, errors = on_phone(new_page, "fay@example.org")
    page.goto(f"/practices/{world.practice.pk}/")
    page.get_by_role("link", name="Keeping records").click()
    expect(page.get_by_role("heading", name="How long Juniper keeps records")).to_be_visible()
    expect(page.get_by_text("kept for 10 years after their engagement closes")).to_be_visible()
    expect(page.get_by_text("the practice has not chosen yet")).to_be_visible()
    fits(page)
    screenshot(page, "retention-default")

    page.get_by_label("for a number of years after it closes, then remove it").check()
    page.get_by_label("Years after closing").fill("0")
    page.get_by_role("button", name="Save").click()
    field = page.get_by_label("Years after closing")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("0")
    screenshot(page, "retention-error")

    field.fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("How long records are kept is saved.")).to_be_visible()
    expect(page.get_by_text("kept for 7 years after their engagement closes")).to_be_visible()

    page.get_by_label("for ever").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clients' records are kept for ever: nothing is removed.")).to_be_visible()
    fits(page)
    screenshot(page, "retention-forever")
    assert [e for e in errors if "status of 400" not in e] == []  # the refused form answers 400, by design

    carl, carl_errors = on_phone(new_page, "carl@example.org")
    carl.goto(f"/practices/{world.practice.pk}/retention/")
    expect(carl.get_by_text("Clients' records are kept for ever: nothing is removed.")).to_be_visible()
    expect(carl.get_by_text("The practice's admins choose this.")).to_be_visible()
    expect(carl.get_by_role("button", name="Save")).to_have_count(0)
    assert carl_errors == []
