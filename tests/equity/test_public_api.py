"""The public page's API: anonymous read with matching, anonymous requests (limits, honeypot, 429, 413), and the
practice's side."""

from __future__ import annotations

import json

from django.test import Client

from cocreate.equity.models import ConsultationRequest
from tests.api_helpers import Api
from tests.conftest import World
from tests.equity.public_helpers import published, sent


def test_anonymous_reads_the_page_with_reasons(world: World) -> None:
    published(world)
    response = Client().get("/api/v1/public/juniper?language=Portuguese&modality=IFS&time=weekend")
    assert response.status_code == 200
    body = response.json()
    assert [f["name"] for f in body["facilitators"]] == ["Alice", "Carl"]
    assert body["facilitators"][0]["met"] == ["speaks Portuguese", "offers IFS"]
    assert body["facilitators"][1]["met"] == ["has weekends"]
    assert body["tiers"] == [] and "Portuguese" in body["languages"]
    assert Client().get("/api/v1/public/nope").status_code == 404


def test_anonymous_request_then_429(world: World, settings: object) -> None:
    settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = 1  # type: ignore[attr-defined]
    published(world)
    api = Api()
    assert api.post("/public/juniper/requests", {"email": "bia@ex.org", "preferences": {"languages": ["x"]}}
                    ).status_code == 202
    second = api.post("/public/juniper/requests", {"email": "bia@ex.org"})
    assert second.status_code == 429 and second.json()["detail"]


def test_bad_input_honeypot_and_size(world: World) -> None:
    published(world)
    api = Api()
    bad = api.post("/public/juniper/requests", {"email": "nope", "facilitator_id": world.olga.pk})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"email", "facilitator"}
    assert api.post("/public/juniper/requests", {"email": "a@ex.org", "name": "\x00"}).status_code == 422
    assert api.post("/public/juniper/requests", {"email": "bot@ex.org", "website": "x"}).status_code == 202
    big = api.post("/public/juniper/requests", raw=json.dumps({"email": "a@ex.org", "message": "x" * 30_000}))
    assert big.status_code == 413
    assert not ConsultationRequest.objects.exists()


def test_practice_side(world: World) -> None:
    found = sent(world, published(world))
    base = f"/practices/{world.practice.pk}"
    assert Api.as_user(world.olga).get(base + "/requests").status_code == 404
    listed = Api.as_user(world.carl).get(base + "/requests").json()
    assert [r["id"] for r in listed] == [found.pk]
    fay = Api.as_user(world.fay)
    assert fay.post(f"{base}/requests/{found.pk}/accept", {"kind": "psychotherapy"}).status_code == 403
    carl = Api.as_user(world.carl)
    assert carl.post(f"{base}/requests/{found.pk}/accept", {"kind": "nothing"}).status_code == 400
    accepted = carl.post(f"{base}/requests/{found.pk}/accept", {"kind": "psychotherapy"})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = carl.post(f"{base}/requests/{found.pk}/decline", {"reply": "no"})
    assert again.status_code == 400


def test_settings_and_listing(world: World) -> None:
    base = f"/practices/{world.practice.pk}"
    alice = Api.as_user(world.alice)
    assert alice.get(base + "/public-page").json()["saved"] is False
    saved = alice.client.put("/api/v1" + base + "/public-page", json.dumps({"slug": "jun", "published": True}),
                             content_type="application/json", **alice.headers)
    assert saved.status_code == 200 and saved.json()["published"] is True
    assert Api.as_user(world.bea).get(base + "/public-page").status_code == 404
    bea = Api.as_user(world.bea)
    put = bea.client.put("/api/v1" + base + "/listing", json.dumps({"times": ["never"]}),
                         content_type="application/json", **bea.headers)
    assert put.status_code == 400 and "times" in put.json()["errors"]
    assert bea.get(base + "/listing").json()["taking_clients"] is True
