"""The archive's forms: readable JSON, a PDF a person can read, FHIR (archive_fhir), and one zip holding all three
with the journal's files. Each is written from the same gathered record, so they never disagree."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from cocreate.integration.worksheet import NothingFetched
from cocreate.interop import archive_fhir
from cocreate.interop.archive import SECTIONS, SHARED_LABELS, Record, file_path

FORMS = ("zip", "fhir", "json", "pdf")
CONTENT_TYPES = {"zip": "application/zip", "fhir": "application/fhir+json", "json": "application/json",
                 "pdf": "application/pdf"}
EXTENSIONS = {"zip": "zip", "fhir": "fhir.json", "json": "json", "pdf": "pdf"}


def fhir_base() -> str:
    return settings.SITE_URL + "/api/v1"


def as_json(record: Record) -> bytes:
    return (json.dumps(record.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n").encode()


def _for_reading(record: Record) -> list[dict[str, Any]]:
    """The engagements as the PDF shows them: a section left out is None (the template says nothing of it), and
    each agreement in force as (title, value) lines."""
    out = []
    for e in record.data["engagements"]:
        shown = {**e, **{name: e.get(name) for name in SECTIONS}}
        if shown["agreements"] is not None:
            shown["agreements"] = [
                {**doc, "agreed_lines": [tuple(line.split(": ", 1)) for line in
                                         archive_fhir.plain(doc["kind"], agreed["content"]).splitlines()]
                 if (agreed := archive_fhir.in_force(doc)) else []}
                for doc in shown["agreements"]]
        shown["sharing"] = [{**h, "labels": [str(SHARED_LABELS.get(k, k)) for k in h["shared"]]}
                            for h in e.get("sharing_on_transfer", [])]
        if shown["access_log"] is not None:
            shown["access_log"] = _by_month(shown["access_log"])
        out.append(shown)
    return out


def _by_month(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The access log for reading: the same reader, read and reason within a month on one line, with how many times
    and from when to when (the JSON and FHIR forms keep every event)."""
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for a in events:
        key = (a["at"].year, a["at"].month, a["who"], a["what_label"], a["reason"])
        line = lines.setdefault(key, {**a, "first": a["at"], "times": 0})
        line["times"] += 1
        line["at"] = a["at"]
    return list(lines.values())


def as_pdf(record: Record) -> bytes:
    about = record.data["about"]
    html = render_to_string("interop/archive_pdf.html", {
        "record": record, "data": record.data, "about": about, "engagements": _for_reading(record),
        "left_out": [str(SHARED_LABELS[k]) for k in about["left_out"] if k in SHARED_LABELS],
        "lang": translation.get_language() or "en"})
    return bytes(HTML(string=html, base_url=None, url_fetcher=NothingFetched()).write_pdf(pdf_tags=True))


def file_name(record: Record, form: str) -> str:
    """`record-2026-11-30.zip`; a transfer's names the client, as the receiving practice files it."""
    day = record.made_at.date().isoformat()
    who = f"-{record.scope.person.pk}" if record.scope.transfer else ""
    return f"record{who}-{day}.{EXTENSIONS[form]}"


def render(record: Record, form: str) -> IO[bytes]:
    """The archive in one form, as a temporary file read from its start (deleted when closed)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response or the CLI, which closes it
    try:
        if form == "zip":
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                _zip(zf, record)
        elif form == "fhir":
            out.write(archive_fhir.as_json(record, base_url=fhir_base()))
        elif form == "json":
            out.write(as_json(record))
        elif form == "pdf":
            out.write(as_pdf(record))
        else:
            raise ValueError(form)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _zip(zf: zipfile.ZipFile, record: Record) -> None:
    zf.writestr("record.json", as_json(record))
    zf.writestr("record.fhir.json", archive_fhir.as_json(record, base_url=fhir_base()))
    zf.writestr("record.pdf", as_pdf(record))
    missing = []
    for attachment in record.files:
        path = file_path(attachment)
        try:
            with attachment.file.open("rb") as source, zf.open(path, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
        except (FileNotFoundError, ValueError, OSError):
            missing.append(path)
    zf.writestr("README.txt", _readme(record, missing))


def _readme(record: Record, missing: list[str]) -> str:
    about = record.data["about"]
    lines = [
        _("A record from cocreate about %(name)s, made %(when)s by %(by)s.")
        % {"name": record.data["person"]["name"], "when": record.made_at.isoformat(), "by": about["made_by"]},
        "",
        _("record.pdf        to read and print"),
        _("record.json       the same, as data that keeps every field"),
        _("record.fhir.json  the same as a FHIR R4 Bundle, which other health software can read; the journal's"),
        _("                  files in it point to files/ in this zip"),
        _("files/            drawings, photos and voice notes from the journal"),
        "",
        _("Never in it: private notes, a facilitator's reflection journal, a follow-up's private note, or anything "
          "about another person's care."),
    ]
    if record.scope.transfer:
        lines += ["", _("Made for a transfer of care: it holds only what the client chose to share.")]
    if missing:
        lines += ["", _("These files could not be read from storage and are not in this zip:"), *missing]
    return "\n".join(lines) + "\n"
