"""topic_create and topic_update: who may write, what is refused (with the field named), what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cocreate.access.policy import NotAllowed
from cocreate.library import services
from cocreate.library.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Topic, TopicKind
from tests.conftest import World
from tests.library.conftest import topic

BREATHWORK = {"summary": "Working with the breath.", "body": "Paced breathing.\r\n\r\nGuided by a practitioner."}


def create(world: World, who: str = "alice", **changes: str) -> Topic:
    fields = {"kind": TopicKind.MODALITY, "title": "Breathwork", **BREATHWORK, **changes}
    return services.topic_create(actor=getattr(world, who), practice=world.practice, **fields)


@pytest.mark.parametrize("who", ["alice", "carl", "fay"])  # facilitator-admin, facilitator, admin
def test_staff_create_a_topic(world: World, who: str) -> None:
    created = create(world, who)
    assert (created.slug, created.kind, created.updated_by) == ("breathwork", "modality", getattr(world, who))
    assert created.body == "Paced breathing.\n\nGuided by a practitioner."
    assert created.paragraphs == ["Paced breathing.", "Guided by a practitioner."]


@pytest.mark.parametrize("who", ["dana", "gus", "olga", "oscar"])
def test_clients_supervisors_and_outsiders_may_not_create(world: World, who: str) -> None:
    with pytest.raises(NotAllowed):
        create(world, who)
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "The title cannot be empty."),
        ({"title": "x" * (TITLE_MAX_LENGTH + 1)}, "title", f"at most {TITLE_MAX_LENGTH} characters"),
        ({"body": "y" * (BODY_MAX_LENGTH + 1)}, "body", f"at most {BODY_MAX_LENGTH} characters"),
        ({"summary": "nul\x00here"}, "summary", "cannot be stored"),
        ({"kind": "poem"}, "kind", "Choose modality or substance."),
        ({"slug": "Not A Slug!"}, "slug", "lowercase letters"),
        ({"title": "???"}, "slug", "lowercase letters"),  # nothing to make a short name from
    ],
)
def test_bad_fields_are_refused_by_name(world: World, changes: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        create(world, **changes)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Topic.objects.exists()


def test_a_substance_needs_its_safety_sections_and_all_missing_ones_are_named(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        create(world, kind=TopicKind.SUBSTANCE, title="Ibogaine", risks="Heart rhythm problems.")
    assert set(caught.value.message_dict) == {"what_to_expect", "duration", "interactions", "sources"}


def test_a_short_name_is_unique_within_a_practice_only(world: World) -> None:
    services.library_seed(practice=world.practice)
    with pytest.raises(ValidationError) as caught:
        create(world, slug="emdr")
    assert "already uses" in caught.value.message_dict["slug"][0]
    assert create(world, slug="breath-work").slug == "breath-work"
    other = services.topic_create(actor=world.olga, practice=world.other_practice, kind=TopicKind.MODALITY,
                                  title="Breathwork", **BREATHWORK)
    assert other.slug == "breathwork"


def test_staff_update_text_and_the_change_is_signed(world: World) -> None:
    services.library_seed(practice=world.practice)
    emdr = topic(world, "emdr")
    before = emdr.updated
    services.topic_update(actor=world.carl, topic=emdr, changes={"summary": "  Shorter.  "})
    emdr.refresh_from_db()
    assert (emdr.summary, emdr.updated_by, emdr.slug, emdr.kind) == ("Shorter.", world.carl, "emdr", "modality")
    assert emdr.updated > before


@pytest.mark.parametrize("who", ["dana", "eve", "gus"])
def test_clients_and_supervisors_may_not_update(world: World, who: str) -> None:
    services.library_seed(practice=world.practice)
    emdr = topic(world, "emdr")
    with pytest.raises(NotAllowed):
        services.topic_update(actor=getattr(world, who), topic=emdr, changes={"summary": "mine now"})
    assert topic(world, "emdr").summary != "mine now"


def test_an_update_may_not_empty_a_substances_risks(world: World) -> None:
    services.library_seed(practice=world.practice)
    mdma = topic(world, "mdma")
    with pytest.raises(ValidationError) as caught:
        services.topic_update(actor=world.alice, topic=mdma, changes={"risks": " "})
    assert "risks" in caught.value.message_dict
    assert topic(world, "mdma").risks


def test_kind_and_short_name_cannot_be_changed(world: World) -> None:
    services.library_seed(practice=world.practice)
    with pytest.raises(TypeError):
        services.topic_update(actor=world.alice, topic=topic(world, "emdr"), changes={"slug": "other"})


def test_an_edit_based_on_an_old_version_is_refused(world: World) -> None:
    services.library_seed(practice=world.practice)
    emdr = topic(world, "emdr")
    opened_at = emdr.updated
    services.topic_update(actor=world.carl, topic=topic(world, "emdr"), changes={"summary": "Carl's"},
                          expected_updated=opened_at)
    with pytest.raises(ValidationError) as caught:
        services.topic_update(actor=world.alice, topic=emdr, changes={"summary": "Alice's"},
                              expected_updated=opened_at)
    assert "Someone else saved this topic" in caught.value.messages[0]
    assert topic(world, "emdr").summary == "Carl's"
    with pytest.raises(ValidationError):
        services.topic_update(actor=world.alice, topic=emdr, changes={"summary": "x"},
                              expected_updated=opened_at - timedelta(days=1))
