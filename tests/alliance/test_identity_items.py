"""Who I am: any topic in one's own words, each item with its own visibility; limits refused by field with nothing
saved; an item kept to oneself is found by nobody else, on the web or through the API; the care team's read of
what the client shared is an access event."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.access.services import supervision_access_start
from cocreate.alliance import identity
from cocreate.alliance.models import IdentityItem, Visibility
from tests.api_helpers import Api
from tests.conftest import World

WHO = "/accounts/who-i-am/"


def _item(world: World, who: str = "dana", *, topic: str = "Pronouns", text: str = "they/them",
          visibility: str = Visibility.SHARED) -> IdentityItem:
    return identity.identity_add(actor=getattr(world, who), topic=topic, text=text, visibility=visibility)


def test_a_person_writes_any_topic_in_their_own_words(world: World) -> None:
    browser = world.client_for(world.dana)
    page = browser.get(WHO).content.decode()
    assert "Pronouns" in page and "Spiritual background" in page  # starting points, offered
    assert '<select' not in page  # no list of categories to pick who one is from
    response = browser.post(WHO, {"topic": "Being a night-shift nurse", "text": "Mornings are my evenings.",
                                  "visibility": Visibility.SHARED})
    assert response.status_code == 302
    item = IdentityItem.objects.get(person=world.dana)
    assert (item.topic, item.text, item.visibility) == ("Being a night-shift nurse", "Mornings are my evenings.",
                                                        Visibility.SHARED)
    assert "Being a night-shift nurse" in browser.get(WHO).content.decode()


def test_the_starting_point_prefills_the_heading_and_stays_changeable(world: World) -> None:
    page = world.client_for(world.dana).get(WHO + "?topic=Languages").content.decode()
    assert 'value="Languages"' in page and 'list="identity-topics"' in page


def test_an_empty_post_saves_nothing_and_says_what_is_missing(world: World) -> None:
    response = world.client_for(world.dana).post(WHO, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give it a heading" in page and "Write what you want known" in page
    assert not IdentityItem.objects.exists()


def test_an_over_long_item_is_refused_by_field_and_nothing_is_saved(world: World) -> None:
    browser = world.client_for(world.dana)
    response = browser.post(WHO, {"topic": "Languages", "text": "x" * (identity.TEXT_MAX + 1),
                                  "visibility": Visibility.ONLY_ME})
    assert response.status_code == 400
    assert response.context["form"].errors["text"] == [f"Keep this under {identity.TEXT_MAX} characters."]
    response = browser.post(WHO, {"topic": "t" * (identity.TOPIC_MAX + 1), "text": "fine",
                                  "visibility": Visibility.ONLY_ME})
    assert list(response.context["form"].errors) == ["topic"]
    api = Api.as_user(world.dana)
    refused = api.post("/me/identities", {"topic": "Languages", "text": "x" * (identity.TEXT_MAX + 1)})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["text"]
    assert not IdentityItem.objects.exists()


def test_one_changes_and_deletes_ones_own_item(world: World) -> None:
    item = _item(world, visibility=Visibility.ONLY_ME)
    browser = world.client_for(world.dana)
    assert browser.get(f"{WHO}{item.pk}/").status_code == 200
    assert browser.post(f"{WHO}{item.pk}/", {"topic": "Pronouns", "text": "she/they",
                                             "visibility": Visibility.SHARED}).status_code == 302
    item.refresh_from_db()
    assert (item.text, item.visibility) == ("she/they", Visibility.SHARED)
    unchanged = browser.post(f"{WHO}{item.pk}/", {})
    assert unchanged.status_code == 400
    item.refresh_from_db()
    assert item.text == "she/they"
    assert browser.post(f"{WHO}{item.pk}/delete/").status_code == 302
    assert not IdentityItem.objects.exists()


def test_a_client_item_kept_to_themselves_is_not_found_by_anyone_else(world: World) -> None:
    private = _item(world, topic="Family", text="I have not told my family.", visibility=Visibility.ONLY_ME)
    _item(world, topic="Pronouns", text="she/her", visibility=Visibility.SHARED)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the work together this week.")
    for who in (world.alice, world.bea, world.carl, world.gus, world.eve, world.olga):
        browser = world.client_for(who)
        assert browser.get(f"{WHO}{private.pk}/").status_code == 404
        assert browser.post(f"{WHO}{private.pk}/", {"topic": "x", "text": "y", "visibility": "shared"}
                            ).status_code == 404
        assert browser.post(f"{WHO}{private.pk}/delete/").status_code == 404
        assert "I have not told my family" not in browser.get(WHO).content.decode()
        engagement_page = browser.get(f"/engagements/{world.engagement.pk}/")
        assert "I have not told my family" not in engagement_page.content.decode()
        api = Api.as_user(who)
        assert api.get(f"/me/identities/{private.pk}").status_code == 404
        assert api.patch(f"/me/identities/{private.pk}", {"text": "mine now"}).status_code == 404
        assert api.delete(f"/me/identities/{private.pk}").status_code == 404
        assert all(i["text"] != private.text for i in api.get("/me/identities").json())
        together = api.get(f"/engagements/{world.engagement.pk}/who-we-are")
        assert "I have not told my family" not in together.content.decode()
    private.refresh_from_db()
    assert private.text == "I have not told my family."
    assert [i["topic"] for i in Api.as_user(world.dana).get("/me/identities").json()] == ["Family", "Pronouns"]


def test_the_care_team_reads_what_the_client_shares_and_the_client_sees_that_they_did(world: World) -> None:
    _item(world, topic="Languages", text="English and Tagalog")
    page = world.client_for(world.alice).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert "Who we are" in page and "English and Tagalog" in page
    assert AccessEvent.objects.filter(actor=world.alice, engagement=world.engagement, what="identities",
                                      via="web").count() == 1
    body = Api.as_user(world.bea).get(f"/engagements/{world.engagement.pk}/who-we-are").json()
    assert [i["text"] for i in body["client"]["items"]] == ["English and Tagalog"]
    assert AccessEvent.objects.filter(actor=world.bea, what="identities", via="api").count() == 1
    log = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/who-has-seen/").content.decode()
    assert "what you shared about who you are" in log


def test_nothing_is_recorded_when_the_client_has_shared_nothing(world: World) -> None:
    _item(world, topic="Family", text="Mine alone", visibility=Visibility.ONLY_ME)
    world.client_for(world.alice).get(f"/engagements/{world.engagement.pk}/")
    assert not AccessEvent.objects.filter(what="identities").exists()


def test_the_client_reads_what_the_care_team_shares_and_not_what_they_keep(world: World) -> None:
    _item(world, "alice", topic="Pronouns", text="she/her")
    _item(world, "alice", topic="Private", text="Kept to myself", visibility=Visibility.ONLY_ME)
    _item(world, "carl", topic="Pronouns", text="he/him, not on this team")
    page = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert "she/her" in page
    assert "Kept to myself" not in page and "not on this team" not in page
    body = Api.as_user(world.dana).get(f"/engagements/{world.engagement.pk}/who-we-are").json()
    assert {m["name"]: [i["text"] for i in m["items"]] for m in body["care_team"]} == {"Alice": ["she/her"],
                                                                                       "Bea": []}
    assert not AccessEvent.objects.filter(what="identities").exists()  # the client's own reading is no event


def test_supervision_is_shown_nothing_of_who_the_client_is(world: World) -> None:
    _item(world, topic="Languages", text="English and Tagalog")
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the work together this week.")
    page = world.client_for(world.gus).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert "English and Tagalog" not in page
    assert Api.as_user(world.gus).get(f"/engagements/{world.engagement.pk}/who-we-are").status_code == 404
    assert not AccessEvent.objects.filter(what="identities").exists()


def test_colleagues_read_a_facilitators_shared_items_and_outsiders_do_not(world: World) -> None:
    alice = world.alice
    _item(world, "alice", topic="Pronouns", text="she/her")
    assert identity.works_with(world.carl, alice)  # a colleague in the practice
    assert identity.works_with(world.dana, alice)  # her client
    assert not identity.works_with(world.eve, alice)  # a client of the practice she does not work with
    assert not identity.works_with(world.olga, alice)  # another practice
    assert [i.text for i in identity.visible_items(world.carl, alice)] == ["she/her"]
    assert identity.visible_items(world.eve, alice) == []


def test_the_api_round_trip(world: World) -> None:
    api = Api.as_user(world.eve)
    made = api.post("/me/identities", {"topic": "Whatever I call it", "text": "In my words", "visibility": "shared"})
    assert made.status_code == 201, made.content
    item_id = made.json()["id"]
    changed = api.patch(f"/me/identities/{item_id}", {"visibility": "only_me"})
    assert changed.json()["visibility"] == "only_me" and changed.json()["text"] == "In my words"
    assert api.patch(f"/me/identities/{item_id}", {"visibility": "everyone"}).status_code == 400
    assert api.post("/me/identities", {"topic": "x", "text": "y", "category": "imposed"}).status_code == 422
    assert api.delete(f"/me/identities/{item_id}").status_code == 204
    assert api.get("/me/identities").json() == []


def test_the_page_reads_in_the_same_number_of_queries_however_many_items(world: World) -> None:
    browser = world.client_for(world.alice)
    browser.get(WHO)  # the session's first request does its own once-only work
    counts = []
    for more in (2, 30):
        for i in range(more - IdentityItem.objects.filter(person=world.alice).count()):
            _item(world, "alice", topic=f"Topic {i}", text="words")
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(WHO).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
