"""A medicine session in a real browser, on a tablet in a dim room: begun through the gate, the dose, the client's
words, an emotion, music, vital signs (one out of range, which alerts), touch checked against consent; the network
cut mid-session and the tab reloaded, and every entry arriving once, in order; the end refused before the minimum
for the dose; the release; then the client reads the record and adds a recollection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from cocreate.inbox.models import Notice, NoticeKind
from cocreate.medicine.models import Entry, MedicineRecord
from tests.agreements.helpers import narrow
from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot, sign_in, watch_console
from tests.conftest import PASSWORD, World, build_world
from tests.medicine.helpers import oregon_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}


def saved(page: Page, text: str) -> None:
    expect(page.locator("#timeline")).to_contain_text(text)


def test_a_medicine_session_in_the_room(new_page: Callable[[], Page], live_server: Any) -> None:
    world: World = build_world()
    session = oregon_session(world)
    url = f"/engagements/{world.engagement.pk}/sessions/{session.pk}/medicine/"

    alice = new_page()
    alice.set_viewport_size(TABLET)
    errors = watch_console(alice)
    sign_in(alice, email="alice@example.org", password=PASSWORD)
    alice.goto(url)
    expect(alice.get_by_text("Everything needed is in place.")).to_be_visible()
    alice.get_by_role("button", name="Begin the session").click()
    expect(alice.get_by_role("status").first).to_contain_text("The session has begun")

    # The dose, the client's words, an emotion, music.
    dose = alice.get_by_role("region", name="Dose")
    dose.get_by_label("Substance").fill("Psilocybin")
    dose.get_by_label("Amount (mg)").fill("25")
    dose.get_by_label("Product or lot id").fill("L-2291")
    dose.get_by_role("button", name="Log the dose").click()
    saved(alice, "Dose: Psilocybin 25 mg, oral (L-2291)")
    alice.get_by_label("As they said it").fill("It is like standing in the sea.")
    alice.get_by_role("button", name="Log their words").click()
    saved(alice, "“It is like standing in the sea.”")
    alice.get_by_role("button", name="Awe", exact=True).click()
    saved(alice, "Feeling: awe")
    alice.get_by_label("Music now").fill("Cello, slow")
    alice.get_by_role("region", name="Music and observations").get_by_role("button", name="Log").first.click()
    saved(alice, "Music: Cello, slow")

    # Two vital signs, one out of range: everyone present is alerted and a recheck is asked for.
    vitals = alice.get_by_role("region", name="Vital signs")
    vitals.get_by_label("Heart rate").fill("84")
    vitals.get_by_role("button", name="Log vital signs").click()
    saved(alice, "Vital signs: HR 84")
    vitals.get_by_label("Systolic").fill("172")
    vitals.get_by_label("Diastolic").fill("96")
    vitals.get_by_role("button", name="Log vital signs").click()
    saved(alice, "out of range: Systolic blood pressure 172 (above 160). Recheck due.")
    assert Notice.objects.filter(kind=NoticeKind.RISK_ALERT, recipient=world.bea).exists()

    # Touch: "ask first" asks whether the client just said yes; "no" is refused with the reason.
    touch = alice.get_by_role("region", name="Touch")
    touch.get_by_role("button", name="Hand-holding — ask first").click()
    alice.get_by_role("dialog").get_by_role("button", name="Yes, they said yes").click()
    saved(alice, "Touch: hand-holding (consent: ask first) — the client was asked and said yes")
    touch.get_by_role("button", name="Hands on the feet — no").click()
    expect(alice.locator("#touch-refused")).to_contain_text("the client's consent says no to hands on feet")
    screenshot(alice, "medicine-1-live")

    # The client narrows her consent mid-session: the open page hears of it within seconds, without a reload.
    narrow(world, world.dana, {"hug": "no"})
    expect(alice.locator("#consent-banner")).to_contain_text("hug is now “no”", timeout=12_000)
    expect(touch.get_by_role("button", name="A hug — no")).to_be_visible()

    # The network goes: three entries are written and kept on the tablet, "not yet saved" ...
    alice.context.set_offline(True)
    alice.get_by_label("As they said it").fill("First, offline")
    alice.get_by_role("button", name="Log their words").click()
    alice.get_by_role("button", name="Water", exact=True).click()
    alice.get_by_label("As they said it").fill("Third, offline")
    alice.get_by_role("button", name="Log their words").click()
    expect(alice.locator("#pending li")).to_have_count(3)
    expect(alice.locator("#pending")).to_contain_text("not yet saved")
    # ... the page comes back but the server is still out of reach, and the tab is reloaded: still kept.
    alice.route("**/medicine/entries", lambda route: route.abort())
    alice.context.set_offline(False)
    alice.reload()
    expect(alice.locator("#pending li")).to_have_count(3)
    screenshot(alice, "medicine-2-offline")

    # The server is reached but its answer is lost: the entries are stored, and the page sends them again.
    lost: list[int] = []

    def lose_the_answer(route: Route) -> None:
        lost.append(route.fetch().status)
        route.abort()

    alice.unroute("**/medicine/entries")
    alice.route("**/medicine/entries", lose_the_answer)
    for _ in range(40):
        if lost:
            break
        alice.wait_for_timeout(250)
    assert lost == [200]
    record = MedicineRecord.objects.get(session=session)
    assert Entry.objects.filter(record=record, kind="words").count() == 3  # stored, though the page never heard
    expect(alice.locator("#pending li")).to_have_count(3)
    alice.unroute("**/medicine/entries")
    expect(alice.locator("#pending li")).to_have_count(0, timeout=15_000)
    expect(alice.get_by_role("status").first).to_have_text("Everything is saved.")
    words = [e.data["said"] for e in Entry.objects.filter(record=record, kind="words").order_by("at", "id")]
    assert words == ["It is like standing in the sea.", "First, offline", "Third, offline"]
    assert Entry.objects.filter(record=record, kind="helped").count() == 1

    # Ending before the protocol's minimum for 25 mg is refused, with the rule and its source.
    alice.get_by_role("button", name="End the session").click()
    expect(alice.get_by_role("alert").or_(alice.locator(".messages")).first).to_contain_text(
        "lasts at least 300 minutes (OAR 333-333-5250")
    # Five hours on, it ends; the release checklist is gone through.
    MedicineRecord.objects.filter(pk=record.pk).update(started_at=timezone.now() - timedelta(hours=5, minutes=5))
    alice.goto(url)
    alice.get_by_role("button", name="End the session").click()
    release = alice.get_by_role("region", name="Release")
    for box in release.get_by_role("checkbox").all():
        box.check()
    release.get_by_role("button", name="Release").click()
    expect(alice.get_by_role("region", name="Release")).to_contain_text("Left as the transport plan says.")

    # The client reads the record afterwards and adds her own recollection beside her words.
    dana, dana_errors = on_phone(new_page, "dana@example.org")
    dana.goto(url)
    entry = dana.locator("li.entry", has_text="It is like standing in the sea.")
    entry.get_by_text("Add what you remember").click()
    entry.get_by_label("What you remember, in your words").fill("The sea was warm, I was not afraid.")
    entry.get_by_role("button", name="Add").click()
    expect(dana.locator("li.entry", has_text="It is like standing in the sea.")).to_contain_text(
        "You remember: The sea was warm, I was not afraid.")
    fits(dana)
    screenshot(dana, "medicine-3-client-record")
    assert dana_errors == []
    assert all("medicine/entries" in e or "ERR_INTERNET_DISCONNECTED" in e or "status of 400" in e
               for e in errors), errors
