"""Beside the setting plan's form, what the client has shared about their cultural or spiritual background is
offered, in their words, as suggestions: never what they keep to themselves, never on another kind's form."""

from __future__ import annotations

from cocreate.access.models import AccessEvent
from cocreate.alliance import identity
from cocreate.alliance.models import Visibility
from tests.conftest import World


def _propose(world: World, who, kind: str = "setting") -> str:  # type: ignore[no-untyped-def]
    response = world.client_for(who).get(f"/engagements/{world.engagement.pk}/agreements/{kind}/propose/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_setting_plan_offers_what_the_client_shared_about_their_background(world: World) -> None:
    identity.identity_add(actor=world.dana, topic="Spiritual background", text="My grandmother's evening prayer",
                          visibility=Visibility.SHARED)
    identity.identity_add(actor=world.dana, topic="Heritage", text="Keep this to me: the ritual of my aunts",
                          visibility=Visibility.ONLY_ME)
    identity.identity_add(actor=world.dana, topic="Pronouns", text="she/her", visibility=Visibility.SHARED)
    page = _propose(world, world.alice)
    assert "What Dana shared about their background" in page
    assert "My grandmother&#x27;s evening prayer" in page
    assert "the ritual of my aunts" not in page and "she/her" not in page
    assert AccessEvent.objects.filter(actor=world.alice, what="identities").count() == 1
    assert "What you shared about your background" in _propose(world, world.dana)


def test_other_kinds_and_a_client_who_shared_nothing_show_no_suggestions(world: World) -> None:
    assert "about their background" not in _propose(world, world.alice)
    identity.identity_add(actor=world.dana, topic="Spiritual background", text="Quaker meeting",
                          visibility=Visibility.SHARED)
    assert "Quaker meeting" not in _propose(world, world.alice, "intentions")
    assert not AccessEvent.objects.filter(what="identities").exists()


def test_words_in_the_text_count_as_well_as_the_heading(world: World) -> None:
    item = identity.identity_add(actor=world.dana, topic="Home", text="Our family's faith is Sikh",
                                 visibility=Visibility.SHARED)
    assert identity.is_about_background(item)
    assert not identity.is_about_background(identity.identity_add(
        actor=world.dana, topic="Pronouns", text="she/her", visibility=Visibility.SHARED))
