"""Shared fixtures of the browser tests: one Debian Chromium per test session, a fresh context per person.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety guard would refuse the
ORM calls the tests make; the live server itself runs in its own thread and is unaffected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http_server() -> Iterator[None]:
    """The live server builds its middleware once, when it starts: SecurityMiddleware reads
    SECURE_SSL_REDIRECT then, before any function-scoped `settings` override could apply. Turn the
    HTTPS redirect off for the whole session before the server starts."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_server: None, live_server: Any) -> Any:
    """pytest-django's live server, started only after the HTTPS redirect is off."""
    return live_server


@pytest.fixture(autouse=True)
def _browser_settings(settings: Any, live_server: Any) -> None:
    """Invitation links point at the live server rather than the configured SITE_URL."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """Open a page in a fresh browser context: one person, with cookies of their own."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Where the files people upload in a browser test are kept: with the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def with_microphone(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    """A second Chromium, from the same Playwright, on a phone-sized screen, whose microphone plays a steady tone."""
    from tests.browser.phone import PHONE

    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE)
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE,
                                   permissions=["microphone"])
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()
    chromium.close()
