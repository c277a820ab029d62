"""The journal in a real browser, on a phone: the client writes an entry, records a voice note with the microphone
(Chromium's fake one; recorded again, and saved while still recording) and adds a drawing; she sees her picture
and can play her voice note; the entry is private until she shares it; then her facilitator sees it, the drawing
without its location data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cocreate.integration.models import Attachment, JournalEntry
from tests.browser.phone import fits
from tests.browser.recorder import record_a_voice_note
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world
from tests.integration.test_journal_files import GPS, exif_of, jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_a_journal_entry_with_a_voice_note_and_a_drawing(with_microphone: BrowserContext, new_page: Callable[[], Page],
                                                         media: Path, tmp_path: Path) -> None:
    world: World = build_world()
    journal = f"/engagements/{world.engagement.pk}/integration/journal/"
    drawing = tmp_path / "river drawing.jpg"
    drawing.write_bytes(jpeg_with_gps(size=(300, 200)))

    dana = with_microphone.new_page()
    dana_errors = watch_console(dana)
    sign_in(dana, email="dana@example.org", password=PASSWORD)
    dana.goto(journal)
    expect(dana.get_by_role("heading", name="Your journal")).to_be_visible()
    expect(dana.get_by_text("Nothing here yet.")).to_be_visible()
    dana.get_by_label("What you want to write").fill("I drew the river again. It felt calmer than last week.")
    dana.get_by_label("Drawings, photos, voice notes").set_input_files(str(drawing))

    # The recorder shows itself only where the browser can record.
    recorder = record_a_voice_note(dana)
    expect(recorder.locator("audio")).to_be_visible()
    screenshot(dana, "journal-writing")
    # She records it again, and saves while still recording: the recording stops and goes with the entry.
    recorder.get_by_role("button", name="Record again").click()
    expect(recorder.get_by_role("status")).to_contain_text("Recording…")
    dana.wait_for_timeout(1500)
    dana.get_by_role("button", name="Save the entry").click()

    expect(dana.locator(".messages")).to_contain_text("Saved. Only you can see it.")
    entry = dana.locator("li.journal-entry").first
    expect(entry).to_contain_text("I drew the river again.")
    expect(entry).to_contain_text("Private: only you")
    picture = entry.get_by_role("img", name="Picture: river drawing.jpg")
    expect(picture).to_be_visible()
    picture.evaluate("img => img.decode()")
    assert picture.evaluate("img => img.naturalWidth") == 300
    voice = entry.locator("audio")
    expect(voice).to_be_visible()
    # The recording loads and plays in the page.
    voice.evaluate("a => new Promise((ok, no) => { if (a.readyState >= 1) ok(); a.onloadedmetadata = ok;"
                   " a.onerror = () => no(a.error && a.error.message); })")
    assert voice.evaluate("a => a.play().then(() => { a.pause(); return a.error; })") is None
    fits(dana)
    screenshot(dana, "journal-entry-private")

    saved = JournalEntry.objects.get()
    kinds = dict(Attachment.objects.filter(entry=saved).values_list("kind", "content_type"))
    assert kinds["image"] == "image/jpeg" and kinds["audio"] in ("audio/webm", "audio/ogg")
    assert saved.shared_at is None

    # Her facilitator sees nothing of it yet.
    alice = new_page()
    alice_errors = watch_console(alice)
    sign_in(alice, email="alice@example.org", password=PASSWORD)
    alice.goto(journal)
    expect(alice.get_by_text("Dana has not shared any journal entries.")).to_be_visible()

    entry.get_by_role("button", name="Share with my care team").click()
    expect(dana.locator(".messages")).to_contain_text("Shared with your care team.")
    expect(dana.locator("li.journal-entry").first).to_contain_text("Shared with your care team")
    screenshot(dana, "journal-entry-shared")

    alice.goto(journal)
    shared = alice.locator("li.journal-entry").first
    expect(shared).to_contain_text("I drew the river again.")
    expect(shared.locator("audio")).to_be_visible()
    expect(shared.get_by_role("img", name="Picture: river drawing.jpg")).to_be_visible()
    assert shared.get_by_role("button", name="Stop sharing").count() == 0
    src = shared.get_by_role("img").get_attribute("src")
    assert src is not None
    response = alice.request.get(src)
    assert response.ok and response.headers["content-type"] == "image/jpeg"
    assert GPS not in exif_of(response.body()) and exif_of(response.body()) == {}
    screenshot(alice, "journal-facilitator")

    assert not dana_errors and not alice_errors, dana_errors + alice_errors
