"""The printable worksheet: blank for anyone on the engagement to print, filled with the client's chosen entries for
the client alone. Each test reads the text back out of the real PDF."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.integration import services, worksheet
from cocreate.integration.models import DEFAULT_DAYS, ShiftEntry
from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.pdf import pdf_text


def sheet(world: World, who: str, query: str = "") -> Any:
    return world.client_for(getattr(world, who)).get(
        reverse("integration_worksheet", args=[world.engagement.pk]) + query)


@pytest.fixture
def entries(world: World) -> dict[str, ShiftEntry]:
    tracker = tracker_after(world, days_ago=3)
    return {"loose": note(world, tracker, "My shoulders felt loose", day=1, domains=("body",)),
            "dream": note(world, tracker, "I dreamt of my grandmother — ünïcode too", day=2, domains=("sleep",),
                          share=True),
            "tears": note(world, tracker, "Tears at the bus stop", day=3, domains=("emotions",))}


def test_the_filled_worksheet_lists_the_chosen_entries_and_no_other(world: World,
                                                                   entries: dict[str, ShiftEntry]) -> None:
    response = sheet(world, "dana", f"?entry={entries['loose'].pk}&entry={entries['dream'].pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "My shoulders felt loose" in text and "I dreamt of my grandmother — ünïcode too" in text
    assert "Tears at the bus stop" not in text
    assert "Day 1" in text and "Body" in text and "Sleep and dreams" in text
    assert "Noticing is enough" in text


def test_with_none_chosen_it_lists_every_entry_not_deleted(world: World, entries: dict[str, ShiftEntry]) -> None:
    services.shift_delete(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                          entry=entries["tears"])
    text = pdf_text(sheet(world, "dana").content)
    assert "My shoulders felt loose" in text and "I dreamt of my grandmother" in text
    assert "Tears at the bus stop" not in text


def test_the_blank_worksheet_has_the_days_the_areas_and_room_to_write_but_no_meaning_field(world: World) -> None:
    tracker = tracker_after(world)
    services.tracker_days_set(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                              tracker=tracker, days=[1, 4, 10])
    for who in ("dana", "alice"):
        response = sheet(world, who, "?blank=1")
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert all(f"Day {d}" in text for d in (1, 4, 10)) and "Day 7" not in text
        assert all(area in text for area in ("Body", "Emotions", "Relationships", "Sleep and dreams"))
        assert "What I noticed" in text and "Noticing is enough" in text
        assert "meaning" not in text.lower().replace("meaning can come later", "").replace("or meaning", "")


def test_the_blank_worksheet_before_any_session_offers_the_usual_days(world: World) -> None:
    text = pdf_text(sheet(world, "dana", "?blank=1").content)
    assert all(f"Day {d}" in text for d in DEFAULT_DAYS)


def test_the_filled_worksheet_is_the_clients_alone(world: World, entries: dict[str, ShiftEntry]) -> None:
    assert sheet(world, "alice", f"?entry={entries['dream'].pk}").status_code == 404
    assert sheet(world, "alice").status_code == 404
    for who in ("carl", "eve", "oscar"):
        assert sheet(world, who, "?blank=1").status_code == 404


@pytest.mark.parametrize("query", ["?entry=x", "?entry=1.5", "?entry=", "?entry=-3", "?entry=%EF%BC%91"])
def test_an_entry_id_that_is_not_a_number_is_refused_with_the_reason(world: World, query: str,
                                                                      entries: dict[str, ShiftEntry]) -> None:
    response = sheet(world, "dana", query)
    assert response.status_code == 400
    assert "is not an entry of yours" in response.content.decode()


def test_an_entry_of_someone_else_or_deleted_is_refused(world: World, entries: dict[str, ShiftEntry]) -> None:
    services.shift_delete(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                          entry=entries["tears"])
    for chosen in (entries["tears"].pk, 99999999):
        response = sheet(world, "dana", f"?entry={entries['loose'].pk}&entry={chosen}")
        assert response.status_code == 400 and "not among yours" in response.content.decode()


def test_the_blank_worksheet_with_a_bad_tracker_is_not_found(world: World) -> None:
    assert sheet(world, "dana", "?blank=1&tracker=abc").status_code == 404


def test_nothing_is_fetched_while_rendering(world: World, entries: dict[str, ShiftEntry], monkeypatch: Any) -> None:
    asked: list[str] = []

    def fetch(self: object, url: str, headers: object = None) -> None:
        asked.append(url)
        raise ValueError(url)

    monkeypatch.setattr(worksheet.NothingFetched, "fetch", fetch)
    assert sheet(world, "dana").status_code == 200 and sheet(world, "dana", "?blank=1").status_code == 200
    assert asked == []


def test_the_reader_finds_words_in_a_hand_made_page() -> None:
    pdf = worksheet.pdf("integration/worksheet.html", {"groups": [], "count": 0})
    assert "You have not noted any shifts yet" in pdf_text(pdf)
