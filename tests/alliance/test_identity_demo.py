"""The demo of who we each are runs through the real services, and again without adding anything."""

from __future__ import annotations

from cocreate.alliance.demo_identity import demo_identity
from cocreate.alliance.models import Credential, IdentityItem, Profile, ReflectionEntry, Visibility
from tests.alliance.test_reflection_prompts import held_session
from tests.conftest import World


def test_the_demo_shows_a_profile_identities_of_mixed_visibility_and_an_unshared_reflection(world: World) -> None:
    session = held_session(world)
    for _again in range(2):
        demo_identity(world.engagement, world.dana, world.alice)
    profile = Profile.objects.get(person=world.alice, practice=world.practice)
    assert profile.published and profile.positionality and profile.training
    assert Credential.objects.filter(profile=profile).count() == 1
    for person in (world.dana, world.alice):
        kinds = set(IdentityItem.objects.filter(person=person).values_list("visibility", flat=True))
        assert kinds == {Visibility.SHARED, Visibility.ONLY_ME}
    entry = ReflectionEntry.objects.get()
    assert (entry.author, entry.session, entry.shared_with) == (world.alice, session, None)
    propose = world.client_for(world.alice).get(f"/engagements/{world.engagement.pk}/agreements/setting/propose/")
    assert "evening prayer" in propose.content.decode()
