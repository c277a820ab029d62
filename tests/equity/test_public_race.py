"""Racing consultation requests with real threads, on a file database (SQLite) and on PostgreSQL: of facilitators
answering one request at the same moment exactly one answers it (one invitation, or one reply emailed), the others
are told it was already answered; and requests from one address (or to one practice) sent at the same moment never
store more than the hour's limit."""

from __future__ import annotations

from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from cocreate.accounts.models import Invitation, User
from cocreate.equity import public_requests
from cocreate.equity.models import ConsultationRequest, PublicPage, RequestState
from tests.conftest import World
from tests.equity.public_helpers import published, sent
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 4
N = 6


def test_the_race_runs_on_a_file_database() -> None:
    name = str(connection.settings_dict["NAME"])
    assert connection.vendor == "postgresql" or (name and ":memory:" not in name and "mode=memory" not in name)


def _accept(world: World, actor: User, request_id: int) -> ConsultationRequest:
    return public_requests.request_accept(actor=actor, practice=world.practice, request_id=request_id,
                                          kind="psychotherapy")


def _decline(world: World, actor: User, request_id: int) -> ConsultationRequest:
    return public_requests.request_decline(actor=actor, practice=world.practice, request_id=request_id,
                                           reply="We are full, sorry.")


def test_facilitators_answering_one_request_at_once_one_wins(world: World) -> None:
    page = published(world)
    for round_ in range(ROUNDS):
        found = sent(world, page, address=f"10.0.0.{round_}", email=f"p{round_}@ex.org")
        mail.outbox.clear()
        # Two accept and one declines, all at the same moment.
        outcomes = race(partial(_accept, world, world.alice, found.pk), partial(_accept, world, world.bea, found.pk),
                        partial(_decline, world, world.carl, found.pk))
        won = [o for o in outcomes if isinstance(o, ConsultationRequest)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(won) == 1 and len(lost) == 2, outcomes
        assert all("already answered" in " ".join(o.message_dict["__all__"]) for o in lost)
        found.refresh_from_db()
        assert found.state == won[0].state and found.handled_by_id == won[0].handled_by_id
        invitations = Invitation.objects.filter(email=f"p{round_}@ex.org").count()
        if found.state == RequestState.ACCEPTED:
            assert invitations == 1 and found.invitation_id is not None and found.reply == ""
        else:
            assert invitations == 0 and found.invitation_id is None and found.reply == "We are full, sorry."
            assert [m.to for m in mail.outbox] == [[f"p{round_}@ex.org"]]


def test_two_facilitators_accepting_at_once_make_one_invitation(world: World) -> None:
    page = published(world)
    for round_ in range(ROUNDS):
        found = sent(world, page, address=f"10.0.1.{round_}", email=f"q{round_}@ex.org")
        outcomes = race(partial(_accept, world, world.alice, found.pk), partial(_accept, world, world.bea, found.pk))
        won = [o for o in outcomes if isinstance(o, ConsultationRequest)]
        assert len(won) == 1 and sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
        assert Invitation.objects.filter(email=f"q{round_}@ex.org").count() == 1
        found.refresh_from_db()
        assert found.handled_by_id == won[0].handled_by_id


def _send(page: PublicPage, address: str, n: int) -> ConsultationRequest | None:
    return public_requests.request_create(page=page, address=address, email=f"r{n}@ex.org", message="Hello")


def test_requests_racing_from_one_address_store_no_more_than_the_limit(world: World, settings: object) -> None:
    settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = 2  # type: ignore[attr-defined]
    settings.CONSULTATION_REQUESTS_PER_PRACTICE_HOUR = 100  # type: ignore[attr-defined]
    page = published(world)
    outcomes = race(*[partial(_send, page, "192.0.2.7", n) for n in range(N)])
    stored = [o for o in outcomes if isinstance(o, ConsultationRequest)]
    limited = [o for o in outcomes if isinstance(o, public_requests.RateLimited)]
    assert len(stored) == 2 and len(limited) == N - 2, outcomes
    assert ConsultationRequest.objects.count() == 2
    assert ConsultationRequest.objects.values("address_hash").distinct().count() == 1


def test_requests_racing_to_one_practice_store_no_more_than_its_limit(world: World, settings: object) -> None:
    settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = 100  # type: ignore[attr-defined]
    settings.CONSULTATION_REQUESTS_PER_PRACTICE_HOUR = 3  # type: ignore[attr-defined]
    page = published(world)
    outcomes = race(*[partial(_send, page, f"198.51.100.{n}", n) for n in range(N)])
    assert sum(isinstance(o, ConsultationRequest) for o in outcomes) == 3, outcomes
    assert sum(isinstance(o, public_requests.RateLimited) for o in outcomes) == N - 3, outcomes
    assert ConsultationRequest.objects.filter(practice=world.practice).count() == 3
