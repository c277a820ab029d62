"""Real threads on a file database: two facilitators move the engagement into the medicine phase, or schedule a
medicine session, while the client withdraws or declines the informed consent the gate requires. Whoever wins, the
outcome is one that could have happened in some order: a move or a session that succeeded committed before the
withdrawal, and one that came after it was refused. Each race runs several times, so that either side wins in some
rounds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cocreate.accounts.models import Practice, Role, User
from cocreate.care import services as care
from cocreate.care.models import Engagement, Kind, Phase, PhaseTransition, Session, SessionKind
from cocreate.compose.gates import GateClosed
from cocreate.protocols.models import Acknowledgement, FormVersion
from cocreate.protocols.selectors import checklist
from cocreate.protocols.services import practice_pack_set
from tests.conftest import World, make_user
from tests.protocols.gate_helpers import access, everything, move, respond, under
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def _race_started_from(first: int, actions: list[Callable[[], Any]]) -> list[Any]:
    """`race`, its threads started from the `first` action on (so each side is sometimes started first); the
    outcomes in the order of `actions`."""
    outcomes = race(*actions[first:], *actions[:first])
    return outcomes[len(actions) - first:] + outcomes[:len(actions) - first]


@pytest.fixture
def ready(world: World) -> Engagement:
    """Dana's engagement under Oregon's pack, in the preparation phase, with every requirement met."""
    engagement = world.engagement
    under(world, engagement, "oregon_psilocybin")
    everything(world, engagement)
    assert checklist(engagement, "phase").open
    return engagement


def _move(user: User, engagement: Engagement) -> PhaseTransition:
    return care.phase_transition(actor=user, access=access(user, engagement), to_phase=Phase.MEDICINE,
                                 reason="Everything is in place")


def _schedule(user: User, engagement: Engagement, days: int) -> Session:
    return care.session_schedule(actor=user, access=access(user, engagement), kind=SessionKind.MEDICINE,
                                 starts_at=timezone.now() + timedelta(days=days), duration_minutes=300,
                                 planned_dose_mg="25")


def _refused_for_the_consent(outcome: object) -> bool:
    return isinstance(outcome, GateClosed) and [u.key for u in outcome.unmet] == ["informed_consent"]


def _moved_already(outcome: object) -> bool:
    return (isinstance(outcome, ValidationError) and not isinstance(outcome, GateClosed)
            and "to_phase" in outcome.message_dict)


def test_the_threads_share_one_database_file(world: World) -> None:
    name = str(connection.settings_dict["NAME"])
    assert name != ":memory:" and "mode=memory" not in name, name  # SQLite in memory would fail every race
    assert race(lambda: world.engagement.client.name, lambda: Engagement.objects.count()) == ["Dana", 3]


def test_a_move_into_medicine_never_succeeds_after_the_consent_was_withdrawn(world: World, ready: Engagement
                                                                            ) -> None:
    engagement = ready
    for round_ in range(ROUNDS):
        if engagement.phase == Phase.MEDICINE:  # the last round's move won: come back by way of integration
            move(world, engagement, Phase.INTEGRATION)
        respond(engagement, "informed_consent")  # consent given again: the gate is open
        assert checklist(engagement, "phase").open
        before = engagement.phase
        choice = "withdrawn" if round_ % 2 else "declined"

        actions: list[Callable[[], Any]] = [
            partial(_move, world.alice, engagement), partial(_move, world.bea, engagement),
            partial(respond, engagement, "informed_consent", choice)]
        alices, beas, withdrawal = outcomes = _race_started_from(round_ % 3, actions)

        assert isinstance(withdrawal, Acknowledgement), withdrawal
        assert withdrawal.choice == choice
        moves = [o for o in (alices, beas) if isinstance(o, PhaseTransition)]
        refusals = [o for o in (alices, beas) if not isinstance(o, PhaseTransition)]
        assert len(moves) <= 1, outcomes
        engagement.refresh_from_db()
        assert engagement.phase == (Phase.MEDICINE if moves else before)
        assert all(m.at < withdrawal.at for m in moves), (moves, withdrawal.at)  # a move committed first
        # After a move, the other found the phase moved already (before or after the withdrawal); without one,
        # both found the consent withdrawn.
        assert all(_moved_already(o) if moves else _refused_for_the_consent(o) for o in refusals), outcomes
        moved_in = PhaseTransition.objects.filter(engagement=engagement, to_phase=Phase.MEDICINE, at__gt=withdrawal.at)
        assert not moved_in.exists()  # never a move committed after the withdrawal

    assert checklist(engagement, "phase").items  # the engagement is still readable after every round


def test_a_medicine_session_is_never_scheduled_after_the_consent_was_withdrawn(world: World, ready: Engagement
                                                                              ) -> None:
    engagement = ready
    for round_ in range(ROUNDS):
        respond(engagement, "informed_consent")
        assert checklist(engagement, "schedule").open
        choice = "withdrawn" if round_ % 2 else "declined"
        planned = Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE).count()

        actions: list[Callable[[], Any]] = [
            partial(_schedule, world.alice, engagement, 3 + 2 * round_),
            partial(_schedule, world.bea, engagement, 4 + 2 * round_),
            partial(respond, engagement, "informed_consent", choice)]
        alices, beas, withdrawal = outcomes = _race_started_from(round_ % 3, actions)

        assert isinstance(withdrawal, Acknowledgement), withdrawal
        scheduled = [o for o in (alices, beas) if isinstance(o, Session)]
        refused = [o for o in (alices, beas) if not isinstance(o, Session)]
        assert all(_refused_for_the_consent(o) for o in refused), outcomes
        assert all(s.created < withdrawal.at for s in scheduled), outcomes  # each committed before the withdrawal
        assert Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE).count() == planned + len(
            scheduled)
        assert not Session.objects.filter(engagement=engagement, kind=SessionKind.MEDICINE,
                                          created__gt=withdrawal.at).exists()


def test_two_clients_acknowledging_the_starting_text_at_once_share_its_version_1(world: World) -> None:
    """The pack's starting text becomes the practice's version 1 the first time a client acknowledges it: two
    clients of the practice doing so at the same moment (each under their own engagement's lock) both succeed."""
    for round_ in range(ROUNDS):
        form = ("bill_of_rights", "informed_consent", "data_opt_out")[round_ % 3]
        practice = Practice.objects.create(name=f"Cedar {round_}")
        lead = make_user(f"lead{round_}", practice, Role.FACILITATOR)
        practice_pack_set(actor=lead, practice=practice, pack="oregon_psilocybin")
        engagements = [care.engagement_create(actor=lead, practice=practice, kind=Kind.PSYCHEDELIC_ASSISTED,
                                              client_id=make_user(f"client{round_}{n}", practice, Role.CLIENT).pk)
                       for n in range(2)]

        outcomes = race(*(partial(respond, engagement, form) for engagement in engagements))

        assert all(isinstance(o, Acknowledgement) for o in outcomes), outcomes
        [version] = FormVersion.objects.filter(practice=practice, form=form)
        assert (version.number, version.author) == (1, None)
        assert {o.version_id for o in outcomes} == {version.pk}
