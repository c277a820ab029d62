"""The shipped library: every practice gets it once, complete and sourced, and a practice's edits survive."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from cocreate.accounts.models import Practice
from cocreate.accounts.services import practice_signup
from cocreate.demo.practice import load_demo
from cocreate.library import services
from cocreate.library.content import EDUCATION_NOTE, SHIPPED, ShippedTopic
from cocreate.library.models import Topic, TopicKind
from cocreate.library.selectors import modality_choices
from tests.conftest import World
from tests.library.conftest import topic

MODALITIES = {"integrative", "psychodynamic", "emdr", "somatic-experiencing", "hypnotherapy", "mindfulness"}
SUBSTANCES = {"psilocybin", "mdma", "ketamine", "ayahuasca"}


def test_shipped_topics_are_the_named_modalities_and_substances() -> None:
    kinds = {t.slug: t.kind for t in SHIPPED}
    assert {s for s, k in kinds.items() if k == TopicKind.MODALITY} == MODALITIES
    assert {s for s, k in kinds.items() if k == TopicKind.SUBSTANCE} == SUBSTANCES
    assert len(kinds) == len(SHIPPED)


@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda t: t.slug)
def test_every_shipped_topic_is_complete_and_cites_real_looking_sources(shipped: ShippedTopic) -> None:
    row = shipped.row()
    for field in ("title", "summary", "body", "what_to_expect", "duration", "risks", "sources"):
        assert row[field].strip(), field
    if row["kind"] == TopicKind.SUBSTANCE:
        assert row["interactions"].strip()
    sources = row["sources"].splitlines()
    assert len(sources) >= 3
    for source in sources:
        assert any(str(year) in source for year in range(1970, 2027)), source  # each names its year
    assert row["body"].endswith(EDUCATION_NOTE)
    assert "\n\n\n" not in row["body"]


def test_interactions_name_the_known_dangers() -> None:
    by_slug = {t.slug: t.row() for t in SHIPPED}
    assert "Lithium" in by_slug["psilocybin"]["interactions"]
    assert "SSRI" in by_slug["mdma"]["interactions"] and "MAO" in by_slug["mdma"]["interactions"]
    assert "SSRI" in by_slug["ayahuasca"]["interactions"] and "MAO" in by_slug["ayahuasca"]["interactions"]
    assert "blood pressure" in by_slug["ketamine"]["interactions"].lower()
    assert "OAR 333-333" in by_slug["psilocybin"]["sources"]
    assert "Johnson, M. W., Richards, W. A., & Griffiths, R. R. (2008)" in by_slug["psilocybin"]["sources"]
    assert "Multidisciplinary Association for Psychedelic Studies" in by_slug["mdma"]["sources"]


def test_seeding_is_idempotent_and_keeps_a_practices_edits(world: World) -> None:
    added = services.library_seed(practice=world.practice)
    assert set(added) == MODALITIES | SUBSTANCES
    emdr = topic(world, "emdr")
    emdr.title = "EMDR, our way"
    emdr.save(update_fields=["title"])
    topic(world, "hypnotherapy").delete()

    assert services.library_seed(practice=world.practice) == ["hypnotherapy"]
    assert services.library_seed(practice=world.practice) == []

    assert Topic.objects.filter(practice=world.practice).count() == len(SHIPPED)
    assert topic(world, "emdr").title == "EMDR, our way"
    assert not Topic.objects.filter(practice=world.other_practice).exists()


def test_modality_choices_lists_slug_and_title_of_modalities_only(world: World) -> None:
    services.library_seed(practice=world.practice)
    choices = modality_choices(world.practice)
    assert {slug for slug, _title in choices} == MODALITIES
    assert ("emdr", "EMDR (eye movement desensitisation and reprocessing)") in choices
    assert modality_choices(world.other_practice) == []


@pytest.mark.django_db
def test_a_new_practice_starts_with_the_library() -> None:
    user = practice_signup(email="kim@example.org", name="Kim", password="a-sound-password-42",
                           practice_name="Cedar")
    practice = Practice.objects.get(memberships__user=user, memberships__role="admin")
    assert set(Topic.objects.filter(practice=practice).values_list("slug", flat=True)) == MODALITIES | SUBSTANCES


@pytest.mark.django_db
def test_the_demo_practices_have_the_library_once() -> None:
    load_demo()
    load_demo()
    for practice in Practice.objects.all():
        assert Topic.objects.filter(practice=practice).count() == len(SHIPPED)


def test_the_data_migration_seeds_existing_practices(world: World) -> None:
    migration = importlib.import_module("cocreate.library.migrations.0002_seed_shipped_topics")
    topic_count = len(SHIPPED)
    services.library_seed(practice=world.practice)
    topic(world, "mdma").delete()

    migration.seed(apps, None)
    migration.seed(apps, None)

    assert Topic.objects.filter(practice=world.practice).count() == topic_count
    assert Topic.objects.filter(practice=world.other_practice).count() == topic_count
