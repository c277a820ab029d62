"""Invitations: who may invite whom, accepting as a new or existing person, and unusable links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cocreate.accounts.models import Invitation, Membership, Role, User
from tests.api_helpers import Api
from tests.conftest import PASSWORD, World


def _invite(api: Api, world: World, role: str = "client", email: str = "nia@example.org") -> Any:
    return api.post(f"/practices/{world.practice.pk}/invitations", {"email": email, "name": "Nia", "role": role})


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def _issue(world: World, role: str = "client", email: str = "nia@example.org") -> tuple[Invitation, str]:
    response = _invite(Api.as_user(world.alice), world, role, email)
    assert response.status_code == 201, response.content
    body = response.json()
    return Invitation.objects.get(pk=body["id"]), _token(body["url"])


@pytest.mark.parametrize("role", ["client", "facilitator", "supervisor", "admin"])
def test_admin_may_invite_every_role(world: World, role: str) -> None:
    response = _invite(Api.as_user(world.fay), world, role)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == role
    assert body["status"] == "pending"
    assert body["url"].startswith("http")
    assert "/invite/" in body["url"]
    invitation = Invitation.objects.get(pk=body["id"])
    assert invitation.invited_by == world.fay
    assert _token(body["url"]) not in invitation.token_hash


def test_invitation_email_carries_the_link(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(Api.as_user(world.alice), world)
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia@example.org"]
    assert response.json()["url"] in mail.outbox[0].body
    assert "Juniper" in mail.outbox[0].subject


def test_facilitator_may_invite_clients(world: World) -> None:
    response = _invite(Api.as_user(world.bea), world, "client")
    assert response.status_code == 201
    assert response.json()["role"] == "client"


@pytest.mark.parametrize("role", ["facilitator", "supervisor", "admin"])
def test_facilitator_may_not_invite_other_roles(world: World, role: str) -> None:
    response = _invite(Api.as_user(world.carl), world, role)
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["dana", "gus", "olga"])
def test_clients_supervisors_and_outsiders_cannot_invite(world: World, who: str) -> None:
    response = _invite(Api.as_user(getattr(world, who)), world)
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_unknown_role_and_bad_email_are_refused(world: World) -> None:
    api = Api.as_user(world.alice)
    bad_role = _invite(api, world, "overlord")
    assert bad_role.status_code == 400
    assert "role" in bad_role.json()["errors"]
    bad_email = _invite(api, world, "client", "not-an-email")
    assert bad_email.status_code == 400
    assert "email" in bad_email.json()["errors"]
    assert not Invitation.objects.exists()


def test_inviting_someone_who_already_has_the_role_is_refused(world: World) -> None:
    response = _invite(Api.as_user(world.alice), world, "client", "DANA@example.org")
    assert response.status_code == 400
    assert "already has that role" in response.json()["detail"]


def test_invitation_list_shows_status(world: World) -> None:
    invitation, _raw = _issue(world)
    rows = Api.as_user(world.bea).get(f"/practices/{world.practice.pk}/invitations").json()
    assert [(r["id"], r["status"], r["url"]) for r in rows] == [(invitation.pk, "pending", None)]
    assert Api.as_user(world.dana).get(f"/practices/{world.practice.pk}/invitations").status_code == 404


def test_accept_as_new_person_creates_account_and_membership(world: World) -> None:
    invitation, raw = _issue(world, "facilitator")
    response = Api().post("/invitations/accept", {"token": raw, "name": "Nia N", "password": PASSWORD})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "nia@example.org"
    assert body["name"] == "Nia N"
    assert [(m["practice_id"], m["role"]) for m in body["memberships"]] == [(world.practice.pk, "facilitator")]
    user = User.objects.get(email="nia@example.org")
    assert user.check_password(PASSWORD)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == user
    token = Api().post("/auth/token", {"email": "nia@example.org", "password": PASSWORD})
    assert token.status_code == 201


def test_accept_as_new_person_needs_a_good_password_and_name(world: World) -> None:
    invitation, raw = _issue(world)
    weak = Api().post("/invitations/accept", {"token": raw, "name": "Nia", "password": "short"})
    assert weak.status_code == 400
    assert "password" in weak.json()["errors"]
    nameless = Api().post("/invitations/accept", {"token": raw, "name": " ", "password": PASSWORD})
    assert nameless.status_code == 400
    assert "name" in nameless.json()["errors"]
    assert not User.objects.filter(email="nia@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_accept_by_existing_person_needs_their_password(world: World) -> None:
    response = Api.as_user(world.olga).post(
        f"/practices/{world.other_practice.pk}/invitations",
        {"email": "eve@example.org", "name": "Eve", "role": "client"},
    )
    raw = _token(response.json()["url"])
    wrong = Api().post("/invitations/accept", {"token": raw, "password": "not-eves-password"})
    assert wrong.status_code == 400
    assert "password" in wrong.json()["errors"]
    assert not Membership.objects.filter(user=world.eve, practice=world.other_practice).exists()
    right = Api().post("/invitations/accept", {"token": raw, "password": PASSWORD})
    assert right.status_code == 201
    assert right.json()["id"] == world.eve.pk
    assert Membership.objects.filter(user=world.eve, practice=world.other_practice, role=Role.CLIENT).exists()
    world.eve.refresh_from_db()
    assert world.eve.check_password(PASSWORD)
    assert world.eve.name == "Eve"


def _expire(invitation: Invitation, raw: str) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def _use(invitation: Invitation, raw: str) -> None:
    assert Api().post("/invitations/accept", {"token": raw, "name": "Nia", "password": PASSWORD}).status_code == 201


def _revoke(invitation: Invitation, raw: str) -> None:
    response = Api.as_user(invitation.invited_by).post(f"/invitations/{invitation.pk}/revoke")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


UNUSABLE = [(_expire, "expired"), (_use, "already been used"), (_revoke, "withdrawn")]


@pytest.mark.parametrize(("spoil", "says"), UNUSABLE, ids=["expired", "reused", "revoked"])
def test_unusable_invitation_says_why_in_api(world: World, spoil: Any, says: str) -> None:
    invitation, raw = _issue(world)
    spoil(invitation, raw)
    users = User.objects.count()
    response = Api().post("/invitations/accept", {"token": raw, "name": "Mallory", "password": PASSWORD + "x"})
    assert response.status_code == 410
    assert response.json()["code"] == "invitation_unusable"
    assert says in response.json()["detail"]
    assert User.objects.count() == users
    assert not User.objects.filter(name="Mallory").exists()


@pytest.mark.parametrize(("spoil", "says"), UNUSABLE, ids=["expired", "reused", "revoked"])
def test_unusable_invitation_says_why_on_the_web(world: World, spoil: Any, says: str) -> None:
    invitation, raw = _issue(world)
    spoil(invitation, raw)
    client = world.client_for(None)
    page = client.get(f"/invite/{raw}/")
    assert page.status_code == 410
    assert says in page.content.decode()
    assert "cannot be used" in page.content.decode()
    posted = client.post(f"/invite/{raw}/", {"name": "Mallory", "password": PASSWORD})
    assert posted.status_code == 410
    assert not User.objects.filter(name="Mallory").exists()


def test_unknown_token_says_not_valid(world: World) -> None:
    response = Api().post("/invitations/accept", {"token": "inv_nonsense", "password": PASSWORD})
    assert response.status_code == 410
    assert "not valid" in response.json()["detail"]
    page = world.client_for(None).get("/invite/inv_nonsense/")
    assert page.status_code == 410
    assert "not valid" in page.content.decode()


def test_accept_on_the_web_signs_in(world: World) -> None:
    invitation, raw = _issue(world)
    client = world.client_for(None)
    page = client.get(f"/invite/{raw}/")
    assert page.status_code == 200
    assert "Juniper" in page.content.decode()
    response = client.post(f"/invite/{raw}/", {"name": "Nia", "password": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(f"/invite/{raw}/").status_code == 410


def test_facilitator_may_not_revoke_a_facilitator_invitation(world: World) -> None:
    invitation, _raw = _issue(world, "facilitator")
    response = Api.as_user(world.bea).post(f"/invitations/{invitation.pk}/revoke")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert Api.as_user(world.olga).post(f"/invitations/{invitation.pk}/revoke").status_code == 404


def test_revoking_twice_is_a_plain_error(world: World) -> None:
    invitation, raw = _issue(world)
    _revoke(invitation, raw)
    again = Api.as_user(world.alice).post(f"/invitations/{invitation.pk}/revoke")
    assert again.status_code == 400
    assert "pending" in again.json()["detail"]
