"""A person signed in on a phone-sized screen, and a check that nothing is wider than it."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.browser.test_journey import sign_in, watch_console
from tests.conftest import PASSWORD

PHONE = {"width": 390, "height": 844}


def on_phone(new_page: Callable[[], Page], email: str) -> tuple[Page, list[str]]:
    page = new_page()
    page.set_viewport_size(PHONE)
    errors = watch_console(page)
    sign_in(page, email=email, password=PASSWORD)
    return page, errors


def fits(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
