"""The access policy's emergency relation: a clinical lead reads an engagement they are not on, as a supervisor does,
only while a grant they opened with a reason lasts; nobody else gains anything from it."""

from __future__ import annotations

import pytest
from django.http import Http404

from cocreate.access import emergency
from cocreate.access.models import Basis
from cocreate.access.policy import (
    Action,
    EmergencyEnded,
    NotAllowed,
    ReasonRequired,
    Relation,
    engagement_access,
    require,
)
from cocreate.accounts.models import Membership, Role
from cocreate.care import selectors as care_selectors
from cocreate.care import services as care_services
from tests.conftest import World
from tests.emergency.helpers import REASON, opened, opened_earlier


def test_without_a_grant_a_lead_is_told_what_any_supervisor_is(world: World) -> None:
    with pytest.raises(ReasonRequired):
        engagement_access(world.gus, world.eve_engagement)


def test_an_open_grant_reads_as_supervision_with_basis_emergency_and_the_reason(world: World) -> None:
    opened(world)
    access = engagement_access(world.gus, world.eve_engagement)
    assert (access.relation, access.basis, access.reason) == (Relation.SUPERVISOR, Basis.EMERGENCY, REASON)
    assert access.is_emergency and access.may(Action.READ)
    for action in set(Action) - {Action.READ}:
        with pytest.raises(NotAllowed):
            require(access, action)


def test_it_opens_only_the_engagement_named(world: World) -> None:
    opened(world)
    with pytest.raises(ReasonRequired):  # Dana's, on the caseload of Alice whom Gus supervises: still a reason
        engagement_access(world.gus, world.engagement)
    with pytest.raises(ReasonRequired):  # another practice's: what a supervisor is told of any id
        engagement_access(world.gus, world.oscar_engagement)


def test_private_notes_stay_their_authors(world: World) -> None:
    carl_access = engagement_access(world.carl, world.eve_engagement)
    care_services.private_note_create(actor=world.carl, access=carl_access, body="Carl's own process note")
    opened(world)
    access = engagement_access(world.gus, world.eve_engagement)
    assert list(care_selectors.private_notes(access, world.gus)) == []


@pytest.mark.parametrize("how", ["expired", "ended"])
def test_once_it_is_over_the_lead_is_sent_back_to_the_reason(world: World, how: str) -> None:
    if how == "expired":
        opened_earlier(world)
    else:
        opened(world)
        emergency.emergency_access_end(actor=world.gus, engagement_id=world.eve_engagement.pk)
    with pytest.raises(EmergencyEnded) as raised:
        engagement_access(world.gus, world.eve_engagement)
    assert raised.value.engagement_id == world.eve_engagement.pk


def test_a_lead_who_is_no_longer_one_loses_the_grant(world: World) -> None:
    opened(world)
    Membership.objects.filter(user=world.gus, role=Role.SUPERVISOR).delete()
    with pytest.raises(ReasonRequired):  # still linked as Alice's supervisor, so told as any supervisor is
        engagement_access(world.gus, world.eve_engagement)


@pytest.mark.parametrize("who", ["carl", "alice", "fay", "eve", "olga", "dana"])
def test_only_a_lead_of_the_practice_may_open_someone_elses_engagement(world: World, who: str) -> None:
    # Carl serves Eve; Alice and Fay run the practice but are not clinical leads; Olga is of another practice.
    with pytest.raises(Http404):
        emergency.target_for(getattr(world, who), world.eve_engagement.pk)


def test_not_a_foreign_practice_nor_a_missing_id(world: World) -> None:
    for pk in (world.oscar_engagement.pk, 10**9):
        with pytest.raises(Http404):
            emergency.target_for(world.gus, pk)
