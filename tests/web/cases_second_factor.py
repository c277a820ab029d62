"""URL/persona matrix rows for the second factor: the sign-in's second step (before anyone is signed in), one's
own factors (everyone signed in), and a practice admin's requirement and reset (the practice's admins)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from cocreate.accounts.models import User
from tests.accounts.second_factor_helpers import enrol
from tests.conftest import World
from tests.web.matrix import LOGIN, PERSONAS, SIGNED_IN, Case, no_kwargs, only


def everyone_enrolled(world: World) -> dict[str, Any]:
    """Every persona has an app and unread recovery codes, so each has codes to download."""
    for persona in PERSONAS[1:]:
        user: User = getattr(world, persona)
        if not Authenticator.objects.filter(user=user).exists():
            enrol(user)
    return {}


def danas_app(world: World) -> dict[str, Any]:
    return {"factor_id": enrol(world.dana).pk}


def carl_in_juniper(world: World) -> dict[str, Any]:
    enrol(world.carl)
    return {"practice_id": world.practice.pk, "user_id": world.carl.pk}


def juniper(world: World) -> dict[str, Any]:
    return {"practice_id": world.practice.pk}


JUNIPER_ADMINS = only("alice", "fay")

SECOND_FACTOR_CASES: dict[str, Case] = {
    "accounts/login/second-step/": Case(no_kwargs, SIGNED_IN, anonymous=LOGIN),
    "accounts/login/second-step/passkey/": Case(no_kwargs, SIGNED_IN, anonymous=LOGIN),
    "accounts/second-factor/": Case(no_kwargs, SIGNED_IN),
    "accounts/second-factor/app/": Case(no_kwargs, SIGNED_IN),
    "accounts/second-factor/codes/": Case(everyone_enrolled, SIGNED_IN),
    "accounts/second-factor/codes/download/": Case(everyone_enrolled, SIGNED_IN),
    "accounts/second-factor/codes/saved/": Case(everyone_enrolled, SIGNED_IN),
    "accounts/second-factor/codes/new/": Case(everyone_enrolled, SIGNED_IN),
    "accounts/second-factor/<int:factor_id>/remove/": Case(danas_app, only("dana")),
    "accounts/second-factor/passkeys/options/": Case(no_kwargs, SIGNED_IN),
    "accounts/second-factor/passkeys/add/": Case(no_kwargs, SIGNED_IN),
    "practices/<int:practice_id>/second-factor/": Case(juniper, JUNIPER_ADMINS),
    "practices/<int:practice_id>/people/<int:user_id>/second-factor-reset/": Case(carl_in_juniper, JUNIPER_ADMINS),
}
