"""Signing in with a second factor: the password opens a second step; a code, a recovery code (once) or a passkey
finishes it; a wrong code is refused and counts toward the same lockout as a wrong password."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import SecondFactorEvent
from cocreate.accounts.second_factor.selectors import PASSED_KEY
from tests.accounts.second_factor_helpers import SECRET, enrol, forget_used_codes, recovery_codes, totp_now
from tests.conftest import PASSWORD, World

STEP = "/accounts/login/second-step/"


def _password(client: Client, email: str = "alice@example.org", password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"username": email, "password": password})


def _code(client: Client, code: str) -> Any:
    return client.post(STEP, {"code": code})


def _failures() -> int:
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username="alice@example.org"))


def test_the_password_alone_does_not_sign_in_someone_with_a_second_factor(world: World) -> None:
    enrol(world.alice)
    client = Client()
    response = _password(client)
    assert (response.status_code, response["Location"]) == (302, STEP)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("login"))
    page = client.get(STEP)
    assert page.status_code == 200
    assert b"Second step" in page.content and b'autocomplete="one-time-code"' in page.content
    assert b"Use a passkey" not in page.content  # she has no passkey


def test_the_right_code_signs_in_and_marks_the_session(world: World) -> None:
    enrol(world.alice)
    client = Client()
    _password(client)
    response = _code(client, totp_now(SECRET))
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert int(client.session["_auth_user_id"]) == world.alice.pk
    assert client.session[PASSED_KEY]
    assert client.get(reverse("caseload")).status_code == 200


def test_next_is_kept_through_the_second_step(world: World) -> None:
    enrol(world.alice)
    client = Client()
    client.post(reverse("login") + "?next=/supervision/", {"username": "alice@example.org", "password": PASSWORD,
                                                           "next": "/supervision/"})
    assert _code(client, totp_now(SECRET))["Location"] == "/supervision/"


def test_a_code_works_once(world: World) -> None:
    enrol(world.alice)
    code = totp_now(SECRET)
    first = Client()
    _password(first)
    assert _code(first, code).status_code == 302
    second = Client()
    _password(second)
    assert _code(second, code).status_code == 400  # replayed within its window
    assert "_auth_user_id" not in second.session


def test_a_wrong_code_is_refused_plainly_and_counted(world: World) -> None:
    enrol(world.alice)
    client = Client()
    _password(client)
    response = _code(client, "000000" if totp_now(SECRET) != "000000" else "111111")
    assert response.status_code == 400
    assert b"That code is not right" in response.content
    assert b'aria-invalid="true"' in response.content
    assert "_auth_user_id" not in client.session
    assert _failures() == 1


def test_wrong_codes_lock_the_sign_in_like_wrong_passwords(world: World, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    enrol(world.alice)
    client = Client()
    assert _password(client, password="wrong-password").status_code == 200  # one wrong password
    _password(client)
    assert _code(client, "12345").status_code == 400  # two
    response = _code(client, "54321")  # three: the limit
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    # Locked: even the right code, and even the right password again, are refused until the pause ends.
    assert _code(client, totp_now(SECRET)).status_code == 429
    assert "_auth_user_id" not in client.session
    assert _password(Client()).status_code == 429


def test_a_recovery_code_works_once(world: World) -> None:
    enrol(world.alice)
    code = recovery_codes(world.alice)[0]
    client = Client()
    _password(client)
    response = _code(client, code)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("recovery code" in m and "9 left" in m for m in messages)
    assert code not in recovery_codes(world.alice)
    assert SecondFactorEvent.objects.filter(user=world.alice, kind="code_used").count() == 1
    again = Client()
    _password(again)
    assert _code(again, code).status_code == 400
    assert "_auth_user_id" not in again.session


def test_the_second_step_lapses(world: World, settings: Any) -> None:
    enrol(world.alice)
    client = Client()
    _password(client)
    session = client.session
    session["cocreate_second_step"]["at"] -= 10_000
    session.save()
    response = _code(client, totp_now(SECRET))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_second_step_without_a_password_first_goes_to_sign_in(db: None) -> None:
    assert Client().get(STEP)["Location"] == reverse("login")
    assert Client().post(STEP, {"code": "123456"})["Location"] == reverse("login")
    assert Client().post(STEP + "passkey/")["Location"] == reverse("login")


def test_someone_without_a_second_factor_signs_in_with_the_password(world: World) -> None:
    client = Client()
    assert _password(client)["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == world.alice.pk


@pytest.mark.parametrize("code", ["", " ", "x" * 21, "12 34 56 78 90 12 34 56", "\u0000"])
def test_odd_codes_are_refused_without_an_error(world: World, code: str) -> None:
    enrol(world.alice)
    forget_used_codes()
    client = Client()
    _password(client)
    assert _code(client, code).status_code == 400
    assert client.post(STEP, {"code": "", "credential": "{not json"}).status_code == 400
    assert client.post(STEP, {"code": "", "credential": '{"id": "x", "response": {}}'}).status_code == 400


def test_the_passkey_challenge_is_offered_in_the_second_step(world: World) -> None:
    enrol(world.alice)
    client = Client()
    _password(client)
    options = client.post(STEP + "passkey/").json()["request_options"]["publicKey"]
    assert options["challenge"] and options["rpId"] == "testserver"
