"""A flag stays on the caseload until a facilitator of the care team records what was done; overdue
questionnaires count on the caseload too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed
from cocreate.access.services import supervision_access_start
from cocreate.accounts.models import User
from cocreate.measures import flag_services, selectors
from cocreate.measures.models import Flag
from tests.conftest import World
from tests.measures.service_helpers import access, age, assign, every, open_one, submit_new


def risk_flag(world: World) -> Flag:
    return submit_new(world, "phq9", every("phq9", 0, **{"9": 1})).flags.get()


def resolve(world: World, flag: Flag, action: str, user: User | None = None) -> Flag:
    user = user or world.alice
    return flag_services.flag_resolve(actor=user, access=access(user, world.engagement), flag=flag, action=action)


def test_a_risk_flag_stays_on_the_caseload_until_someone_records_what_was_done(world: World) -> None:
    flag = risk_flag(world)
    ids = [world.engagement.pk, world.eve_engagement.pk]
    flags = selectors.caseload_flags(ids)
    assert flags[world.engagement.pk].risk == [flag] and flags[world.eve_engagement.pk].risk == []
    assert flags[world.engagement.pk].any and not flags[world.eve_engagement.pk].any

    done = resolve(world, flag, "  Called Dana within the hour; we went through the safety plan together.  ")
    assert (done.resolved_by, done.action) == (
        world.alice, "Called Dana within the hour; we went through the safety plan together.")
    assert done.resolved_at is not None
    assert selectors.caseload_flags(ids)[world.engagement.pk].risk == []
    assert selectors.measures_view(access(world.alice, world.engagement)).flags == []
    assert Flag.objects.get(pk=flag.pk).reason == flag.reason  # the reason stays as it was raised


@pytest.mark.parametrize(("action", "message"), [
    ("", "Say what was done"),
    ("   ", "Say what was done"),
    ("x" * 2001, "under 2000"),
    ("called\x00", "NUL"),
])
def test_what_was_done_is_required_and_bounded(world: World, action: str, message: str) -> None:
    flag = risk_flag(world)
    with pytest.raises(ValidationError) as caught:
        resolve(world, flag, action)
    assert message in caught.value.message_dict["action"][0]
    assert Flag.objects.get(pk=flag.pk).resolved_at is None


def test_a_resolved_flag_cannot_be_resolved_again(world: World) -> None:
    flag = risk_flag(world)
    resolve(world, flag, "Called the same day.", world.bea)
    with pytest.raises(ValidationError) as caught:
        resolve(world, flag, "Called again.")
    assert "already resolved" in caught.value.message_dict["__all__"][0]
    assert Flag.objects.get(pk=flag.pk).action == "Called the same day."


def test_only_the_care_team_resolves(world: World) -> None:
    flag = risk_flag(world)
    with pytest.raises(NotAllowed):
        resolve(world, flag, "I am fine.", world.dana)
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the care plan together.")
    with pytest.raises(NotAllowed):
        resolve(world, flag, "Seen.", world.gus)
    assert Flag.objects.get(pk=flag.pk).resolved_at is None


def test_a_flag_of_another_engagement_cannot_be_resolved_through_ones_own(world: World) -> None:
    flag = risk_flag(world)
    carls = access(world.carl, world.eve_engagement)
    with pytest.raises(Http404):
        flag_services.flag_resolve(actor=world.carl, access=carls, flag=flag, action="Not mine")
    with pytest.raises(Http404):
        selectors.flag_in(carls, flag.pk)
    assert Flag.objects.get(pk=flag.pk).resolved_at is None


def test_caseload_counts_overdue_questionnaires_and_lists_each_kind_of_flag(world: World) -> None:
    late, fresh = open_one(world), open_one(world, "gad7")
    expired = open_one(world, "who5")
    age(late, 2)
    age(expired, 9)  # open for 7 days: closed two days ago
    submit_new(world, "wai_sr", every("wai_sr", 5, **{"1": 1}))
    submit_new(world, "phq9", every("phq9", 0))
    submit_new(world, "phq9", every("phq9", 1, **{"9": 0}))
    flags = selectors.caseload_flags([world.engagement.pk])[world.engagement.pk]
    assert flags.overdue == 1  # the one open for two days; not the fresh one, not the closed one
    assert (len(flags.risk), len(flags.deterioration), len(flags.alliance)) == (0, 1, 1)
    view = selectors.measures_view(access(world.alice, world.engagement))
    assert [a.pk for a in view.overdue] == [late.pk]
    assert {a.pk for a in view.open} == {late.pk, fresh.pk}
    assert selectors.caseload_flags([]) == {}


def test_the_client_sees_the_flags_and_what_was_done(world: World) -> None:
    flag = risk_flag(world)
    resolve(world, flag, "Called Dana; safety plan reviewed.")
    [seen] = selectors.flags(access(world.dana, world.engagement))
    assert seen.action == "Called Dana; safety plan reviewed." and seen.resolved_by == world.alice
    assign(world, "gad7")  # the client's own view lists the standing assignments too
    assert len(selectors.measures_view(access(world.dana, world.engagement)).assignments) == 2
