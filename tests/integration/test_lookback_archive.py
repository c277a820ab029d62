"""The client's download of all their integration material: one zip with JSON of every part, a CSV of the entries,
the journal's files under names made safe, and the filled worksheet. Nobody else can download it."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.integration import services
from cocreate.integration.archive import safe_name
from cocreate.integration.models import (
    Attachment,
    JournalEntry,
    Pattern,
    Resource,
    ResourceUse,
    ShiftEntry,
    StepCheckIn,
)
from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.integration.test_lookback_worksheet import pdf_text

DRAWING = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def journal_page(world: World, text: str, *, deleted: bool = False, name: str = "my drawing.png") -> Attachment:
    entry = JournalEntry.objects.create(engagement=world.engagement, author=world.dana, on=timezone.localdate(),
                                        text="" if deleted else text,
                                        deleted_at=timezone.now() if deleted else None)
    attachment = Attachment(entry=entry, uid=uuid.uuid4(), kind="image", content_type="image/png",
                            size=len(DRAWING), name=name)
    attachment.file.save("ignored", ContentFile(DRAWING), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def material(world: World, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    tracker = tracker_after(world, days_ago=3)
    loose = note(world, tracker, "My shoulders felt loose", day=1, share=True)
    formula = note(world, tracker, "=1+1 is how calm felt", day=2, domains=("emotions", "thoughts"))
    gone = note(world, tracker, "Gone words", day=2)
    dana = engagement_access(world.dana, world.engagement)
    services.shift_delete(actor=world.dana, access=dana, entry=gone)
    services.reflection_add(actor=world.alice, access=engagement_access(world.alice, world.engagement), entry=loose,
                            body="Perhaps the body letting go")
    services.pattern_name(actor=world.dana, access=dana, name="when I rest I soften", entry_ids=[loose.pk, formula.pk])
    walk = Resource.objects.create(engagement=world.engagement, name="A walk by the river")
    ResourceUse.objects.create(resource=walk, used_on=date(2026, 1, 5), helped="yes")
    StepCheckIn.objects.create(engagement=world.engagement, author=world.dana, step="Call my sister",
                               revision_number=1, status="done", note="We laughed")
    drawing = journal_page(world, "Drew the sea", name="../../etc/passwd\\sea.png")
    journal_page(world, "", deleted=True)
    return {"loose": loose, "formula": formula, "gone": gone, "drawing": drawing}


def download(world: World, who: str) -> Any:
    return world.client_for(getattr(world, who)).get(reverse("integration_download", args=[world.engagement.pk]))


def unzip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="integration-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_every_part_and_the_json_reads_back(world: World, material: dict[str, Any]) -> None:
    zf = unzip(download(world, "dana"))
    drawing: Attachment = material["drawing"]
    file_path = f"journal-files/{drawing.entry_id}/{drawing.uid}-sea.png"
    assert set(zf.namelist()) == {
        "README.txt", "trackers.json", "shift-entries.json", "shift-entries.csv", "reflections.json",
        "patterns.json", "resources.json", "step-check-ins.json", "journal.json", "worksheet.pdf", file_path}
    entries = {e["id"]: e for e in json.loads(zf.read("shift-entries.json"))}
    assert set(entries) == set(ShiftEntry.objects.values_list("pk", flat=True))
    loose = entries[material["loose"].pk]
    assert loose["what_i_noticed"] == "My shoulders felt loose" and loose["domains"] == ["body"]
    assert loose["day"] == 1 and loose["shared_at"] is not None
    gone = entries[material["gone"].pk]
    assert gone["what_i_noticed"] is None and gone["deleted_at"] is not None
    [reflection] = json.loads(zf.read("reflections.json"))
    assert (reflection["entry"], reflection["by"], reflection["by_you"]) == (material["loose"].pk, "Alice", False)
    [pattern] = json.loads(zf.read("patterns.json"))
    assert pattern["name"] == "when I rest I soften"
    assert pattern["entries"] == sorted([material["loose"].pk, material["formula"].pk])
    [resource] = json.loads(zf.read("resources.json"))
    assert resource["uses"] == [{"used_on": "2026-01-05", "helped": "yes"}]
    [check_in] = json.loads(zf.read("step-check-ins.json"))
    assert (check_in["step"], check_in["status"], check_in["note"]) == ("Call my sister", "done", "We laughed")
    journal = {j["id"]: j for j in json.loads(zf.read("journal.json"))}
    [shown] = journal[drawing.entry_id]["files"]
    assert shown["in_this_zip"] == file_path and shown["name"] == "../../etc/passwd\\sea.png"
    [deleted] = [j for j in journal.values() if j["deleted_at"]]
    assert deleted["text"] is None and [f["in_this_zip"] for f in deleted["files"]] == [None]
    assert zf.read(file_path) == DRAWING
    assert [t["id"] for t in json.loads(zf.read("trackers.json"))] == [material["loose"].tracker_id]


def test_the_csv_is_readable_and_a_formula_is_shown_not_run(world: World, material: dict[str, Any]) -> None:
    zf = unzip(download(world, "dana"))
    rows = list(csv.reader(io.StringIO(zf.read("shift-entries.csv").decode("utf-8-sig"))))
    assert rows[0][0] == "entry" and len(rows) == 4
    by_id = {int(r[0]): r for r in rows[1:]}
    assert by_id[material["formula"].pk][-1] == "'=1+1 is how calm felt"
    assert by_id[material["formula"].pk][4] == "emotions, thoughts"
    assert by_id[material["gone"].pk][-1] == "" and by_id[material["gone"].pk][6] == "yes"


def test_the_worksheet_inside_lists_every_entry_not_deleted(world: World, material: dict[str, Any]) -> None:
    text = pdf_text(unzip(download(world, "dana")).read("worksheet.pdf"))
    assert "My shoulders felt loose" in text and "=1+1 is how calm felt" in text and "Gone words" not in text


def test_no_name_inside_the_zip_can_leave_its_folder(world: World, material: dict[str, Any]) -> None:
    for name in unzip(download(world, "dana")).namelist():
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name


@pytest.mark.parametrize("name,kind,expected", [
    ("../../etc/passwd", "image/png", "passwd.png"), ("C:\\Users\\me\\x.jpg", "image/jpeg", "x.jpg"),
    ("..", "audio/ogg", "file.ogg"), ("", "image/webp", "file.webp"),
    ("voice note.webm", "audio/webm", "voice_note.webm"), ("note", "audio/webm;codecs=opus", "note.webm"),
    ("photo.jpeg", "image/jpeg", "photo.jpg"), ("my.holiday", "image/png", "my.holiday.png"),
])
def test_safe_names(name: str, kind: str, expected: str) -> None:
    assert safe_name(name, kind) == expected


def test_a_file_missing_from_storage_is_named_in_the_readme(world: World, material: dict[str, Any]) -> None:
    drawing: Attachment = material["drawing"]
    drawing.file.storage.delete(drawing.file.name)
    zf = unzip(download(world, "dana"))
    assert not [n for n in zf.namelist() if n.startswith("journal-files/")]
    assert f"journal-files/{drawing.entry_id}/{drawing.uid}-sea.png" in zf.read("README.txt").decode()


@pytest.mark.parametrize("who", ["alice", "bea", "carl", "eve", "oscar"])
def test_only_the_client_can_download(world: World, material: dict[str, Any], who: str) -> None:
    assert download(world, who).status_code == 404


def test_an_empty_record_downloads_too(world: World) -> None:
    zf = unzip(download(world, "dana"))
    assert json.loads(zf.read("shift-entries.json")) == [] and pdf_text(zf.read("worksheet.pdf"))
    assert Pattern.objects.count() == 0
