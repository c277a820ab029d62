"""Looking back through the API: the timeline as points, the worksheet PDF and the client's zip, with the same rules as
the web (the care team reads shared entries and leaves an access event; the worksheet and the zip are the client's)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.accounts import services as account_services
from cocreate.accounts.models import User
from cocreate.integration import services
from cocreate.integration.models import ShiftEntry
from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.integration.test_lookback_worksheet import pdf_text


def api(user: User, path: str) -> Any:
    _token, raw = account_services.api_token_create(actor=user, name="t")
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def entries(world: World) -> dict[str, ShiftEntry]:
    tracker = tracker_after(world, days_ago=3)
    shared = note(world, tracker, "My shoulders felt loose", day=1, domains=("body", "emotions"), share=True)
    private = note(world, tracker, "Something only mine", day=2)
    gone = note(world, tracker, "Shared, then deleted", day=3, share=True)
    services.shift_delete(actor=world.dana, access=engagement_access(world.dana, world.engagement), entry=gone)
    return {"shared": shared, "private": private, "gone": gone}


def test_the_client_reads_every_point_with_its_words(world: World, entries: dict[str, ShiftEntry]) -> None:
    response = api(world.dana, f"/engagements/{world.engagement.pk}/integration/timeline")
    assert response.status_code == 200
    body = response.json()
    assert body["tracker"]["id"] == entries["shared"].tracker_id and len(body["trackers"]) == 1
    points = {p["id"]: p for p in body["points"]}
    assert points[entries["shared"].pk] == {
        "id": entries["shared"].pk, "day": 1, "on": entries["shared"].on.isoformat(),
        "domains": ["body", "emotions"], "shared": True, "deleted": False, "text": "My shoulders felt loose"}
    assert points[entries["private"].pk]["text"] == "Something only mine"
    assert points[entries["private"].pk]["shared"] is False
    assert (points[entries["gone"].pk]["deleted"], points[entries["gone"].pk]["text"]) == (True, None)
    assert not AccessEvent.objects.filter(engagement=world.engagement).exists()


def test_the_care_team_reads_shared_points_only_and_is_recorded(world: World,
                                                                entries: dict[str, ShiftEntry]) -> None:
    response = api(world.alice, f"/engagements/{world.engagement.pk}/integration/timeline")
    assert response.status_code == 200
    points = {p["id"]: p for p in response.json()["points"]}
    assert set(points) == {entries["shared"].pk, entries["gone"].pk}
    assert points[entries["gone"].pk]["text"] is None
    [event] = AccessEvent.objects.filter(engagement=world.engagement)
    assert (event.actor, event.what, event.via) == (world.alice, "integration look-back", "api")


def test_no_tracker_yet_is_an_empty_timeline(world: World) -> None:
    body = api(world.dana, f"/engagements/{world.engagement.pk}/integration/timeline").json()
    assert body == {"tracker": None, "trackers": [], "points": []}


@pytest.mark.parametrize("tracker", ["abc", "99999999", "-1"])
def test_a_tracker_that_is_not_there_is_404(world: World, entries: dict[str, ShiftEntry], tracker: str) -> None:
    response = api(world.dana, f"/engagements/{world.engagement.pk}/integration/timeline?tracker={tracker}")
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga"])
def test_outsiders_are_not_found(world: World, entries: dict[str, ShiftEntry], who: str) -> None:
    base = f"/engagements/{world.engagement.pk}/integration"
    for path in ("/timeline", "/worksheet.pdf", "/worksheet.pdf?blank=true", "/download.zip"):
        assert api(getattr(world, who), base + path).status_code == 404, path


def test_the_worksheet_lists_the_chosen_entries(world: World, entries: dict[str, ShiftEntry]) -> None:
    response = api(world.dana, f"/engagements/{world.engagement.pk}/integration/worksheet.pdf"
                               f"?entry={entries['private'].pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Something only mine" in text and "My shoulders felt loose" not in text


def test_the_care_team_prints_a_blank_sheet_but_not_a_filled_one(world: World,
                                                                  entries: dict[str, ShiftEntry]) -> None:
    base = f"/engagements/{world.engagement.pk}/integration/worksheet.pdf"
    assert api(world.alice, base).status_code == 404
    blank = api(world.alice, base + "?blank=true")
    assert blank.status_code == 200 and "What I noticed" in pdf_text(blank.content)


@pytest.mark.parametrize("query", ["?entry=x", "?entry=12&entry=1.5", "?entry=99999999"])
def test_a_bad_entry_is_a_400_naming_the_field(world: World, entries: dict[str, ShiftEntry], query: str) -> None:
    response = api(world.dana, f"/engagements/{world.engagement.pk}/integration/worksheet.pdf{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["entry"]


def test_the_zip_is_the_clients(world: World, entries: dict[str, ShiftEntry]) -> None:
    path = f"/engagements/{world.engagement.pk}/integration/download.zip"
    assert api(world.alice, path).status_code == 404
    response = api(world.dana, path)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert "shift-entries.json" in names and "worksheet.pdf" in names


def test_the_paths_are_in_the_schema(world: World) -> None:
    paths = api(world.dana, "/openapi.json").json()["paths"]
    base = "/api/v1/engagements/{engagement_id}/integration"
    assert {base + "/timeline", base + "/worksheet.pdf", base + "/download.zip"} <= set(paths)
    assert "application/pdf" in paths[base + "/worksheet.pdf"]["get"]["responses"]["200"]["content"]
