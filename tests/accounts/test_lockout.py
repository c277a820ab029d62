"""Login lockout: repeated failures pause sign-in for one account from one address, for a while only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import ApiToken
from tests.api_helpers import Api
from tests.conftest import PASSWORD, World

EMAIL = "alice@example.org"


def _web_login(client: Client, password: str, email: str = EMAIL) -> Any:
    return client.post(reverse("login"), {"username": email, "password": password})


def _api_login(password: str, email: str = EMAIL) -> Any:
    return Api().post("/auth/token", {"email": email, "password": password})


def _fail_web(times: int, email: str = EMAIL) -> list[int]:
    client = Client()
    return [_web_login(client, f"wrong-password-{i}", email).status_code for i in range(times)]


def _fail_api(times: int, email: str = EMAIL) -> list[int]:
    return [_api_login(f"wrong-password-{i}", email).status_code for i in range(times)]


def _age_attempts(by: timedelta) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


def test_a_few_failures_do_not_lock(world: World) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail_web(limit - 1) == [200] * (limit - 1)
    response = _web_login(Client(), PASSWORD)
    assert response.status_code == 302


def test_success_resets_the_count(world: World) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    _fail_web(limit - 1)
    assert _web_login(Client(), PASSWORD).status_code == 302
    assert _fail_web(limit - 1) == [200] * (limit - 1)
    assert _web_login(Client(), PASSWORD).status_code == 302


def test_web_login_locks_after_the_limit_even_for_the_right_password(world: World) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail_web(limit)
    assert statuses[:-1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    client = Client()
    response = _web_login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_api_token_endpoint_locks_after_the_limit(world: World) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail_api(limit)
    assert statuses[:-1] == [401] * (limit - 1)
    assert statuses[-1] == 429
    response = _api_login(PASSWORD)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "Too many failed sign-in attempts" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_failures_on_the_web_also_lock_the_api_and_back(world: World) -> None:
    _fail_web(settings.AXES_FAILURE_LIMIT)
    assert _api_login(PASSWORD).status_code == 429
    _fail_api(settings.AXES_FAILURE_LIMIT, email="bea@example.org")
    assert _web_login(Client(), PASSWORD, "bea@example.org").status_code == 429


def test_lockout_of_one_account_leaves_others_alone(world: World) -> None:
    _fail_web(settings.AXES_FAILURE_LIMIT)
    assert _web_login(Client(), PASSWORD, "bea@example.org").status_code == 302
    assert _api_login(PASSWORD, "bea@example.org").status_code == 201


def test_existing_tokens_keep_working_during_lockout(world: World) -> None:
    api = Api.as_user(world.alice)
    _fail_api(settings.AXES_FAILURE_LIMIT)
    assert api.get("/me").status_code == 200


def test_lockout_ends_after_the_cool_off(world: World) -> None:
    _fail_web(settings.AXES_FAILURE_LIMIT)
    assert _web_login(Client(), PASSWORD).status_code == 429
    assert _api_login(PASSWORD).status_code == 429
    _age_attempts(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    client = Client()
    assert _web_login(client, PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session
    assert _api_login(PASSWORD).status_code == 201


def test_api_lockout_ends_after_the_cool_off(world: World) -> None:
    _fail_api(settings.AXES_FAILURE_LIMIT)
    assert _api_login(PASSWORD).status_code == 429
    _age_attempts(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    assert _api_login(PASSWORD).status_code == 201


def test_still_locked_just_before_the_cool_off_ends(world: World) -> None:
    _fail_api(settings.AXES_FAILURE_LIMIT)
    _age_attempts(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert _api_login(PASSWORD).status_code == 429


def test_shorter_cool_off_setting_is_honoured(world: World, settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    _fail_api(settings.AXES_FAILURE_LIMIT)
    assert _api_login(PASSWORD).status_code == 429
    assert "1 minutes" in _api_login(PASSWORD).json()["detail"]
    _age_attempts(timedelta(minutes=2))
    assert _api_login(PASSWORD).status_code == 201


def test_an_attacker_elsewhere_cannot_lock_the_account_holder_out(world: World) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [_web_login(attacker, f"guess-{i}").status_code for i in range(settings.AXES_FAILURE_LIMIT + 3)]
    assert statuses[-1] == 429
    assert _web_login(attacker, PASSWORD).status_code == 429
    assert _web_login(Client(), PASSWORD).status_code == 302
    assert _api_login(PASSWORD).status_code == 201
