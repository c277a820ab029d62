"""URL/persona matrix rows for who we each are, profiles and the reflection journal, web and API: one's own items
are one's own (a client's kept item is not found by anyone else); profiles are written by the practice's
facilitators and read by its members; a reflection is its author's alone; what is shared with a supervisor is
theirs to read; everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.alliance import identity, reflection
from cocreate.alliance import identity_profiles as profiles
from cocreate.alliance.models import Visibility
from tests.alliance.test_reflection_prompts import held_session
from tests.conftest import World
from tests.web.matrix import CARE, SIGNED_IN, Case, engagement, no_kwargs, only, practice

MEMBERS = only("alice", "carl", "fay", "gus", "dana", "eve")  # everyone of the practice, in any role
FACILITATORS = only("alice", "carl")  # the practice's facilitators
WRITERS = only("alice", "carl", "olga")  # facilitators anywhere: who keeps a reflection journal


def danas_item(world: World) -> dict[str, Any]:
    item = identity.identity_add(actor=world.dana, topic="Family", text="Mine alone", visibility=Visibility.ONLY_ME)
    return {"item_id": item.pk}


def published_profile(world: World) -> dict[str, Any]:
    profiles.profile_save(actor=world.alice, practice=world.practice, approach="Together", published=True)
    return {"practice_id": world.practice.pk, "user_id": world.alice.pk}


def both_profiles(world: World) -> dict[str, Any]:
    for who in (world.alice, world.carl):
        profiles.profile_save(actor=who, practice=world.practice, approach="Together")
    return {"practice_id": world.practice.pk}


def alices_credential(world: World) -> dict[str, Any]:
    found = profiles.credential_add(actor=world.alice, practice=world.practice, title="Licensed", issuer="Oregon")
    return {"practice_id": world.practice.pk, "credential_id": found.pk}


def alices_entry(world: World) -> dict[str, Any]:
    return {"entry_id": reflection.reflection_write(actor=world.alice, text="From the matrix").pk}


def held(world: World) -> dict[str, Any]:
    return {"session_id": held_session(world).pk}


W = "accounts/who-i-am/"
P = "accounts/profile/<int:practice_id>/"
F = "practices/<int:practice_id>/facilitators/"
R = "reflections/"
API = "api/v1/"

ALLIANCE_IDENTITY_CASES: dict[str, Case] = {
    W: Case(no_kwargs, SIGNED_IN),
    W + "<int:item_id>/": Case(danas_item, only("dana")),
    W + "<int:item_id>/delete/": Case(danas_item, only("dana")),
    P: Case(practice, FACILITATORS),
    P + "credentials/": Case(practice, FACILITATORS),
    P + "credentials/<int:credential_id>/remove/": Case(alices_credential, only("alice")),
    F: Case(practice, MEMBERS),
    F + "<int:user_id>/": Case(published_profile, MEMBERS),
    R: Case(no_kwargs, WRITERS),
    R + "shared-with-me/": Case(no_kwargs, only("gus")),
    R + "<int:entry_id>/": Case(alices_entry, only("alice")),
    R + "<int:entry_id>/share/": Case(alices_entry, only("alice")),
    R + "<int:entry_id>/delete/": Case(alices_entry, only("alice")),
    R + "not-now/<int:session_id>/": Case(held, only("alice")),
    API + "me/identities": Case(no_kwargs, SIGNED_IN, body=lambda w: {"topic": "From the matrix", "text": "Words"}),
    API + "me/identities/<item_id>": Case(danas_item, only("dana"), body=lambda w: {"text": "Changed"}),
    API + "engagements/<engagement_id>/who-we-are": Case(engagement, CARE),
    API + "practices/<practice_id>/facilitators": Case(practice, MEMBERS),
    API + "practices/<practice_id>/facilitators/<user_id>": Case(published_profile, MEMBERS),
    API + "me/profiles/<practice_id>": Case(both_profiles, FACILITATORS, body=lambda w: {"approach": "Changed"}),
    API + "me/profiles/<practice_id>/credentials": Case(practice, FACILITATORS, body=lambda w: {"title": "LPC"}),
    API + "me/profiles/<practice_id>/credentials/<credential_id>": Case(alices_credential, only("alice")),
    API + "reflections": Case(no_kwargs, WRITERS, body=lambda w: {"text": "From the matrix"}),
    API + "reflections/shared-with-me": Case(no_kwargs, only("gus")),
    API + "reflections/prompts": Case(no_kwargs, WRITERS),
    API + "reflections/prompts/<session_id>/not-now": Case(held, only("alice")),
    API + "reflections/<entry_id>": Case(alices_entry, only("alice")),
    API + "reflections/<entry_id>/share": Case(alices_entry, only("alice"), body=lambda w: {"supervisor_id": None}),
}
