"""What the care services announce when they change an engagement, its team or its sessions.

Each event is published by the service that made the change, inside its transaction (see `compose.events`).
Apps above care subscribe in their own `subscribers.py`; care never calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from cocreate.accounts.models import User
from cocreate.care.models import Engagement, PhaseTransition, Session
from cocreate.compose.events import Event


@dataclass(frozen=True)
class EngagementEvent(Event):
    actor: User
    engagement: Engagement


@dataclass(frozen=True)
class EngagementOpened(EngagementEvent):
    pass


@dataclass(frozen=True)
class PhaseMoved(EngagementEvent):
    transition: PhaseTransition


@dataclass(frozen=True)
class EngagementClosed(EngagementEvent):
    """Published after the PhaseMoved event of the move to closed."""

    transition: PhaseTransition


@dataclass(frozen=True)
class CareTeamChanged(EngagementEvent):
    facilitator_id: int
    added: bool  # False: removed


@dataclass(frozen=True)
class SessionEvent(EngagementEvent):
    session: Session


@dataclass(frozen=True)
class SessionScheduled(SessionEvent):
    pass


@dataclass(frozen=True)
class SessionMoved(SessionEvent):
    previous_starts_at: datetime


@dataclass(frozen=True)
class SessionCancelled(SessionEvent):
    reason: str


@dataclass(frozen=True)
class SessionPostponed(SessionCancelled):
    """The client postponed the session; no reason is asked of them (`reason` is empty). Subscribers to
    SessionCancelled hear it too: a postponed session will not take place either."""


@dataclass(frozen=True)
class SessionCompleted(SessionEvent):
    """The care team recorded that the session was held."""


# Asking events: published under the engagement's row lock *before* the change is written. A subscriber that
# objects raises (a `compose.gates.GateClosed`), and nothing is written; so a rule is checked in the same
# transaction as the change it guards, never against a state that has since moved on.


@dataclass(frozen=True)
class PhaseMoving(EngagementEvent):
    from_phase: str
    to_phase: str


@dataclass(frozen=True)
class SessionPlanning(EngagementEvent):
    """A session is about to be scheduled (`session` None) or moved (`session` the one moving)."""

    kind: str
    starts_at: datetime
    duration_minutes: int
    planned_dose_mg: Decimal | None
    session: Session | None = None
