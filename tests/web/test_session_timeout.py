"""Browser sessions end on the server after idle time and after their absolute lifetime."""

from __future__ import annotations

import time
from typing import Any

from django.urls import reverse

from tests.conftest import World


def _age_session(client: Any, *, idle: float = 0, since_start: float = 0) -> None:
    session = client.session
    session["cocreate_last_seen"] = time.time() - idle
    session["cocreate_started"] = time.time() - since_start
    session.save()


def test_idle_session_ends_and_asks_to_sign_in_again(world: World, settings: Any) -> None:
    client = world.client_for(world.alice)
    assert client.get(reverse("caseload")).status_code == 200
    _age_session(client, idle=settings.SESSION_IDLE_TIMEOUT + 5)
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # The session is gone on the server: the next request is anonymous too.
    assert client.get(reverse("caseload")).status_code == 302


def test_active_session_still_ends_after_its_absolute_lifetime(world: World, settings: Any) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("caseload"))
    _age_session(client, idle=0, since_start=settings.SESSION_COOKIE_AGE + 5)
    assert client.get(reverse("caseload")).status_code == 302


def test_idle_session_is_refused_by_the_api(world: World, settings: Any) -> None:
    client = world.client_for(world.alice)
    assert client.get("/api/v1/me").status_code == 200
    _age_session(client, idle=settings.SESSION_IDLE_TIMEOUT + 5)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_logout_ends_the_session_on_the_server(world: World) -> None:
    client = world.client_for(world.alice)
    key = client.session.session_key
    assert client.post(reverse("logout")).status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("caseload")).status_code == 302


def _session_writes(client: Any, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def test_a_signed_in_read_does_not_rewrite_the_session_each_time(world: World) -> None:
    client = world.client_for(world.alice)
    url = reverse("caseload")
    client.get(url)  # the first request marks her as seen
    assert _session_writes(client, url) == []  # within the minute: nothing written
    _age_session(client, idle=61)
    assert _session_writes(client, url) != []  # a minute on, she is marked as seen again
    assert _session_writes(client, url) == []


def test_a_new_session_is_marked_as_seen_so_its_idle_time_counts(world: World, settings: Any) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("caseload"))
    assert "cocreate_last_seen" in client.session
