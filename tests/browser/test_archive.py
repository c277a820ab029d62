"""The client's whole record in a real browser, at phone width: Dana finds the download on "My care", gets the zip
(PDF, JSON, FHIR and her journal's drawing inside, no private note), and her care team's transfer export page says
why it holds nothing clinical until she has chosen what to share."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import fits, on_phone
from tests.browser.test_journey import screenshot
from tests.conftest import World, build_world
from tests.interop.archive_helpers import NEVER, SHARED_NOTE, rich

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_client_takes_her_record_from_my_care(new_page: Callable[[], Page], live_server: Any,
                                                    tmp_path: Path) -> None:
    world: World = build_world()
    rich(world)
    page, errors = on_phone(new_page, "dana@example.org")
    page.goto("/my/")
    panel = page.get_by_role("region", name="Your record, yours to take")
    expect(panel).to_contain_text("private notes are not part of it")
    fits(page)
    screenshot(page, "archive-my-care")
    with page.expect_download() as info:
        panel.get_by_role("link", name="everything (zip)").first.click()
    download = info.value
    assert download.suggested_filename.startswith("record-") and download.suggested_filename.endswith(".zip")
    saved = tmp_path / "record.zip"
    download.save_as(saved)
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as zf:
        names = set(zf.namelist())
        assert {"record.pdf", "record.json", "record.fhir.json", "README.txt"} <= names
        assert any(n.startswith("files/") for n in names)
        data = zf.read("record.json").decode()
    assert SHARED_NOTE in data and json.loads(data)["person"]["name"] == "Dana"
    assert not any(planted in data for planted in NEVER.values())
    assert errors == []


def test_the_care_team_sees_why_a_transfer_export_holds_nothing_clinical(new_page: Callable[[], Page],
                                                                         live_server: Any) -> None:
    world: World = build_world()
    page, errors = on_phone(new_page, "alice@example.org")
    page.goto(f"/engagements/{world.engagement.pk}/")
    page.get_by_role("region", name="Transfer").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export Dana's record for a transfer")
    expect(page.locator("main")).to_contain_text("has not agreed to share anything")
    fits(page)
    screenshot(page, "archive-transfer-page")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the record").click()
    assert info.value.suggested_filename.endswith(".zip")
    assert errors == []
