"""The client's download of all their integration material: their entries and what was said beside them, their
patterns, what steadies them, their check-ins, their journal and its files, and the filled worksheet, in one zip.

The zip is built in a temporary file (a journal's voice notes can be large) and its names are made here, never
taken from what a client typed or uploaded, so nothing in it can land outside the folder it is unpacked into.
"""

from __future__ import annotations

import csv
import io
import json
import mimetypes
import re
import shutil
import tempfile
import zipfile
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess
from cocreate.integration import worksheet
from cocreate.integration.models import (
    Attachment,
    JournalEntry,
    Pattern,
    Reflection,
    Resource,
    ShiftEntry,
    StepCheckIn,
    Tracker,
)

# The journal's kinds of file, so a file opens by its name whatever the system's list of types holds.
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
              "audio/webm": ".webm", "audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a",
              "audio/wav": ".wav", "audio/x-wav": ".wav"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell beginning so


def archive(access: EngagementAccess) -> IO[bytes]:
    """The zip, in a temporary file read from its start (deleted when closed). The client's alone: 404 for anyone
    else, as for something that is not there."""
    if not access.is_client:
        raise Http404
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            _write(zf, access)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def file_name() -> str:
    return f"integration-{timezone.localdate().isoformat()}.zip"


def _write(zf: zipfile.ZipFile, access: EngagementAccess) -> None:
    engagement = access.engagement
    me = engagement.client_id
    trackers = list(Tracker.objects.filter(engagement=engagement).select_related("session").order_by("began_at", "id"))
    entries = list(ShiftEntry.objects.filter(engagement=engagement).order_by("on", "id"))
    reflections = list(Reflection.objects.filter(entry__engagement=engagement).select_related("author")
                       .order_by("created", "id"))
    patterns = list(Pattern.objects.filter(engagement=engagement).select_related("suggested_by")
                    .prefetch_related(Prefetch("entries", ShiftEntry.objects.only("id"))).order_by("created", "id"))
    resources = list(Resource.objects.filter(engagement=engagement).prefetch_related("uses").order_by("created", "id"))
    check_ins = list(StepCheckIn.objects.filter(engagement=engagement).select_related("author")
                     .order_by("created", "id"))
    journal = list(JournalEntry.objects.filter(engagement=engagement).order_by("on", "id"))
    files = list(Attachment.objects.filter(entry__engagement=engagement).order_by("created", "id"))
    began = {t.pk: t.began_on for t in trackers}

    _json(zf, "trackers.json", [
        {"id": t.pk, "session": {"id": t.session_id, "kind": t.session.kind, "starts_at": t.session.starts_at},
         "began_on": t.began_on, "invitation_days": t.days} for t in trackers])
    _json(zf, "shift-entries.json", [
        {"id": e.pk, "tracker": e.tracker_id, "on": e.on, "day": e.day, "domains": e.domains,
         "what_i_noticed": None if e.deleted_at else e.text, "shared_at": e.shared_at if e.is_shared else None,
         "deleted_at": e.deleted_at, "created": e.created, "changed": e.changed} for e in entries])
    _json(zf, "reflections.json", [
        {"id": r.pk, "entry": r.entry_id, "by": r.author.name, "by_you": r.author_id == me, "session": r.session_id,
         "body": r.body, "created": r.created} for r in reflections])
    _json(zf, "patterns.json", [
        {"id": p.pk, "name": p.name, "state": p.state, "suggested_name": p.suggested_name or None,
         "suggested_by": p.suggested_by.name if p.suggested_by else None,
         "entries": sorted(e.pk for e in p.entries.all()), "created": p.created, "changed": p.changed}
        for p in patterns])
    _json(zf, "resources.json", [
        {"id": r.pk, "name": r.name, "how": r.how, "created": r.created, "retired_at": r.retired_at,
         "uses": [{"used_on": u.used_on, "helped": u.helped or None} for u in r.uses.all()]} for r in resources])
    _json(zf, "step-check-ins.json", [
        {"id": c.pk, "step": c.step, "plan_revision": c.revision_number, "status": c.status, "note": c.note,
         "by": c.author.name, "created": c.created} for c in check_ins])

    by_entry: dict[int, list[dict[str, Any]]] = {}
    missing: list[str] = []
    deleted_journal = {j.pk for j in journal if j.deleted_at is not None}
    for a in files:
        path = None
        if a.entry_id not in deleted_journal:  # a deleted page's files went with it
            path = f"journal-files/{a.entry_id}/{a.uid}-{safe_name(a.name, a.content_type)}"
            if not _copy(zf, a, path):
                missing.append(path)
                path = None
        by_entry.setdefault(a.entry_id, []).append(
            {"uid": a.uid, "kind": a.kind, "content_type": a.content_type, "size": a.size, "name": a.name,
             "created": a.created, "in_this_zip": path})
    _json(zf, "journal.json", [
        {"id": j.pk, "on": j.on, "text": None if j.deleted_at else j.text,
         "shared_at": j.shared_at if j.is_shared else None, "deleted_at": j.deleted_at, "created": j.created,
         "changed": j.changed, "files": by_entry.get(j.pk, [])} for j in journal])

    zf.writestr("shift-entries.csv", _csv(entries, began))
    kept = [e for e in entries if e.deleted_at is None]
    groups = [worksheet.Group(t, [e for e in kept if e.tracker_id == t.pk]) for t in trackers]
    zf.writestr("worksheet.pdf", worksheet.filled_pdf([g for g in groups if g.entries]))
    zf.writestr("README.txt", _readme(missing))


def safe_name(name: str, content_type: str) -> str:
    """The client's name for a file, reduced to letters, digits, dots, dashes and underscores, with no folders in
    it and an extension that matches its content."""
    base = re.sub(r"[^\w.-]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")[:60] or "file"
    kind = content_type.split(";")[0].strip().lower()
    extension = EXTENSIONS.get(kind) or mimetypes.guess_extension(kind) or ""
    if not extension or base.lower().endswith(extension):
        return base
    stem, dot, ending = base.rpartition(".")
    known = {*EXTENSIONS.values(), ".jpeg", ".oga", ".opus", ".weba"}
    return f"{stem if dot and f'.{ending.lower()}' in known else base}{extension}"


def _copy(zf: zipfile.ZipFile, attachment: Attachment, path: str) -> bool:
    """The stored file into the zip, read in pieces through the storage API; False if it is not there."""
    try:
        with attachment.file.open("rb") as source, zf.open(path, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
    except (FileNotFoundError, ValueError, OSError):
        return False
    return True


def _json(zf: zipfile.ZipFile, name: str, data: object) -> None:
    zf.writestr(name, json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(entries: list[ShiftEntry], began: dict[int, Any]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that a spreadsheet reads the words as UTF-8
    writer = csv.writer(out)
    writer.writerow([_("entry"), _("session day (day 0)"), _("date"), _("day"), _("areas"), _("shared"),
                     _("deleted"), _("what I noticed")])
    for e in entries:
        writer.writerow([e.pk, began[e.tracker_id].isoformat(), e.on.isoformat(), e.day, ", ".join(e.domains),
                         _("yes") if e.is_shared else _("no"), _("yes") if e.deleted_at else _("no"),
                         "" if e.deleted_at else _cell(e.text)])
    return out.getvalue()


def _readme(missing: list[str]) -> str:
    lines = [
        _("Your integration material from cocreate, as of %(when)s.") % {"when": timezone.now().isoformat()},
        "",
        _("shift-entries.json   the shifts you noted, in your words, with their areas, days and sharing"),
        _("shift-entries.csv    the same entries as a table for a spreadsheet (a cell that begins with = + - or @"),
        _("                     starts with ' here, so the spreadsheet shows it rather than runs it)"),
        _("reflections.json     what you and your care team said beside your shared entries"),
        _("patterns.json        the patterns you named, and the groupings your care team suggested"),
        _("resources.json       what steadies you, and each time you used it"),
        _("step-check-ins.json  your check-ins on the action steps of your integration plan"),
        _("journal.json         your journal pages, with the files of each"),
        _("journal-files/       the drawings, photos and voice notes of your journal"),
        _("trackers.json        the sessions you noted shifts after, and the days you were invited to"),
        _("worksheet.pdf        your entries, printable"),
        "",
        _("Entries you deleted are listed without their words, as they are kept in cocreate."),
    ]
    if missing:
        lines += ["", _("These files could not be read from storage and are not in this zip:"), *missing]
    return "\n".join(lines) + "\n"
