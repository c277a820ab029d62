"""The client's whole record: every form downloads, the FHIR Bundle validates resource by resource, nothing private
is in it, the client's own download leaves no access event, and a care team's transfer export holds only what the
client chose to share, is recorded and told to the client (web, API and CLI)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from cocreate.access.models import AccessEvent
from cocreate.care import services as care
from cocreate.care.models import Kind, PhaseTransition, Session, SessionKind
from cocreate.inbox.models import Notice
from cocreate.interop import selectors
from cocreate.medicine.models import MedicineRecord
from tests.api_helpers import Api
from tests.conftest import World
from tests.interop.archive_helpers import (
    FEEDBACK,
    FLAG_ACTION,
    HIDDEN,
    JOURNAL,
    NEVER,
    OWN,
    PNG,
    SHARED_NOTE,
    SHIFT,
    own_sections,
    rich,
    transfer_shared,
)
from tests.pdf import pdf_text


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def valid_bundle(bundle: dict[str, Any]) -> set[str]:
    """Validates the Bundle and then each resource by its own model; the resource types in it."""
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return {e["resource"]["resourceType"] for e in bundle["entry"]}


def readable(bundle: dict[str, Any]) -> str:
    """The Bundle's JSON with every inline attachment decoded, so planted text cannot hide in base64."""
    decoded = [base64.b64decode(e["resource"]["content"][0]["attachment"]["data"]).decode()
               for e in bundle["entry"] if e["resource"]["resourceType"] == "DocumentReference"
               and "data" in e["resource"]["content"][0]["attachment"]]
    return json.dumps(bundle) + "\n".join(decoded)


def nothing_private(text: str) -> None:
    for what, planted in NEVER.items():
        assert planted not in text, what


def test_the_client_downloads_each_form_and_nothing_private_is_in_it(world: World) -> None:
    rich(world)
    dana = world.client_for(world.dana)
    got = {}
    for form in ("json", "fhir", "pdf", "zip"):
        response = dana.get(f"/engagements/{world.engagement.pk}/record/{form}/")
        assert response.status_code == 200, form
        assert "attachment" in response["Content-Disposition"]
        got[form] = body(response)
    data = json.loads(got["json"])
    text = got["json"].decode()
    for shown in (SHARED_NOTE, JOURNAL, SHIFT, FEEDBACK, FLAG_ACTION, "Walk every morning"):
        assert shown in text
    nothing_private(text)
    engagement = data["engagements"][0]
    assert {"sessions", "agreements", "shared_notes", "medicine", "measures", "integration", "feedback",
            "access_log"} <= set(engagement)
    assert engagement["medicine"][0]["timeline"] and engagement["measures"]["scores"]
    assert engagement["agreements"][0]["revisions"][0]["decisions"] is not None

    bundle = json.loads(got["fhir"])
    kinds = valid_bundle(bundle)
    assert {"Patient", "Encounter", "QuestionnaireResponse", "Observation", "Goal", "Consent", "CarePlan",
            "DocumentReference", "AuditEvent", "Communication"} <= kinds
    assert SHARED_NOTE in readable(bundle) and JOURNAL in readable(bundle)
    nothing_private(readable(bundle))
    inline = [e["resource"]["content"][0]["attachment"] for e in bundle["entry"]
              if e["resource"]["resourceType"] == "DocumentReference"]
    assert any(a.get("url", "").startswith("files/") for a in inline)  # the journal's file, in the zip

    pdf = pdf_text(got["pdf"])
    assert "walking helps" in pdf and "Who has seen my record" in pdf
    nothing_private(pdf)

    with zipfile.ZipFile(io.BytesIO(got["zip"])) as zf:
        names = zf.namelist()
        assert {"record.json", "record.fhir.json", "record.pdf", "README.txt"} <= set(names)
        files = [n for n in names if n.startswith("files/")]
        assert len(files) == 1 and ".." not in files[0] and zf.read(files[0]) == PNG
        nothing_private(zf.read("record.json").decode() + zf.read("record.fhir.json").decode())


def test_the_clients_own_download_leaves_no_access_event(world: World) -> None:
    rich(world)
    before = AccessEvent.objects.count()
    assert world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/record/zip/").status_code == 200
    assert world.client_for(world.dana).get("/my/record/json/").status_code == 200
    assert AccessEvent.objects.count() == before


def test_all_of_a_clients_engagements_in_one_archive_and_none_of_anyone_elses(world: World) -> None:
    second = care.engagement_create(actor=world.alice, practice=world.practice, client_id=world.dana.pk,
                                    kind=Kind.PSYCHOTHERAPY, title="Dana, later")
    rich(world)
    data = json.loads(body(world.client_for(world.dana).get("/my/record/json/")))
    assert {e["id"] for e in data["engagements"]} == {world.engagement.pk, second.pk}
    nothing_private(json.dumps(data))


def test_only_the_client_takes_their_own_download(world: World) -> None:
    path = f"/engagements/{world.engagement.pk}/record/json/"
    assert world.client_for(world.alice).get(path).status_code == 403  # the team exports for a transfer instead
    for outsider in (world.carl, world.eve, world.fay, world.oscar, world.olga):
        assert world.client_for(outsider).get(path).status_code == 404
    assert world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/record/exe/").status_code == 404
    assert world.client_for(None).get(path).status_code == 302


def test_my_care_offers_the_download(world: World) -> None:
    page = world.client_for(world.dana).get("/my/").content.decode()
    assert "Your record, yours to take" in page and f"/engagements/{world.engagement.pk}/record/zip/" in page


def test_a_transfer_without_consent_holds_nothing_clinical_and_says_why(world: World) -> None:
    rich(world)
    PhaseTransition.objects.create(engagement=world.engagement, from_phase="consultation", to_phase="screening",
                                   actor=world.alice, reason="PLANTED-PHASE-REASON")
    Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION, starts_at=timezone.now(),
                           duration_minutes=60, status="cancelled", cancel_reason="PLANTED-CANCEL-REASON",
                           created_by=world.alice)
    alice = world.client_for(world.alice)
    path = f"/engagements/{world.engagement.pk}/transfer-export/"
    page = alice.get(path)
    assert page.status_code == 200 and "has not agreed to share anything" in page.content.decode()
    assert not AccessEvent.objects.filter(what="whole record export").exists()  # the page reads nothing
    response = alice.post(path, {"form": "json"})
    assert response.status_code == 200
    data = json.loads(body(response))
    engagement = data["engagements"][0]
    assert data["about"]["kind"] == "transfer" and "sessions" in engagement
    for section in ("agreements", "shared_notes", "medicine", "measures", "integration", "feedback", "access_log"):
        assert section not in engagement
    assert SHARED_NOTE not in json.dumps(data)
    assert "PLANTED-PHASE-REASON" not in json.dumps(data) and "PLANTED-CANCEL-REASON" not in json.dumps(data)
    nothing_private(json.dumps(data))
    event = AccessEvent.objects.get(what="whole record export")
    assert event.actor == world.alice and event.engagement == world.engagement and event.via == "web"
    assert Notice.objects.filter(recipient=world.dana, engagement=world.engagement,
                                 title__contains="exported your record").exists()


def test_a_transfer_holds_what_the_client_chose_to_share(world: World) -> None:
    rich(world)
    transfer_shared(world, "shared_notes", "measures")
    own = json.loads(body(world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/record/fhir/")))
    valid_bundle(own)
    [sharing] = [e["resource"] for e in own["entry"] if e["resource"]["id"].startswith("data-sharing-")]
    assert [a["text"] for a in sharing["provision"]["action"]] == ["shared_notes", "measures"]
    pdf = pdf_text(body(world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/record/pdf/")))
    assert "Shared on the transfer of care to Carl" in pdf
    response = world.client_for(world.alice).post(f"/engagements/{world.engagement.pk}/transfer-export/",
                                                  {"form": "fhir"})
    bundle = json.loads(body(response))
    kinds = valid_bundle(bundle)
    text = readable(bundle)
    assert SHARED_NOTE in text
    assert {"QuestionnaireResponse", "Observation", "Consent"} <= kinds and "Goal" not in kinds
    assert JOURNAL not in text and "AuditEvent" not in kinds
    nothing_private(text)


def test_the_transfer_page_names_a_bad_form_and_only_the_team_has_it(world: World) -> None:
    path = f"/engagements/{world.engagement.pk}/transfer-export/"
    response = world.client_for(world.alice).post(path, {"form": "exe"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not AccessEvent.objects.filter(what="whole record export").exists()
    assert world.client_for(world.dana).get(path).status_code == 403
    assert world.client_for(world.carl).get(path).status_code == 404


def test_the_api_gives_the_client_their_archive_and_the_team_a_transfer_export(world: World) -> None:
    rich(world)
    dana = Api.as_user(world.dana)
    e = world.engagement.pk
    got = dana.get(f"/engagements/{e}/archive?format=fhir")
    assert got.status_code == 200 and got["Content-Type"] == "application/fhir+json"
    valid_bundle(json.loads(body(got)))
    assert dana.get("/me/archive?format=json").status_code == 200
    bad = dana.get(f"/engagements/{e}/archive?format=exe")
    assert bad.status_code == 422 and "detail" in bad.json()
    alice = Api.as_user(world.alice)
    assert alice.get(f"/engagements/{e}/archive?format=json").status_code == 403
    assert Api.as_user(world.carl).get(f"/engagements/{e}/archive?format=json").status_code == 404
    assert dana.post(f"/engagements/{e}/archive/transfer?format=json").status_code == 403
    exported = alice.post(f"/engagements/{e}/archive/transfer?format=json")
    assert exported.status_code == 200
    assert AccessEvent.objects.filter(what="whole record export", via="api").count() == 1


def test_the_cli_exports_under_a_named_persons_access(world: World, tmp_path: Path, capsys: Any) -> None:
    rich(world)
    own = tmp_path / "own.json"
    call_command("export_client", str(own), engagement=world.engagement.pk, form="json", as_email=world.dana.email)
    assert "the client's own archive" in capsys.readouterr().out
    assert SHARED_NOTE in own.read_text()
    assert not AccessEvent.objects.filter(what="whole record export").exists()
    team = tmp_path / "team.pdf"
    call_command("export_client", str(team), engagement=world.engagement.pk, form="pdf", as_email=world.alice.email)
    assert "transfer export" in capsys.readouterr().out and team.read_bytes().startswith(b"%PDF-")
    assert AccessEvent.objects.filter(what="whole record export", via="cli").count() == 1
    with pytest.raises(CommandError, match="may not export"):
        call_command("export_client", str(tmp_path / "x.zip"), engagement=world.engagement.pk,
                     as_email=world.carl.email)
    with pytest.raises(CommandError, match="exists"):
        call_command("export_client", str(own), engagement=world.engagement.pk, as_email=world.dana.email)


def test_a_medicine_session_still_under_way_is_in_it_only_if_the_client_asked_to_see_it_live(world: World) -> None:
    session = Session.objects.create(engagement=world.engagement, kind=SessionKind.MEDICINE, starts_at=timezone.now(),
                                     duration_minutes=300, created_by=world.alice)
    record = MedicineRecord.objects.create(session=session, engagement=world.engagement, pack="test_open",
                                           started_by=world.alice)
    assert selectors.own_archive(world.dana, world.engagement.pk).data["engagements"][0]["medicine"] == []
    record.client_sees_live = True
    record.save(update_fields=["client_sees_live"])
    assert len(selectors.own_archive(world.dana, world.engagement.pk).data["engagements"][0]["medicine"]) == 1


def test_the_clients_own_sections_are_in_every_form_and_what_they_may_not_see_is_not(world: World) -> None:
    """Screening answers and decisions, readiness check-ins, ruptures and repair, fit reviews, endings, identity
    items, fees and payments, library questions and replies, patterns and what steadies them: each in the JSON, the
    PDF and (where a FHIR resource fits) the Bundle; the care team's unshown fit answers, another person's identity
    items and the fund's reasons in none."""
    rich(world)
    own_sections(world.engagement, world.dana, world.alice)
    dana = world.client_for(world.dana)
    text = body(dana.get(f"/engagements/{world.engagement.pk}/record/json/")).decode()
    pdf = pdf_text(body(dana.get(f"/engagements/{world.engagement.pk}/record/pdf/")))
    bundle = json.loads(body(dana.get(f"/engagements/{world.engagement.pk}/record/fhir/")))
    kinds = valid_bundle(bundle)
    fhir_text = readable(bundle)
    for what, planted in OWN.items():
        assert planted in text, what
        assert planted in pdf.replace("\n", " "), what
    for what in ("screening answer", "screening decision", "readiness check-in", "library question",
                 "library reply"):
        assert OWN[what] in fhir_text, what
    for what in ("rupture", "fit answer", "identity", "payment", "pattern", "resource"):  # JSON and PDF only
        assert OWN[what] not in fhir_text, what
    for where in (text, pdf, fhir_text):
        nothing_private(where)
        for what, planted in HIDDEN.items():
            assert planted not in where, what
    assert {"QuestionnaireResponse", "Communication", "DocumentReference"} <= kinds
    screening = [e["resource"] for e in bundle["entry"] if e["resource"]["id"].startswith("screening-")
                 and e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert screening and screening[0]["item"][0]["linkId"] == "lithium_30d"
    for heading in ("Health and safety screening", "Readiness check-ins", "When something did not feel right",
                    "Is this a good fit?", "Ending our work", "Fees and payments", "Questions in the library",
                    "Patterns and what steadies me", "Who I am, in my own words"):
        assert heading in pdf, heading
    data = json.loads(text)
    fees = data["engagements"][0]["fees"]["sessions"]
    assert any(line["paid"] == 8000 and line["from_the_fund"] == 4000 and line["to_pay"] == 0 for line in fees)
    [fit] = [r for r in data["engagements"][0]["fit_reviews"] if not r["answers"]]
    assert fit["answers_not_yet_readable"] == 1  # the team answered; Dana has not, so she does not read it yet


def test_a_transfer_carries_none_of_the_clients_own_sections(world: World) -> None:
    rich(world)
    own_sections(world.engagement, world.dana, world.alice)
    transfer_shared(world, "agreements", "shared_notes", "measures", "medicine", "integration")
    alice = world.client_for(world.alice)
    path = f"/engagements/{world.engagement.pk}/transfer-export/"
    text = body(alice.post(path, {"form": "json"})).decode()
    pdf = pdf_text(body(alice.post(path, {"form": "pdf"})))
    fhir_text = readable(json.loads(body(alice.post(path, {"form": "fhir"}))))
    engagement = json.loads(text)["engagements"][0]
    for section in ("screening", "readiness", "ruptures", "fit_reviews", "endings", "fees", "library",
                    "patterns_and_resources"):
        assert section not in engagement, section
    assert "identity" not in json.loads(text)["person"]
    for where in (text, pdf, fhir_text):
        for what, planted in {**OWN, **HIDDEN}.items():
            assert planted not in where, what
    assert "Who I am" not in pdf and "Fees and payments" not in pdf
