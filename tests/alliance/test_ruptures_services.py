"""Ruptures through their services: naming (the other side told, without the words), repairs by either side, the
client's word alone closing it, and raising with the supervisor (a second one, or an old one, once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.alliance import ruptures
from cocreate.alliance.models import Rupture
from cocreate.alliance.ruptures_panels import respond_to_a_strain, say_whether_repaired, strain_needs_supervisor
from cocreate.care.models import Phase
from cocreate.care.selectors import reach_of, waiting_for
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.inbox.status import done_subjects
from tests.alliance.ruptures_helpers import acc, held, named, supervise
from tests.conftest import World


def notices(kind: str, who: object = None) -> list[Notice]:
    found = Notice.objects.filter(kind=kind)
    return list(found.filter(recipient=who) if who is not None else found)


def test_the_client_names_a_rupture_after_a_session_and_the_team_is_told_without_its_words(world: World) -> None:
    session = held(world)
    rupture = named(world, session=session, text="You looked at the clock while I spoke about my mother.")
    assert (rupture.named_by, rupture.session, rupture.raised_at) == (world.dana, session, None)
    told = notices(NoticeKind.RUPTURE_NAMED)
    assert {n.recipient for n in told} == {world.alice, world.bea}
    assert all("clock" not in n.title and "mother" not in n.title for n in told)
    assert not notices(NoticeKind.RUPTURE_RAISED)


def test_a_facilitator_names_one_and_the_client_is_told(world: World) -> None:
    named(world, world.alice, "I think I pushed too fast last time.")
    assert [n.recipient for n in notices(NoticeKind.RUPTURE_NAMED)] == [world.dana]


@pytest.mark.parametrize(("text", "field"), [("  ", "description"), ("x" * 4001, "description")])
def test_the_words_are_required_and_bounded(world: World, text: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        named(world, text=text)
    assert field in caught.value.message_dict
    assert not Rupture.objects.exists()


def test_a_session_of_another_engagement_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        ruptures.rupture_name(actor=world.dana, access=acc(world, world.dana), description="x",
                              session_id=world.session.pk + 1000)
    assert "session" in caught.value.message_dict


def test_only_the_client_says_whether_it_feels_repaired(world: World) -> None:
    rupture = named(world)
    ruptures.repair_add(actor=world.alice, access=acc(world, world.alice), rupture=rupture,
                        description="We talked it through at the start of the next session.")
    with pytest.raises(NotAllowed):
        ruptures.repair_word(actor=world.alice, access=acc(world, world.alice), rupture=rupture, repaired=True)
    assert ruptures.open_ruptures([world.engagement.pk]).count() == 1

    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=rupture, repaired=True,
                         note="Thank you.")
    assert not ruptures.open_ruptures([world.engagement.pk]).exists()
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=rupture, repaired=False)
    assert ruptures.open_ruptures([world.engagement.pk]).count() == 1  # the latest word counts
    assert ruptures.rupture_in(acc(world, world.dana), rupture.pk).words.count() == 2  # earlier ones stay


def test_the_client_records_a_repair_too(world: World) -> None:
    rupture = named(world, world.alice)
    repair = ruptures.repair_add(actor=world.dana, access=acc(world, world.dana), rupture=rupture,
                                 description="I said what I needed.")
    assert repair.by == world.dana
    assert notices(NoticeKind.RUPTURE_NAMED, world.alice)


def test_a_supervisor_and_a_closed_engagement_write_nothing(world: World) -> None:
    rupture = named(world)
    supervise(world)
    gus = engagement_access(world.gus, world.engagement)
    with pytest.raises(NotAllowed):
        ruptures.rupture_name(actor=world.gus, access=gus, description="x")
    with pytest.raises(NotAllowed):
        ruptures.repair_add(actor=world.gus, access=gus, rupture=rupture, description="x")
    world.engagement.phase = Phase.CLOSED
    with pytest.raises(ValidationError):
        named(world)


def test_a_second_rupture_while_one_is_open_is_raised_with_the_supervisor(world: World) -> None:
    first = named(world)
    second = named(world, world.alice, "Another moment.")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.raised_at is not None and "second" in second.raised_reason
    assert first.raised_at is None
    raised = notices(NoticeKind.RUPTURE_RAISED)
    assert [(n.recipient, n.subject) for n in raised] == [(world.gus, f"rupture:{second.pk}")]
    assert "Dana" in raised[0].title and "Another" not in raised[0].title


def test_a_second_one_after_the_first_feels_repaired_is_not_raised(world: World) -> None:
    first = named(world)
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=first, repaired=True)
    named(world, text="Something else.")
    assert not notices(NoticeKind.RUPTURE_RAISED)


def test_an_old_unrepaired_rupture_is_raised_by_the_command_once(world: World) -> None:
    old = named(world)
    repaired = named(world, world.alice, "Felt repaired since.")  # raised as a second one: not the command's
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=repaired, repaired=True)
    fresh_engagement_rupture = Rupture.objects.create(engagement=world.eve_engagement, named_by=world.eve,
                                                      description="Recent")
    Rupture.objects.filter(pk__in=[old.pk, repaired.pk]).update(created=timezone.now() - timedelta(days=15))
    Notice.objects.all().delete()
    call_command("raise_ruptures")
    call_command("raise_ruptures")
    raised = notices(NoticeKind.RUPTURE_RAISED)
    assert [(n.recipient, n.subject) for n in raised] == [(world.gus, f"rupture:{old.pk}")]
    old.refresh_from_db()
    fresh_engagement_rupture.refresh_from_db()
    assert "14 days" in old.raised_reason
    assert fresh_engagement_rupture.raised_at is None


def test_the_command_leaves_a_closed_engagement_and_a_rupture_repaired_meanwhile(world: World) -> None:
    rupture = named(world)
    Rupture.objects.filter(pk=rupture.pk).update(created=timezone.now() - timedelta(days=30))
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=rupture, repaired=True)
    assert ruptures.rupture_raise(rupture, reason="late") is False  # the lock re-reads the client's word
    assert ruptures.ruptures_raise_due() == 0


def test_with_nobody_supervising_the_team_the_practice_supervisors_are_told(world: World) -> None:
    rupture = Rupture.objects.create(engagement=world.eve_engagement, named_by=world.eve, description="x")
    assert ruptures.rupture_raise(rupture, reason="late")
    assert [n.recipient for n in notices(NoticeKind.RUPTURE_RAISED)] == [world.gus]


def test_the_raised_notice_is_done_once_the_client_says_it_feels_repaired(world: World) -> None:
    named(world)
    second = named(world, text="Again.")
    notice = notices(NoticeKind.RUPTURE_RAISED)[0]
    assert done_subjects(world.gus, [notice]) == set()
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=second, repaired=True)
    assert done_subjects(world.gus, [notice]) == {f"rupture:{second.pk}"}


def test_what_waits_for_each_side(world: World) -> None:
    rupture = named(world)
    kinds = {i.kind for i in waiting_for(world.alice)}
    assert "alliance.rupture_named" in kinds
    assert not list(say_whether_repaired(reach_of(world.dana)))

    ruptures.repair_add(actor=world.alice, access=acc(world, world.alice), rupture=rupture, description="Talked.")
    assert not list(respond_to_a_strain(reach_of(world.alice)))
    waiting = [i for i in waiting_for(world.dana) if i.kind == "alliance.rupture_word"]
    assert len(waiting) == 1 and waiting[0].url.endswith(f"#rupture-{rupture.pk}")

    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=rupture, repaired=False)
    assert not list(say_whether_repaired(reach_of(world.dana)))  # said, until the next repair


def test_a_raised_strain_waits_for_the_supervisor_until_repaired(world: World) -> None:
    named(world)
    second = named(world, text="Again.")
    items = list(strain_needs_supervisor(reach_of(world.gus)))
    assert [i.label for i in items] == ["A strain in Dana's work needs your attention"]
    assert not list(strain_needs_supervisor(reach_of(world.carl)))
    ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=second, repaired=True)
    assert not list(strain_needs_supervisor(reach_of(world.gus)))
