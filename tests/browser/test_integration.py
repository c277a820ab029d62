"""Integration in a real browser, on a phone: after the medicine session the day-1 invitation arrives; the client
notes a body shift and keeps it private (the facilitator's page and the API do not show it); he shares it; the
facilitator adds a reflection beside it in their integration session; the client groups two entries as a pattern
in his own words; he adds a drawing (its location data gone when downloaded) and a voice note to his journal; his
worksheet lists the entries he chose."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from cocreate.access.policy import engagement_access
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.integration.models import Reflection, ShiftEntry, Tracker
from cocreate.integration.prompts import prompts_send
from cocreate.medicine import services as medicine
from tests.api_helpers import Api
from tests.browser.phone import fits, on_phone
from tests.browser.recorder import record_a_voice_note
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world
from tests.integration.test_journal_files import GPS, exif_of, jpeg_with_gps
from tests.medicine.helpers import begun, oregon_session
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _released_yesterday(world: World) -> Tracker:
    """Dana's medicine session, held and released; its tracker as if it had ended yesterday."""
    record = begun(world, oregon_session(world))
    team = engagement_access(world.alice, world.engagement)
    medicine.medicine_end(actor=world.alice, access=team, record=record, early_reason="Test")
    medicine.medicine_release(actor=world.alice, access=team, record=record,
                              checks=list(medicine.RELEASE_CHECKS), transport="as_agreed")
    yesterday = timezone.now() - timedelta(days=1)
    Tracker.objects.filter(session=record.session).update(began_at=yesterday,
                                                         began_on=timezone.localtime(yesterday).date())
    return Tracker.objects.get(session=record.session)


def test_the_days_after_a_medicine_session(new_page: Callable[[], Page], with_microphone: BrowserContext,
                                           media: Path, tmp_path: Path) -> None:
    world = build_world()
    tracker = _released_yesterday(world)
    integration = Session.objects.create(engagement=world.engagement, kind=SessionKind.INTEGRATION,
                                         starts_at=timezone.now() - timedelta(minutes=20), duration_minutes=60,
                                         status=SessionStatus.SCHEDULED, created_by=world.alice)
    assert prompts_send(now=timezone.localtime(timezone.now()).replace(hour=10)) == 1
    base = f"/engagements/{world.engagement.pk}/integration/"

    # The day-1 invitation is in his inbox; it opens the page, which asks for nothing.
    dana = with_microphone.new_page()
    dana_errors = watch_console(dana)
    sign_in(dana, email="dana@example.org", password=PASSWORD)
    dana.goto("/inbox/")
    dana.get_by_role("button", name=re.compile("^Day 1 after your session")).click()
    expect(dana).to_have_url(re.compile(r"/integration/#note$"))
    expect(dana.get_by_text("Noticing is enough.", exact=False)).to_be_visible()
    note = dana.get_by_role("region", name="Note a shift")
    note.get_by_label("Body").check()
    note.get_by_label("What I noticed").fill("My shoulders dropped, for the first time in months.")
    note.get_by_role("button", name="Keep this note").click()
    expect(dana.get_by_role("status").first).to_contain_text("Only you can see it.")
    entry = ShiftEntry.objects.get()
    expect(dana.locator(f"#shift-{entry.pk}")).to_contain_text("Private: only you")
    fits(dana)
    screenshot(dana, "integration-noted")

    # The facilitator cannot see it, on the page or through the API.
    alice, alice_errors = on_phone(new_page, "alice@example.org")
    alice.goto(base)
    expect(alice.get_by_role("region", name="What the client shared")).to_contain_text("Nothing shared yet.")
    assert Api.as_user(world.alice).get(f"/engagements/{world.engagement.pk}/integration/shifts/{entry.pk}"
                                        ).status_code == 404

    # He shares it; her open page shows it at the next fetch.
    dana.locator(f"#shift-{entry.pk}").get_by_role("button", name="Share with my care team").click()
    expect(dana.locator(f"#shift-{entry.pk}")).to_contain_text("Shared with your care team")
    alice.evaluate("url => htmx.ajax('GET', url, {target: '#shifts', swap: 'outerHTML'})",
                   f"{base}shifts/?tracker={tracker.pk}")  # what the page's half-minute fetch does
    shared = alice.locator(f"#shift-{entry.pk}")
    expect(shared).to_contain_text("My shoulders dropped")

    # She adds a reflection beside it, in their integration session.
    shared.get_by_text("Add a reflection beside it").click()
    shared.get_by_label("What you make of it, together").fill(
        "You said the shoulders are where you carry the waiting. We left it there for now.")
    shared.get_by_label("Made in the session of (optional)").select_option(str(integration.pk))
    shared.get_by_role("button", name="Add beside the entry").click()
    expect(alice.locator(f"#shift-{entry.pk}")).to_contain_text("— Alice")
    assert Reflection.objects.get().session == integration
    assert ShiftEntry.objects.get(pk=entry.pk).text == "My shoulders dropped, for the first time in months."
    fits(alice)
    screenshot(alice, "integration-reflection")

    # A second entry, and the two grouped under his own name.
    dana.reload()
    expect(dana.locator(f"#shift-{entry.pk}")).to_contain_text("where you carry the waiting")
    note = dana.get_by_role("region", name="Note a shift")
    note.get_by_label("Relationships").check()
    note.get_by_label("What I noticed").fill("At dinner I went quiet when they talked over me.")
    note.get_by_role("button", name="Keep this note").click()
    patterns = dana.get_by_role("region", name="Patterns")
    patterns.get_by_text("Group entries under a name").click()
    patterns.get_by_label("A name for the pattern").fill("Holding my breath and waiting")
    for box in patterns.get_by_role("checkbox").all():
        box.check()
    patterns.get_by_role("button", name="Name this pattern").click()
    expect(dana.get_by_role("region", name="Patterns")).to_contain_text("“Holding my breath and waiting”")
    fits(dana)
    screenshot(dana, "integration-pattern")

    # In his journal: a drawing, and a voice note recorded in the page.
    drawing = tmp_path / "shoulders.jpg"
    drawing.write_bytes(jpeg_with_gps(size=(240, 180)))
    dana.get_by_role("navigation", name="Integration").get_by_role("link", name="Journal").click()
    dana.get_by_label("What you want to write").fill("Drew how my shoulders felt: a low, wide hill.")
    dana.get_by_label("Drawings, photos, voice notes").set_input_files(str(drawing))
    record_a_voice_note(dana)
    dana.get_by_role("button", name="Save the entry").click()
    page = dana.locator("li.journal-entry").first
    expect(page.locator("audio")).to_be_visible()
    src = page.get_by_role("img", name="Picture: shoulders.jpg").get_attribute("src")
    assert src is not None
    downloaded = dana.request.get(src)
    assert downloaded.ok and GPS not in exif_of(downloaded.body())
    assert alice.request.get(src).status == 404  # his, until he shares the entry

    # Looking back, he chooses his first entry for the worksheet; the PDF has it and not the other.
    dana.get_by_role("navigation", name="Integration").get_by_role("link", name="Look back").click()
    expect(dana.locator("svg")).to_be_visible()
    dana.get_by_role("checkbox").first.check()
    fits(dana)
    screenshot(dana, "integration-look-back")
    with dana.expect_response(lambda r: "/worksheet.pdf?" in r.url) as made:
        dana.get_by_role("button", name="Make my worksheet").click()
    assert made.value.headers["content-type"] == "application/pdf"
    assert made.value.url.endswith(f"?entry={entry.pk}")
    words = pdf_text(dana.request.get(made.value.url).body())  # the bytes the browser's viewer shows
    assert "My shoulders dropped, for the first time in months." in words
    assert "At dinner I went quiet" not in words
    assert dana_errors == [] and alice_errors == []
