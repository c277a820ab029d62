"""Opening an engagement from the web, including for a facilitator who works in two practices."""

from __future__ import annotations

from cocreate.accounts.models import Membership, Role
from cocreate.care.models import Engagement
from tests.conftest import World


def test_facilitator_in_two_practices_chooses_where_to_open(world: World) -> None:
    Membership.objects.create(practice=world.other_practice, user=world.carl, role=Role.FACILITATOR)
    web = world.client_for(world.carl)
    page = web.get(f"/engagements/new/?practice={world.practice.pk}").content.decode()
    assert f'href="?practice={world.other_practice.pk}"' in page
    assert f'<strong aria-current="page">{world.practice.name}</strong>' in page
    other = web.get(f"/engagements/new/?practice={world.other_practice.pk}").content.decode()
    assert "Oscar" in other and "Dana" not in other
    response = web.post(f"/engagements/new/?practice={world.other_practice.pk}",
                        {"client": world.oscar.pk, "kind": "psychotherapy"})
    assert response.status_code == 302
    assert Engagement.objects.filter(practice=world.other_practice, client=world.oscar, created_by=world.carl).exists()


def test_a_practice_the_facilitator_is_not_in_is_not_found(world: World) -> None:
    response = world.client_for(world.carl).get(f"/engagements/new/?practice={world.other_practice.pk}")
    assert response.status_code == 404
