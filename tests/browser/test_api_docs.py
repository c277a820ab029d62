"""The API's documentation page works under the site's Content-Security-Policy: Swagger UI comes from this site."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journey import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_shows_every_group_of_endpoints(page: Page) -> None:
    errors = watch_console(page)
    page.goto("/api/v1/docs")
    # The first request of a process builds the OpenAPI description (seconds on a busy machine; kept after).
    expect(page.locator(".opblock-tag").first).to_be_visible(timeout=60_000)
    for tag in ("accounts", "care", "agreements", "measures"):
        expect(page.locator(".opblock-tag", has_text=tag).first).to_be_visible()
    expect(page.get_by_text("/api/v1/me/waiting")).to_be_visible()
    assert not errors
