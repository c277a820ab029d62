"""Bearer tokens for the API: issued for email and password, stored hashed, listed and revoked."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q
from django.test import Client

from cocreate.accounts.models import ApiToken, hash_token
from cocreate.care.models import SharedNote
from tests.api_helpers import Api
from tests.conftest import PASSWORD, World


def _issue(email: str = "alice@example.org", password: str = PASSWORD, name: str = "laptop") -> Any:
    return Api().post("/auth/token", {"email": email, "password": password, "name": name})


def test_token_for_email_and_password_works_on_me(world: World) -> None:
    response = _issue()
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "laptop"
    assert body["token"].startswith("cct_")
    me = Api(body["token"]).get("/me")
    assert me.status_code == 200
    assert me.json()["email"] == "alice@example.org"
    assert me.json()["id"] == world.alice.pk
    assert {m["role"] for m in me.json()["memberships"]} == {"facilitator", "admin"}


def test_email_is_matched_case_insensitively(world: World) -> None:
    response = _issue(email="  Alice@Example.ORG ")
    assert response.status_code == 201


def test_token_is_stored_hashed(world: World) -> None:
    raw = _issue().json()["token"]
    token = ApiToken.objects.get(user=world.alice)
    assert token.token_hash == hash_token(raw)
    assert token.token_hash != raw
    assert raw not in token.token_hash
    assert token.prefix == raw[:10]
    assert not ApiToken.objects.filter(Q(token_hash=raw) | Q(name=raw) | Q(prefix=raw)).exists()


def test_use_updates_last_used(world: World) -> None:
    raw = _issue().json()["token"]
    assert ApiToken.objects.get(user=world.alice).last_used is None
    assert Api(raw).get("/me").status_code == 200
    assert ApiToken.objects.get(user=world.alice).last_used is not None


def test_wrong_password_is_401_json(world: World) -> None:
    response = _issue(password="wrong-password-here")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "wrong" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_unknown_email_is_the_same_401(world: World) -> None:
    response = _issue(email="nobody@example.org")
    assert response.status_code == 401
    assert response.json()["detail"] == _issue(password="wrong-password-here").json()["detail"]


def test_missing_fields_are_422_json(world: World) -> None:
    response = Api().post("/auth/token", {"email": "alice@example.org"})
    assert response.status_code == 422
    assert "password" in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token_and_old_tokens_stop(world: World) -> None:
    raw = _issue().json()["token"]
    world.alice.is_active = False
    world.alice.save()
    assert _issue().status_code == 401
    assert Api(raw).get("/me").status_code == 401


def test_no_token_and_garbage_token_are_401(world: World) -> None:
    for api in (Api(), Api("cct_garbage"), Api("")):
        response = api.get("/me")
        assert response.status_code == 401
        assert "detail" in response.json()


def test_list_tokens_shows_own_tokens_without_secret(world: World) -> None:
    first = _issue(name="laptop").json()
    second = _issue(name="phone").json()
    _issue(email="bea@example.org", name="bea's")
    rows = Api(first["token"]).get("/auth/tokens").json()
    assert {r["name"] for r in rows} == {"laptop", "phone"}
    assert {r["id"] for r in rows} == {first["id"], second["id"]}
    for row in rows:
        assert "token" not in row
        assert first["token"] not in str(row)
        assert row["revoked_at"] is None
        assert set(row) == {"id", "name", "prefix", "created", "last_used", "revoked_at"}


def test_revoked_token_is_refused(world: World) -> None:
    keep = _issue(name="keep").json()
    drop = _issue(name="drop").json()
    response = Api(keep["token"]).delete(f"/auth/tokens/{drop['id']}")
    assert response.status_code == 204
    assert Api(drop["token"]).get("/me").status_code == 401
    assert Api(keep["token"]).get("/me").status_code == 200
    rows = {r["name"]: r for r in Api(keep["token"]).get("/auth/tokens").json()}
    assert rows["drop"]["revoked_at"] is not None
    assert rows["keep"]["revoked_at"] is None


def test_token_may_revoke_itself(world: World) -> None:
    token = _issue().json()
    assert Api(token["token"]).delete(f"/auth/tokens/{token['id']}").status_code == 204
    assert Api(token["token"]).get("/me").status_code == 401


def test_nobody_may_revoke_or_see_another_persons_token(world: World) -> None:
    alice = _issue().json()
    bea = Api.as_user(world.bea)
    assert bea.delete(f"/auth/tokens/{alice['id']}").status_code == 404
    assert alice["id"] not in {r["id"] for r in bea.get("/auth/tokens").json()}
    assert Api(alice["token"]).get("/me").status_code == 200


def test_session_cookie_also_authenticates_reads(world: World) -> None:
    response = world.client_for(world.dana).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "dana@example.org"


def test_session_writes_need_csrf_but_bearer_writes_do_not(world: World) -> None:
    path = f"/api/v1/engagements/{world.engagement.pk}/shared-notes"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.alice)
    refused = browser.post(path, json.dumps({"body": "forged"}), content_type="application/json")
    assert refused.status_code == 403
    assert not SharedNote.objects.filter(body="forged").exists()
    raw = _issue().json()["token"]
    script = Client(enforce_csrf_checks=True)
    accepted = script.post(path, json.dumps({"body": "scripted"}), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert accepted.status_code == 201
    assert SharedNote.objects.get(body="scripted").author == world.alice
