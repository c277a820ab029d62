"""Every route × every persona × every method: who may see what, and nobody ever gets a 500.

The routes come from the URL resolver, so a new route without a row in CASES fails the suite. Each row says
how to fill in the route's arguments from the `world` fixture and what each persona should get:

- HIDDEN: 404 for every method the route has (405 for a method it lacks) - never 403, never 200.
- SEEN: the persona may use the route: no 404, no 401, no bounce to the login page.
- LOGIN: an anonymous browser is sent to the login page (web routes).
- UNAUTH: an anonymous API caller gets 401 (API routes).
- PUBLIC: open without signing in: a web page answers GET with 200; an API endpoint never asks for a token.
- REASON: a supervisor who has not stated a reason: sent to the supervision page (web) or 404 reason_required (API),
  alike for a supervisee's engagement and anyone else's.

The personas are those of tests/conftest.py (gus, the supervisor, too: the supervision pages are his), plus an
anonymous visitor. Web requests use the browser session with an empty body. API requests use a bearer token, and
API writes on an object carry a well-formed body, so that they reach the access check instead of stopping at
schema validation.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts import services as account_services
from cocreate.accounts.models import Role, User
from cocreate.care import services as care_services
from cocreate.care.models import SessionKind
from tests.conftest import World
from tests.web.cases_agreements import AGREEMENTS_CASES
from tests.web.cases_agreements_web import AGREEMENTS_WEB_CASES
from tests.web.cases_alliance_endings import ALLIANCE_ENDINGS_CASES
from tests.web.cases_alliance_feedback import ALLIANCE_FEEDBACK_CASES
from tests.web.cases_alliance_identity import ALLIANCE_IDENTITY_CASES
from tests.web.cases_alliance_ruptures import ALLIANCE_RUPTURES_CASES
from tests.web.cases_archive import ARCHIVE_CASES
from tests.web.cases_audit import AUDIT_CASES
from tests.web.cases_calendar import CALENDAR_CASES
from tests.web.cases_emergency import EMERGENCY_CASES
from tests.web.cases_equity_fees import EQUITY_FEES_CASES
from tests.web.cases_equity_fund import EQUITY_FUND_API_CASES, EQUITY_FUND_WEB_CASES
from tests.web.cases_equity_public import EQUITY_PUBLIC_CASES
from tests.web.cases_fhir import FHIR_CASES
from tests.web.cases_inbox import INBOX_CASES
from tests.web.cases_integration import INTEGRATION_CASES
from tests.web.cases_integration_journal import INTEGRATION_JOURNAL_CASES
from tests.web.cases_integration_lookback import INTEGRATION_LOOKBACK_CASES
from tests.web.cases_integration_resources import INTEGRATION_RESOURCES_CASES
from tests.web.cases_library import LIBRARY_CASES
from tests.web.cases_measures import MEASURES_CASES
from tests.web.cases_measures_web import MEASURES_WEB_CASES
from tests.web.cases_medicine import MEDICINE_CASES
from tests.web.cases_protocols import PROTOCOLS_CASES
from tests.web.cases_protocols_web import PROTOCOLS_WEB_CASES
from tests.web.cases_reports import REPORTS_CASES
from tests.web.cases_second_factor import SECOND_FACTOR_CASES
from tests.web.matrix import (
    CARE,
    HIDDEN,
    LOGIN,
    LOGIN_PATH,
    METHODS,
    PERSONAS,
    PUBLIC,
    REASON,
    SEEN,
    SIGNED_IN,
    STAFF,
    UNAUTH,
    Case,
    alices_token,
    all_routes,
    engagement,
    invitation,
    invitation_token,
    later,
    no_kwargs,
    only,
    password_reset_link,
    practice,
    session,
    supervision,
    team_member,
)

CORE_CASES: dict[str, Case] = {
    # web: accounts
    "": Case(no_kwargs, SIGNED_IN),
    "ping/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),  # the benchmark's floor
    "accounts/login/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "accounts/logout/": Case(no_kwargs, SIGNED_IN),
    "accounts/signup/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "accounts/security/": Case(no_kwargs, SIGNED_IN),
    "accounts/security/time-zone/": Case(no_kwargs, SIGNED_IN),
    "practices/<int:practice_id>/time-zone/": Case(practice, STAFF),
    "accounts/security/tokens/<int:token_id>/revoke/": Case(alices_token, only("alice")),
    "accounts/password-reset/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "accounts/password-reset/sent/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "accounts/reset/<uidb64>/<token>/": Case(password_reset_link, SIGNED_IN, anonymous=PUBLIC),
    "accounts/reset/done/": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "invite/<str:token>/": Case(invitation_token, SIGNED_IN, anonymous=PUBLIC),
    "practices/<int:practice_id>/": Case(practice, STAFF),
    "practices/<int:practice_id>/invite/": Case(practice, STAFF),
    "invitations/<int:invitation_id>/revoke/": Case(invitation, STAFF),
    # web: care
    "caseload/": Case(no_kwargs, SIGNED_IN),
    "my/": Case(no_kwargs, SIGNED_IN),
    "engagements/new/": Case(no_kwargs, only("alice", "carl", "olga")),  # facilitators somewhere
    "engagements/<int:engagement_id>/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/phase/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/team/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/team/<int:facilitator_id>/remove/": Case(team_member, CARE),
    "engagements/<int:engagement_id>/sessions/new/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/reschedule/": Case(session, CARE),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/cancel/": Case(session, CARE),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/held/": Case(session, CARE),
    "engagements/<int:engagement_id>/sessions/<int:session_id>/postpone/": Case(session, CARE),
    "engagements/<int:engagement_id>/notes/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/private-notes/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/who-has-seen/": Case(engagement, CARE),
    "supervision/": Case(no_kwargs, only("gus")),
    "supervision/<int:supervision_id>/": Case(supervision, only("gus")),
    # API: the schema is public (it describes the code, no data); the API root is nothing
    "api/v1/": Case(no_kwargs, only(), anonymous=HIDDEN),
    "api/v1/docs": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "api/v1/openapi.json": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    # API: accounts
    "api/v1/auth/token": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "api/v1/auth/tokens": Case(no_kwargs, SIGNED_IN),
    "api/v1/auth/tokens/<token_id>": Case(alices_token, only("alice")),
    "api/v1/me": Case(no_kwargs, SIGNED_IN),
    "api/v1/practices": Case(no_kwargs, SIGNED_IN),
    "api/v1/practices/<practice_id>": Case(practice, only("alice", "carl", "fay", "dana", "eve", "gus")),
    "api/v1/practices/<practice_id>/memberships": Case(practice, STAFF),
    "api/v1/practices/<practice_id>/invitations": Case(
        practice, STAFF, body=lambda w: {"email": "someone@example.org", "name": "Someone", "role": Role.CLIENT}
    ),
    "api/v1/invitations/<invitation_id>/revoke": Case(invitation, STAFF),
    "api/v1/invitations/accept": Case(no_kwargs, SIGNED_IN, anonymous=PUBLIC),
    "api/v1/supervision": Case(no_kwargs, SIGNED_IN),
    "api/v1/supervision/<supervision_id>/access": Case(
        supervision, only("gus"), body=lambda w: {"reason": "Reviewing a difficult case together."}
    ),
    # API: care
    "api/v1/engagements": Case(no_kwargs, SIGNED_IN),
    "api/v1/engagements/<engagement_id>": Case(engagement, CARE),
    "api/v1/engagements/<engagement_id>/care-team": Case(
        engagement, CARE, body=lambda w: {"facilitator_id": w.carl.pk}
    ),
    "api/v1/engagements/<engagement_id>/care-team/<facilitator_id>": Case(team_member, CARE),
    "api/v1/engagements/<engagement_id>/transitions": Case(
        engagement, CARE, body=lambda w: {"to_phase": "screening", "reason": "ready"}
    ),
    "api/v1/engagements/<engagement_id>/sessions": Case(
        engagement, CARE,
        body=lambda w: {"kind": "preparation", "starts_at": later(3), "duration_minutes": 60, "location": "Room 1"},
    ),
    "api/v1/engagements/<engagement_id>/sessions/<session_id>": Case(
        session, CARE, body=lambda w: {"starts_at": later(4), "duration_minutes": 60, "location": "Room 3"}
    ),
    "api/v1/engagements/<engagement_id>/sessions/<session_id>/cancel": Case(
        session, CARE, body=lambda w: {"reason": "Ill today"}
    ),
    "api/v1/engagements/<engagement_id>/sessions/<session_id>/held": Case(session, CARE),
    "api/v1/engagements/<engagement_id>/sessions/<session_id>/postpone": Case(session, CARE),
    "api/v1/me/waiting": Case(no_kwargs, SIGNED_IN),
    "api/v1/engagements/<engagement_id>/shared-notes": Case(engagement, CARE, body=lambda w: {"body": "shared"}),
    "api/v1/engagements/<engagement_id>/private-notes": Case(engagement, CARE, body=lambda w: {"body": "private"}),
    "api/v1/engagements/<engagement_id>/access-events": Case(engagement, CARE),
}


CASES: dict[str, Case] = {**CORE_CASES, **INBOX_CASES, **LIBRARY_CASES, **AGREEMENTS_CASES,
                          **AGREEMENTS_WEB_CASES, **MEASURES_CASES, **MEASURES_WEB_CASES,
                          **FHIR_CASES, **PROTOCOLS_CASES, **PROTOCOLS_WEB_CASES,
                          **MEDICINE_CASES, **REPORTS_CASES, **CALENDAR_CASES, **INTEGRATION_CASES,
                          **INTEGRATION_JOURNAL_CASES, **INTEGRATION_LOOKBACK_CASES, **INTEGRATION_RESOURCES_CASES,
                          **ALLIANCE_FEEDBACK_CASES, **ALLIANCE_RUPTURES_CASES, **ALLIANCE_IDENTITY_CASES,
                          **ALLIANCE_ENDINGS_CASES, **EMERGENCY_CASES,
                          **EQUITY_FUND_WEB_CASES, **EQUITY_FUND_API_CASES, **EQUITY_PUBLIC_CASES, **EQUITY_FEES_CASES,
                          **AUDIT_CASES, **SECOND_FACTOR_CASES, **ARCHIVE_CASES}


# --- making the requests -------------------------------------------------------------------------------------


def url_for(route: str, kwargs: dict[str, Any]) -> str:
    """The route with its arguments filled in: "engagements/<int:engagement_id>/" -> "/engagements/7/"."""

    def argument(match: re.Match[str]) -> str:
        return str(kwargs[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", argument, route)


def persona_client(world: World, persona: str, api: bool) -> tuple[Client, dict[str, Any]]:
    """A test client for the persona: a browser session on the web, a bearer token on the API."""
    client = Client(raise_request_exception=False)
    if persona == "anonymous":
        return client, {}
    user: User = getattr(world, persona)
    if api:
        _token, raw = account_services.api_token_create(actor=user, name="t")
        return client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client.force_login(user)
    return client, {}


def send(client: Client, method: str, url: str, body: dict[str, Any] | None, headers: dict[str, Any]) -> Any:
    if method == "GET":
        return client.get(url, **headers)
    if body is None:
        return client.generic(method, url, b"", **headers)
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def problem(outcome: str, method: str, response: Any, api: bool) -> str | None:
    """What is wrong with the response for the expected outcome, or None if it is right."""
    status = response.status_code
    location = response.get("Location", "")
    if status >= 500:
        return "server error"
    if outcome == HIDDEN:
        return None if status in (404, 405) else "should be 404 (or 405)"
    if status == 405:
        return None  # the route lacks the method: that discloses nothing
    if outcome == SEEN:
        if status in (401, 404) or location.startswith(LOGIN_PATH + "?next="):
            return "should be usable"
        return None
    if outcome == LOGIN:
        return None if status == 302 and location.startswith(LOGIN_PATH) else "should redirect to login"
    if outcome == UNAUTH:
        return None if status == 401 else "should be 401"
    if outcome == PUBLIC:
        if status in (401, 404) or location.startswith(LOGIN_PATH):
            return "should be public"
        return "GET should be 200" if method == "GET" and not api and status != 200 else None
    if outcome == REASON:
        if api:
            return None if status == 404 and response.json().get("code") == "reason_required" else "should be 404"
        return None if status == 302 and location == "/supervision/" else "should redirect to supervision"
    raise AssertionError(f"unknown outcome {outcome}")


# --- the tests -----------------------------------------------------------------------------------------------


def test_every_route_has_a_case() -> None:
    assert set(all_routes()) == set(CASES)


def test_every_case_names_every_persona() -> None:
    for route, case in CASES.items():
        assert set(case.expect) | {"anonymous"} == set(PERSONAS), route


@pytest.mark.parametrize("route", sorted(CASES))
def test_route_answers_each_persona_as_expected(world: World, route: str) -> None:
    case = CASES[route]
    api = route.startswith("api/")
    url = url_for(route, case.kwargs(world))
    body = case.body(world) if api and case.body else None
    expect = {**case.expect, "anonymous": case.anonymous or (UNAUTH if api else LOGIN)}
    wrong = []
    for persona in PERSONAS:
        client, headers = persona_client(world, persona, api)
        for method in METHODS:
            response = send(client, method, url, body, headers)
            trouble = problem(expect[persona], method, response, api)
            if not api and response.status_code == 200 and not response.streaming and b"{#" in response.content:
                trouble = "template source on the page (a comment spanning lines?)"
            if trouble:
                wrong.append(f"{persona} {method} {url} -> {response.status_code} "
                             f"{response.get('Location', '')}: {trouble}")
    assert not wrong, "\n".join(wrong)


def test_a_session_of_another_engagement_is_hidden_behind_ones_own(world: World) -> None:
    """Alice's own engagement in the path does not open a session that belongs to someone else's."""
    carls = engagement_access(world.carl, world.eve_engagement)
    eves_session = care_services.session_schedule(
        actor=world.carl, access=carls, kind=SessionKind.CONSULTATION,
        starts_at=timezone.now() + timedelta(days=1), duration_minutes=50,
    )
    ids = f"{world.engagement.pk}/sessions/{eves_session.pk}"
    browser = world.client_for(world.alice)
    api, headers = persona_client(world, "alice", api=True)
    assert browser.post(f"/engagements/{ids}/held/").status_code == 404  # POST only
    for url in (f"/engagements/{ids}/reschedule/", f"/engagements/{ids}/cancel/"):
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"reason": "x", "starts_at": "2031-03-03T10:00", "duration_minutes": "60"}
                            ).status_code == 404
    for method, url, body in (("PATCH", f"/api/v1/engagements/{ids}", {"starts_at": later(5), "duration_minutes": 60}),
                              ("POST", f"/api/v1/engagements/{ids}/cancel", {"reason": "x"}),
                              ("POST", f"/api/v1/engagements/{ids}/held", {})):
        assert send(api, method, url, body, headers).status_code == 404
    eves_session.refresh_from_db()
    assert (eves_session.status, eves_session.duration_minutes) == ("scheduled", 50)
