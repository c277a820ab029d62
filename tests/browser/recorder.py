"""A voice note recorded in the journal's page, with Chromium's fake microphone (the `with_microphone` context)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def record_a_voice_note(page: Page, seconds: float = 1) -> Locator:
    """Record, wait, stop: the recorder says the note is ready. Returns the recorder's group."""
    recorder = page.get_by_role("group", name="Or record a voice note")
    recorder.get_by_role("button", name="Record", exact=True).click()
    expect(recorder.get_by_role("status")).to_contain_text("Recording…")
    page.wait_for_timeout(seconds * 1000)
    recorder.get_by_role("button", name="Stop recording").click()
    expect(recorder.get_by_role("status")).to_contain_text("Your voice note is ready")
    return recorder
