"""A signed-in request reads its session and its person from the cache, and its time zone and second-factor state
from the session, so the trivial page costs no query at all; every change still reaches the next request (or, for
what the session remembers, the next minute)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.accounts import services
from cocreate.accounts.second_factor import services as second_factor_services
from tests.conftest import World


def _queries(client: Any, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries.captured_queries]


def _a_minute_on(client: Any) -> None:
    session = client.session
    session["cocreate_last_seen"] = time.time() - 61
    session.save()


def test_the_trivial_page_signed_in_reads_nothing_from_the_database(world: World) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("ping"))  # marks her as seen, remembers her zone and that she needs no second factor
    assert _queries(client, reverse("ping")) == []
    assert client.get(reverse("ping")).content.strip() == b"ok"


def test_the_session_is_kept_in_the_database_too_and_survives_a_cleared_cache(world: World) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("ping"))
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    cache.clear()
    assert client.get(reverse("caseload")).status_code == 200  # read again from the database, still signed in


def test_signing_out_ends_the_session_at_once_cache_and_all(world: World) -> None:
    client = world.client_for(world.alice)
    client.get(reverse("ping"))
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    thief = world.client_for(None)
    thief.cookies["sessionid"] = cookie
    assert thief.get(reverse("caseload")).status_code == 302


def test_a_deactivated_person_is_signed_out_on_their_next_request(world: World) -> None:
    client = world.client_for(world.carl)
    assert client.get(reverse("caseload")).status_code == 200
    world.carl.is_active = False
    world.carl.save()
    assert client.get(reverse("caseload")).status_code == 302


def test_a_changed_password_ends_the_other_sessions_at_once(world: World) -> None:
    other = world.client_for(world.carl)
    assert other.get(reverse("caseload")).status_code == 200
    world.carl.set_password("a-new-long-password-2")
    world.carl.save()
    assert other.get(reverse("caseload")).status_code == 302


def test_a_new_name_shows_on_the_next_page(world: World) -> None:
    client = world.client_for(world.carl)
    client.get(reverse("caseload"))
    world.carl.name = "Carlos"
    world.carl.save()
    assert b"Carlos" in client.get(reverse("caseload")).content


def test_the_practice_zone_reaches_other_sessions_within_a_minute(world: World) -> None:
    dana = world.client_for(world.dana)
    dana.get(reverse("ping"))
    services.practice_time_zone_set(actor=world.alice, practice=world.practice, time_zone="Pacific/Auckland")
    assert dana.get(reverse("ping")).wsgi_request.session["cocreate_memo"]["practice_zone"] != "Pacific/Auckland"
    _a_minute_on(dana)
    request = dana.get(reverse("ping")).wsgi_request
    assert request.session["cocreate_memo"]["practice_zone"] == "Pacific/Auckland"


def test_the_admin_who_changes_the_zone_sees_it_at_once(world: World) -> None:
    alice = world.client_for(world.alice)
    alice.get(reverse("ping"))
    alice.post(reverse("practice_time_zone", args=[world.practice.pk]), {"time_zone": "Asia/Tokyo"})
    assert alice.get(reverse("ping")).wsgi_request.session["cocreate_memo"]["practice_zone"] == "Asia/Tokyo"


def test_a_required_second_factor_reaches_signed_in_staff_within_a_minute(world: World) -> None:
    carl = world.client_for(world.carl)
    assert carl.get(reverse("caseload")).status_code == 200
    second_factor_services.practice_second_factor_set(actor=world.fay, practice=world.practice, required=True)
    assert carl.get(reverse("caseload")).status_code == 200  # remembered until he is next marked as seen
    _a_minute_on(carl)
    assert carl.get(reverse("caseload"))["Location"] == reverse("second_factor")
    assert carl.get(reverse("caseload"))["Location"] == reverse("second_factor")  # and on every page after
