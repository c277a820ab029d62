"""Oregon's client data: the client's own answers (each optional, checked against the choices offered) or their
opt-out of all of it, only under Oregon's rules; the page that explains it, and who reads it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cocreate.access.models import AccessEvent
from cocreate.access.policy import NotAllowed
from cocreate.medicine.models import StateData
from cocreate.medicine.state_data import state_data_set
from tests.conftest import World
from tests.protocols.gate_helpers import access, under

GIVEN = {"race": ["black_african_american"], "ethnicity": "prefer_not", "languages": ["english", "spanish"],
         "disability": ["mobility"], "sexual_orientation": ["queer"], "gender_identity": ["non_binary"],
         "income": "25k_50k", "age": "25_34", "county": "hood_river", "reasons": ["trauma", "curiosity"]}


@pytest.fixture
def oregon(world: World) -> World:
    under(world, world.engagement, "oregon_psilocybin")
    return world


def give(world: World, **answers: object) -> StateData:
    return state_data_set(actor=world.dana, access=access(world.dana, world.engagement), **answers)


def test_the_client_gives_what_they_choose_and_the_latest_row_counts(oregon: World) -> None:
    first = give(oregon, race=["white"])
    assert (first.race, first.county, first.opted_out) == (["white"], "", False)
    second = give(oregon, **GIVEN)
    assert StateData.objects.filter(engagement=oregon.engagement).first() == second
    assert StateData.objects.filter(engagement=oregon.engagement).count() == 2  # the first is kept
    assert give(oregon, **GIVEN) == second  # the same answers again are stored once
    assert give(oregon, **{**GIVEN, "languages": ["spanish", "english"]}) == second  # kept in the form's order


def test_opting_out_keeps_none_of_the_answers(oregon: World) -> None:
    give(oregon, **GIVEN)
    row = give(oregon, opted_out=True, **GIVEN)
    assert row.opted_out and row.race == [] and row.county == "" and row.reasons == []
    back = give(oregon, race=["asian"])  # opting back in
    assert not back.opted_out and back.race == ["asian"]


@pytest.mark.parametrize("answers,field", [
    ({"race": ["martian"]}, "race"),
    ({"race": "white"}, "race"),
    ({"race": ["white", "prefer_not"]}, "race"),
    ({"reasons": ["curiosity"] * 50}, "reasons"),
    ({"county": "atlantis"}, "county"),
    ({"age": "x" * 5000}, "age"),
    ({"income": 40000}, "income"),
    ({"shoe_size": "44"}, "__all__"),
])
def test_answers_outside_the_choices_are_refused_by_name(oregon: World, answers: dict[str, object],
                                                         field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        give(oregon, **answers)
    assert field in refused.value.message_dict
    assert not StateData.objects.exists()


def test_only_the_client_answers_and_only_under_oregons_rules(world: World) -> None:
    with pytest.raises(ValidationError):
        give(world, **GIVEN)  # the world's engagement runs under a protocol that asks nothing of the kind
    under(world, world.engagement, "oregon_psilocybin")
    with pytest.raises(NotAllowed):
        state_data_set(actor=world.alice, access=access(world.alice, world.engagement), **GIVEN)
    assert not StateData.objects.exists()


def test_the_client_reads_what_oregon_collects_and_who_reads_it_then_answers(oregon: World) -> None:
    url = f"/engagements/{oregon.engagement.pk}/state-data/"
    client = oregon.client_for(oregon.dana)
    page = client.get(url).content.decode()
    for words in ("Your care team will read this; Oregon receives it without your name.", "opt out",
                  "I&#x27;d rather not say", "county you live in"):
        assert words in page, words
    saved = client.post(url, {"race": ["asian"], "county": "lane", "age": "65_74"})
    assert saved.status_code == 302
    assert (StateData.objects.get().race, StateData.objects.get().county) == (["asian"], "lane")
    refused = client.post(url, {"county": "atlantis"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    client.post(url, {"opted_out": "on", "race": ["asian"]})
    assert StateData.objects.first().opted_out  # type: ignore[union-attr]
    assert "You have opted out" in client.get(url).content.decode()


def test_the_care_team_reads_the_answers_and_the_read_is_recorded_but_cannot_answer(oregon: World) -> None:
    give(oregon, **GIVEN)
    url = f"/engagements/{oregon.engagement.pk}/state-data/"
    team = oregon.client_for(oregon.alice)
    page = team.get(url).content.decode()
    assert "Hood River" in page and "Non-binary" in page and "name=\"opted_out\"" not in page
    assert AccessEvent.objects.filter(actor=oregon.alice, what="state data").count() == 1
    assert team.post(url, {"race": ["white"]}).status_code == 403
    assert StateData.objects.count() == 1


def test_the_page_and_its_link_are_only_there_under_oregons_rules(world: World) -> None:
    url = f"/engagements/{world.engagement.pk}/state-data/"
    assert world.client_for(world.dana).get(url).status_code == 404
    assert url not in world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/").content.decode()
    under(world, world.engagement, "oregon_psilocybin")
    for who in (world.dana, world.alice):
        assert url in world.client_for(who).get(f"/engagements/{world.engagement.pk}/").content.decode()
    for who in (world.carl, world.eve, world.olga):
        assert world.client_for(who).get(url).status_code == 404
