"""An API token is made only by someone who passed their second factor: on the Security page, a session that
passed it; through the API, the code given with the password (a wrong one counts toward lockout)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.access.policy import NotAllowed
from cocreate.accounts import services as account_services
from cocreate.accounts.models import ApiToken, Practice
from tests.accounts.second_factor_helpers import SECRET, enrol, recovery_codes, totp_now
from tests.api_helpers import Api
from tests.conftest import PASSWORD, World


def _issue(code: str | None = None, email: str = "alice@example.org", password: str = PASSWORD) -> Any:
    body = {"email": email, "password": password, "name": "laptop"}
    if code is not None:
        body["code"] = code
    return Api().post("/auth/token", body)


def test_the_security_page_refuses_a_session_that_did_not_pass(world: World) -> None:
    enrol(world.alice)
    client = world.client_for(world.alice)  # signed in without the second step
    response = client.post(reverse("security"), {"name": "laptop"})
    assert response.status_code == 400
    assert b"Sign in with your second factor before making an API token." in response.content
    assert not ApiToken.objects.exists()


def test_the_security_page_makes_one_after_the_second_step(world: World) -> None:
    enrol(world.alice)
    client = Client()
    client.post(reverse("login"), {"username": "alice@example.org", "password": PASSWORD})
    client.post("/accounts/login/second-step/", {"code": totp_now(SECRET)})
    response = client.post(reverse("security"), {"name": "laptop"})
    assert response.status_code == 200 and b"cct_" in response.content
    assert ApiToken.objects.filter(user=world.alice).count() == 1


def test_without_a_factor_and_not_required_nothing_changes(world: World) -> None:
    response = world.client_for(world.dana).post(reverse("security"), {"name": "phone"})
    assert response.status_code == 200 and b"cct_" in response.content
    assert _issue(email="dana@example.org").status_code == 201


def test_required_but_not_set_up_is_refused(world: World) -> None:
    Practice.objects.filter(pk=world.practice.pk).update(second_factor_required=True)
    response = _issue()
    assert (response.status_code, response.json()["code"]) == (403, "second_factor_enrolment_required")
    with pytest.raises(NotAllowed):
        account_services.api_token_create(actor=world.alice, name="x")
    assert not ApiToken.objects.exists()


def test_the_api_asks_for_the_code(world: World) -> None:
    enrol(world.alice)
    missing = _issue()
    assert (missing.status_code, missing.json()["code"]) == (401, "second_factor_required")
    wrong = _issue(code="000000" if totp_now(SECRET) != "000000" else "111111")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "second_factor_wrong")
    assert not ApiToken.objects.exists()
    right = _issue(code=totp_now(SECRET))
    assert right.status_code == 201 and right.json()["token"].startswith("cct_")
    recovery = _issue(code=recovery_codes(world.alice)[0])
    assert recovery.status_code == 201
    assert len(recovery_codes(world.alice)) == 9


def test_wrong_codes_through_the_api_lock_out(world: World, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    enrol(world.alice)
    assert [_issue(code=f"99999{i}").status_code for i in range(3)] == [401, 401, 429]
    locked = _issue(code=totp_now(SECRET))
    assert (locked.status_code, locked.json()["code"]) == (429, "locked_out")
    assert not ApiToken.objects.exists()


def test_an_overlong_code_is_a_schema_error(world: World) -> None:
    assert _issue(code="1" * 21).status_code == 422
