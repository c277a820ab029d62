"""The vocabulary of the URL/persona matrix: outcomes, personas, argument builders and Case.

Each app's rows live beside it (cases_*.py); test_url_matrix.py joins them and runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cocreate.accounts import services as account_services
from cocreate.accounts.models import Role, Supervision
from tests.conftest import World

HIDDEN, SEEN, LOGIN, UNAUTH, PUBLIC, REASON = "hidden", "seen", "login", "unauth", "public", "reason"
PERSONAS = ("anonymous", "eve", "carl", "fay", "gus", "olga", "oscar", "dana", "alice")  # alice last: she writes
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
LOGIN_PATH = "/accounts/login/"


def all_routes() -> list[str]:
    """Every route string the resolver knows, e.g. "engagements/<int:engagement_id>/"."""

    def walk(patterns: list[Any], prefix: str) -> list[str]:
        routes: list[str] = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                routes += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                assert isinstance(pattern, URLPattern)
                routes.append(prefix + str(pattern.pattern))
        return routes

    return walk(get_resolver().url_patterns, "")


# --- building a route's arguments from the world ------------------------------------------------------------

Kwargs = Callable[[World], dict[str, Any]]


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def practice(world: World) -> dict[str, Any]:
    return {"practice_id": world.practice.pk}


def engagement(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk}


def session(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk, "session_id": world.session.pk}


def team_member(world: World) -> dict[str, Any]:
    return {"engagement_id": world.engagement.pk, "facilitator_id": world.bea.pk}


def alices_token(world: World) -> dict[str, Any]:
    token, _raw = account_services.api_token_create(actor=world.alice, name="target")
    return {"token_id": token.pk}


def _invitation(world: World) -> account_services.IssuedInvitation:
    return account_services.invitation_create(
        actor=world.alice, practice=world.practice, email="newcomer@example.org", name="Newcomer", role=Role.CLIENT
    )


def invitation(world: World) -> dict[str, Any]:
    return {"invitation_id": _invitation(world).invitation.pk}


def invitation_token(world: World) -> dict[str, Any]:
    return {"token": _invitation(world).url.rstrip("/").rsplit("/", 1)[1]}


def password_reset_link(world: World) -> dict[str, Any]:
    return {"uidb64": "MQ", "token": "set-password"}


def supervision(world: World) -> dict[str, Any]:
    return {"supervision_id": Supervision.objects.get(supervisor=world.gus, supervisee=world.alice).pk}


# --- who gets what -------------------------------------------------------------------------------------------


def only(*seen: str, default: str = HIDDEN, **others: str) -> dict[str, str]:
    """`seen` personas may use the route, everyone else signed in gets `default`; anonymous is set per route."""
    expect = {p: default for p in PERSONAS if p != "anonymous"}
    expect.update({p: SEEN for p in seen})
    expect.update(others)
    return expect


SIGNED_IN = only(*PERSONAS[1:])
STAFF = only("alice", "carl", "fay")  # admins and facilitators of the practice
CARE = only("alice", "dana", gus=REASON)  # the care team and the client; gus must state a reason first


@dataclass(frozen=True)
class Case:
    kwargs: Kwargs
    expect: dict[str, str]
    anonymous: str = ""  # default: LOGIN on the web, UNAUTH on the API
    body: Callable[[World], dict[str, Any]] | None = None  # JSON sent with API writes


def later(days: int) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


