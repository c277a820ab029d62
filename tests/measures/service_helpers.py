"""Shortcuts for the measures service tests: assign, answer and submit as a persona, and count what was written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.accounts.models import User
from cocreate.care import services as care
from cocreate.care.models import Engagement, Session
from cocreate.inbox.models import Notice
from cocreate.measures import registry, services
from cocreate.measures.models import Administration, Assignment, Flag, Response, Score
from tests.conftest import World


def access(user: User, engagement: Engagement) -> EngagementAccess:
    return engagement_access(user, engagement)


def assign(world: World, instrument: str = "phq9", schedule: str = "once", *, actor: User | None = None,
           engagement: Engagement | None = None, **params: Any) -> Assignment:
    """`actor` (alice by default) assigns on dana's engagement (or the one given)."""
    actor = actor or world.alice
    engagement = engagement or world.engagement
    return services.assignment_create(actor=actor, access=access(actor, engagement), instrument=instrument,
                                      schedule=schedule, **params)


def administrations(assignment: Assignment, *, live: bool = True) -> list[Administration]:
    """The assignment's administrations in due order; only those not cancelled unless `live` is False."""
    found = Administration.objects.filter(assignment=assignment).order_by("due_at")
    return list(found.filter(cancelled_at__isnull=True) if live else found)


def open_one(world: World, instrument: str = "phq9") -> Administration:
    """A questionnaire due now on dana's engagement."""
    [administration] = administrations(assign(world, instrument))
    return administration


def age(administration: Administration, days: float) -> None:
    """As if its once-only assignment had been made `days` ago (so a later sync agrees with it)."""
    delta = timedelta(days=days)
    Assignment.objects.filter(pk=administration.assignment_id).update(created=F("created") - delta)
    Administration.objects.filter(pk=administration.pk).update(due_at=F("due_at") - delta,
                                                               expires_at=F("expires_at") - delta)


def every(instrument: str, value: int, **overrides: int) -> dict[str, int]:
    """An answer to every item of the instrument: `value`, except the items given by id (`**{"9": 1}`)."""
    answers = {item.id: value for item in registry.instrument(instrument).items}
    answers.update(overrides)
    return answers


def save(world: World, administration: Administration, answers: Any, user: User | None = None) -> Response:
    user = user or world.dana
    return services.answers_save(actor=user, access=access(user, administration.engagement),
                                 administration=administration, answers=answers)


def submit(world: World, administration: Administration, answers: Any = None, user: User | None = None) -> Score:
    user = user or world.dana
    return services.response_submit(actor=user, access=access(user, administration.engagement),
                                    administration=administration, answers=answers)


def submit_new(world: World, instrument: str, answers: dict[str, int]) -> Score:
    """dana answers a fresh one-off questionnaire of the instrument (open for a day, so that it is no twin of
    one `open_one` left waiting)."""
    [administration] = administrations(assign(world, instrument, expires_after_days=1))
    return submit(world, administration, answers)


def session(world: World, kind: str, starts_in: timedelta, *, minutes: int = 60,
            engagement: Engagement | None = None) -> Session:
    engagement = engagement or world.engagement
    return care.session_schedule(actor=world.alice, access=access(world.alice, engagement), kind=kind,
                                 starts_at=timezone.now() + starts_in, duration_minutes=minutes)


def rows() -> dict[str, int]:
    """How many rows measures has written, to show that a refused action wrote none."""
    return {model.__name__: model.objects.count()
            for model in (Assignment, Administration, Response, Score, Flag, Notice)}


def answers_kept(administration: Administration) -> dict[str, int] | None:
    response = Response.objects.filter(administration=administration).first()
    return response.answers if response else None


def notices_to(user: User, kind: str | None = None) -> list[Notice]:
    found = Notice.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)
