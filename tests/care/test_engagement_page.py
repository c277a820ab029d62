"""The engagement page as each member of the care relationship sees it."""

from __future__ import annotations

from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.care import services
from tests.conftest import World


def test_facilitator_sees_page_and_leaves_access_event(world: World) -> None:
    response = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk]))
    assert response.status_code == 200
    assert b"Dana" in response.content
    assert response["Cache-Control"] == "no-store"
    assert AccessEvent.objects.filter(actor=world.alice, engagement=world.engagement, what="engagement page").exists()


def test_client_reading_own_record_leaves_no_event(world: World) -> None:
    before = AccessEvent.objects.count()
    response = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.count() == before


def test_private_note_is_its_authors_alone(world: World) -> None:
    services.private_note_create(
        actor=world.alice, access=engagement_access(world.alice, world.engagement), body="only-for-alice-xyz"
    )
    assert b"only-for-alice-xyz" in world.client_for(world.alice).get(
        reverse("engagement", args=[world.engagement.pk])).content
    for other in (world.bea, world.dana):
        page = world.client_for(other).get(reverse("engagement", args=[world.engagement.pk]))
        assert page.status_code == 200
        assert b"only-for-alice-xyz" not in page.content


def test_other_practice_gets_404(world: World) -> None:
    response = world.client_for(world.olga).get(reverse("engagement", args=[world.engagement.pk]))
    assert response.status_code == 404
