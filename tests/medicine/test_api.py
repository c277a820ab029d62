"""The medicine session through the API: begun only through the gate (409 with the rule), entries sent in batches
with the page's own ids (a resend stored once, a bad one refused with its reason), the client reading afterwards,
and nobody else at all."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from cocreate.medicine.models import Entry
from cocreate.protocols import services as protocols
from tests.api_helpers import Api
from tests.conftest import World
from tests.medicine.helpers import begun, oregon_session
from tests.protocols.gate_helpers import access


def path(world: World, session_id: int, tail: str = "") -> str:
    return f"/engagements/{world.engagement.pk}/sessions/{session_id}/medicine{tail}"


def note(text: str, **extra: object) -> dict[str, object]:
    return {"uid": str(uuid.uuid4()), "kind": "note", "at": timezone.now().isoformat(), "data": {"text": text},
            **extra}


def test_start_is_refused_with_the_rule_until_the_gate_is_open(world: World) -> None:
    session = oregon_session(world)
    protocols.checkin_submit(actor=world.dana, access=access(world.dana, world.engagement), readiness="talk_first")
    api = Api.as_user(world.alice)
    refused = api.post(path(world, session.pk, "/start"))
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "gate_closed" and [u["key"] for u in body["unmet"]] == ["readiness"]
    protocols.checkin_submit(actor=world.dana, access=access(world.dana, world.engagement), readiness="ready")
    started = api.post(path(world, session.pk, "/start"))
    assert started.status_code == 201 and started.json()["pack"] == "oregon_psilocybin"


def test_a_batch_is_stored_once_and_each_entry_answers_for_itself(world: World) -> None:
    session = oregon_session(world)
    begun(world, session)
    api = Api.as_user(world.bea)
    first, second = note("Resting, eyes closed"), note("Asked for water")
    future = note("Later", at=(timezone.now() + timedelta(hours=1)).isoformat())
    response = api.post(path(world, session.pk, "/entries"), {"entries": [first, second, future]})
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["added", "added", "refused"]
    again = api.post(path(world, session.pk, "/entries"), {"entries": [first, second]}).json()["results"]
    assert [r["status"] for r in again] == ["already", "already"]
    assert Entry.objects.filter(record__session=session).count() == 2
    bad = api.post(path(world, session.pk, "/entries"), {"entries": [{**note("x"), "kind": "poem"}]})
    assert bad.status_code == 422
    too_many = api.post(path(world, session.pk, "/entries"), {"entries": [note(str(i)) for i in range(201)]})
    assert too_many.status_code == 422


def test_the_client_reads_the_record_once_it_has_ended(world: World) -> None:
    session = oregon_session(world)
    record = begun(world, session)
    Api.as_user(world.alice).post(path(world, session.pk, "/entries"), {"entries": [note("Smiling")]})
    client = Api.as_user(world.dana)
    assert client.get(path(world, session.pk)).status_code == 403
    assert client.post(path(world, session.pk, "/entries"), {"entries": [note("mine")]}).status_code == 403
    ended = Api.as_user(world.alice).post(path(world, session.pk, "/end"), {"early_reason": "Felt unwell; ended"})
    assert ended.status_code == 200 and ended.json()["ended_at"]
    read = client.get(path(world, session.pk))
    assert read.status_code == 200
    [entry] = read.json()["entries"]
    assert entry["text"] == "Smiling"
    added = client.post(path(world, session.pk, f"/entries/{entry['id']}/recollections"), {"body": "I felt light"})
    assert added.status_code == 201 and added.json()["body"] == "I felt light"
    assert record.pk == read.json()["id"]


def test_nobody_else_sees_or_writes_it(world: World) -> None:
    session = oregon_session(world)
    begun(world, session)
    for outsider in (world.oscar, world.olga, world.carl, world.eve):
        api = Api.as_user(outsider)
        assert api.get(path(world, session.pk)).status_code == 404
        assert api.post(path(world, session.pk, "/entries"), {"entries": [note("x")]}).status_code == 404
    assert Entry.objects.count() == 0
