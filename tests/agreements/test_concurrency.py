"""Real threads on a file database racing on one document: no lost update, no double agreement, and consent once
withdrawn never comes back through a race. Each race runs several times, so that either side wins in some rounds."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cocreate.agreements.models import Decision, Revision, RevisionState
from cocreate.agreements.services import RevisionConflict
from cocreate.inbox.models import Notice, NoticeKind
from tests.agreements.helpers import accept, agree, in_force, intentions, narrow, propose, touch, transport
from tests.conftest import World
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def _numbers(world: World, kind: str) -> list[int]:
    return list(Revision.objects.filter(document__engagement=world.engagement, document__kind=kind)
                .order_by("number").values_list("number", flat=True))


def test_the_threads_share_one_database_file(world: World) -> None:
    name = str(connection.settings_dict["NAME"])
    assert name != ":memory:" and "mode=memory" not in name, name  # SQLite in memory would fail every race
    seen = race(lambda: list(Revision.objects.values_list("pk", flat=True)),
                 lambda: world.engagement.client.name)
    assert seen == [[], "Dana"]  # the world made in the test's thread is visible from others


def test_two_proposals_on_the_same_base_make_one_revision_and_one_conflict(world: World) -> None:
    latest: int | None = None
    for round_ in range(ROUNDS):
        base = latest
        outcomes = race(partial(propose, world, world.dana, "transport", transport(driver=f"Sam {round_}"), base),
                         partial(propose, world, world.alice, "transport", transport(driver=f"Kim {round_}"), base))

        made = [o for o in outcomes if isinstance(o, Revision)]
        conflicts = [o for o in outcomes if isinstance(o, RevisionConflict)]
        assert (len(made), len(conflicts)) == (1, 1), outcomes
        winner, conflict = made[0], conflicts[0]
        assert winner.number == (base or 0) + 1
        assert conflict.latest.pk == winner.pk
        assert conflict.base is None or conflict.base.number == base
        assert [c.path for c in conflict.changes if c.kind != "added"] in ([], ["driver"])
        latest = winner.number

    assert _numbers(world, "transport") == list(range(1, ROUNDS + 1))
    assert Decision.objects.count() == ROUNDS  # each author's own acceptance, for the winners only


def test_two_acceptances_that_complete_an_agreement_both_count_and_agree_once(world: World) -> None:
    latest: int | None = None
    for round_ in range(ROUNDS):
        revision = propose(world, world.dana, "intentions", intentions(f"Goal {round_}"), latest)
        announced = Notice.objects.filter(kind=NoticeKind.PROPOSAL_AGREED).count()

        outcomes = race(partial(accept, world, world.alice, revision), partial(accept, world, world.bea, revision))

        assert all(isinstance(o, Revision) for o in outcomes), outcomes
        revision.refresh_from_db()
        assert revision.state == RevisionState.AGREED
        assert set(revision.decisions.values_list("party__name", flat=True)) == {"Dana", "Alice", "Bea"}
        assert Notice.objects.filter(kind=NoticeKind.PROPOSAL_AGREED).count() == announced + 2  # agreed once
        assert in_force(world.engagement, "intentions") == revision
        latest = revision.number

    agreed = Revision.objects.filter(document__kind="intentions", state=RevisionState.AGREED)
    assert agreed.count() == 1
    assert _numbers(world, "intentions") == list(range(1, ROUNDS + 1))


def test_consent_narrowed_during_the_acceptance_of_a_widening_stays_narrowed(world: World) -> None:
    base = agree(world, "touch_consent", touch(hand_on_shoulder="ask_first")).number
    for round_ in range(ROUNDS):
        if round_:  # the last round left the hand on the shoulder at "no": everyone agrees to ask first again
            base = agree(world, "touch_consent", touch(hand_on_shoulder="ask_first"), base).number
        widening = propose(world, world.alice, "touch_consent", touch(hand_on_shoulder="yes"), base)
        accept(world, world.dana, widening)  # bea's acceptance would put it in force

        actions = [partial(accept, world, world.bea, widening),
                   partial(narrow, world, world.dana, {"hand_on_shoulder": "no"})]
        flip = round_ % 2  # start the threads in either order
        outcomes = race(*actions[flip:], *actions[:flip])
        accepted, narrowed = outcomes[flip:] + outcomes[:flip]

        assert isinstance(narrowed, Revision), narrowed
        assert isinstance(accepted, Revision | ValidationError), accepted  # agreed first, or too late: superseded
        force = in_force(world.engagement, "touch_consent")
        assert force is not None and force.pk == narrowed.pk
        assert force.content["hand_on_shoulder"] == "no"
        widening.refresh_from_db()
        assert widening.state == RevisionState.SUPERSEDED
        assert Revision.objects.filter(document__kind="touch_consent", state=RevisionState.AGREED).count() == 1
        base = narrowed.number

    numbers = _numbers(world, "touch_consent")
    assert numbers == list(range(1, len(numbers) + 1))
