"""Facilitator profiles: written per practice, a draft its author's alone, published for the practice's members
(before and during care) and nobody else; credentials with their issuer and number; limits refused by field."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.accounts.models import Membership, Role
from cocreate.alliance import identity
from cocreate.alliance import identity_profiles as profiles
from cocreate.alliance.models import Credential, Profile, Visibility
from tests.api_helpers import Api
from tests.conftest import World, make_user


def _edit(world: World) -> str:
    return f"/accounts/profile/{world.practice.pk}/"


def _list(world: World) -> str:
    return f"/practices/{world.practice.pk}/facilitators/"


def _one(world: World, who) -> str:  # type: ignore[no-untyped-def]
    return f"/practices/{world.practice.pk}/facilitators/{who.pk}/"


def _published(world: World, who=None, **fields: object) -> Profile:  # type: ignore[no-untyped-def]
    who = who or world.alice
    values = {"training": "Two years of PAT training", "approach": "Your lead", "positionality":
              "A white facilitator with a secure income", "published": True, **fields}
    return profiles.profile_save(actor=who, practice=world.practice, **values)  # type: ignore[arg-type]


def test_a_facilitator_writes_a_draft_then_publishes_it(world: World) -> None:
    browser = world.client_for(world.alice)
    page = browser.get(_edit(world)).content.decode()
    assert "Positionality statement" in page and "power difference" in page
    response = browser.post(_edit(world), {"training": "MA counselling", "approach": "Together",
                                           "positionality": "Who I am shapes what I see.", "version": ""})
    assert response.status_code == 302
    profile = Profile.objects.get(person=world.alice)
    assert (profile.published, profile.training) == (False, "MA counselling")
    assert world.client_for(world.dana).get(_one(world, world.alice)).status_code == 404  # a draft is hers alone
    assert "Alice" not in world.client_for(world.dana).get(_list(world)).content.decode().split("<main")[1]
    assert browser.get(_one(world, world.alice)).status_code == 200  # her own preview
    response = browser.post(_edit(world), {"training": "MA counselling", "approach": "Together",
                                           "positionality": "Who I am shapes what I see.", "published": "on",
                                           "version": profile.changed.isoformat()})
    assert response.status_code == 302
    page = world.client_for(world.dana).get(_one(world, world.alice)).content.decode()
    assert "Who I am shapes what I see." in page and "MA counselling" in page


def test_an_empty_post_changes_nothing(world: World) -> None:
    _published(world)
    response = world.client_for(world.alice).post(_edit(world), {})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    profile = Profile.objects.get(person=world.alice)
    assert (profile.published, profile.training) == (True, "Two years of PAT training")


def test_a_save_from_a_stale_page_does_not_overwrite_a_newer_one(world: World) -> None:
    old = _published(world).changed.isoformat()
    _published(world, training="Newer words")
    response = world.client_for(world.alice).post(_edit(world), {"training": "Stale words", "version": old})
    assert response.status_code == 409
    assert Profile.objects.get(person=world.alice).training == "Newer words"


def test_over_long_fields_are_refused_by_field_and_nothing_is_saved(world: World) -> None:
    browser = world.client_for(world.alice)
    response = browser.post(_edit(world), {"positionality": "p" * 4001, "languages": "English", "version": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["positionality"]
    response = browser.post(_edit(world) + "credentials/", {"title": "t" * 201, "issuer": "Oregon", "number": "1"})
    assert response.status_code == 400 and list(response.context["credential_form"].errors) == ["title"]
    assert not Profile.objects.exists() and not Credential.objects.exists()
    refused = Api.as_user(world.alice).post(f"/me/profiles/{world.practice.pk}/credentials",
                                           {"title": "Licensed", "number": "9" * 101})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["number"]


def test_credentials_are_added_and_removed(world: World) -> None:
    browser = world.client_for(world.alice)
    assert browser.post(_edit(world) + "credentials/", {}).status_code == 400
    assert browser.post(_edit(world) + "credentials/", {"title": "Licensed psilocybin facilitator",
                                                        "issuer": "Oregon Health Authority",
                                                        "number": "PSF-1"}).status_code == 302
    credential = Credential.objects.get()
    _published(world)
    page = world.client_for(world.dana).get(_list(world)).content.decode()
    assert "Licensed psilocybin facilitator" in page and "Oregon Health Authority" in page and "PSF-1" in page
    assert world.client_for(world.carl).post(
        f"{_edit(world)}credentials/{credential.pk}/remove/").status_code == 404  # not carl's
    assert browser.post(f"{_edit(world)}credentials/{credential.pk}/remove/").status_code == 302
    assert not Credential.objects.exists()


def test_only_the_practices_members_read_profiles_and_only_facilitators_write_them(world: World) -> None:
    _published(world)
    newcomer = make_user("nina", world.practice, Role.CLIENT)  # before any consultation
    for who in (world.dana, world.eve, newcomer, world.fay, world.gus, world.bea):
        browser = world.client_for(who)
        assert browser.get(_list(world)).status_code == 200
        assert browser.get(_one(world, world.alice)).status_code == 200
    for who in (world.olga, world.oscar):
        browser = world.client_for(who)
        assert browser.get(_list(world)).status_code == 404
        assert browser.get(_one(world, world.alice)).status_code == 404
        assert Api.as_user(who).get(f"/practices/{world.practice.pk}/facilitators").status_code == 404
    for who in (world.dana, world.fay, world.gus, world.olga):
        assert world.client_for(who).get(_edit(world)).status_code == 404
        assert world.client_for(who).post(_edit(world), {"version": ""}).status_code == 404
    assert world.client_for(world.dana).get(_one(world, world.dana)).status_code == 404  # no such profile
    assert not AccessEvent.objects.exists()  # a profile is the facilitator's, not client data


def test_a_profile_of_someone_no_longer_a_facilitator_here_is_not_shown(world: World) -> None:
    _published(world)
    Membership.objects.filter(user=world.alice, role=Role.FACILITATOR).delete()
    assert world.client_for(world.dana).get(_one(world, world.alice)).status_code == 404
    assert "Two years" not in world.client_for(world.dana).get(_list(world)).content.decode()


def test_the_engagement_page_links_each_member_to_their_published_profile(world: World) -> None:
    _published(world)
    profiles.profile_save(actor=world.bea, practice=world.practice, training="Draft only")
    page = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert f'href="{_one(world, world.alice)}"' in page
    assert f'href="{_one(world, world.bea)}"' not in page


def test_a_profile_shows_who_the_facilitator_is_to_those_who_work_with_them(world: World) -> None:
    _published(world)
    identity.identity_add(actor=world.alice, topic="Pronouns", text="she/her", visibility=Visibility.SHARED)
    identity.identity_add(actor=world.alice, topic="Mine", text="kept back", visibility=Visibility.ONLY_ME)
    assert "she/her" in world.client_for(world.dana).get(_one(world, world.alice)).content.decode()
    page = world.client_for(world.eve).get(_one(world, world.alice)).content.decode()
    assert "she/her" not in page and "kept back" not in page  # not her client
    assert "kept back" not in world.client_for(world.dana).get(_one(world, world.alice)).content.decode()


def test_the_api_round_trip(world: World) -> None:
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    base = f"/me/profiles/{world.practice.pk}"
    assert alice.get(base).status_code == 404
    saved = alice.client.put("/api/v1" + base, '{"approach": "Together", "published": false}',
                             content_type="application/json", **alice.headers)
    assert saved.status_code == 200, saved.content
    assert dana.get(f"/practices/{world.practice.pk}/facilitators").json() == []
    assert dana.get(f"/practices/{world.practice.pk}/facilitators/{world.alice.pk}").status_code == 404
    made = alice.post(base + "/credentials", {"title": "LPC", "issuer": "Colorado", "number": "42"})
    assert made.status_code == 201
    alice.client.put("/api/v1" + base, '{"approach": "Together", "published": true}',
                     content_type="application/json", **alice.headers)
    body = dana.get(f"/practices/{world.practice.pk}/facilitators/{world.alice.pk}").json()
    assert (body["approach"], body["credentials"][0]["issuer"]) == ("Together", "Colorado")
    assert alice.delete(f"{base}/credentials/{made.json()['id']}").status_code == 204
    assert Api.as_user(world.dana).get(f"/me/profiles/{world.practice.pk}").status_code == 404


def test_the_list_reads_in_the_same_number_of_queries_however_many_profiles(world: World) -> None:
    browser = world.client_for(world.dana)
    browser.get(_list(world))
    counts = []
    for size in (2, 12):
        for i in range(size - Profile.objects.count()):
            person = make_user(f"f{size}x{i}", world.practice, Role.FACILITATOR)
            _published(world, person)
            profiles.credential_add(actor=person, practice=world.practice, title="Licensed", issuer="Oregon")
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(_list(world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
