"""How the measures react to sessions: questionnaires due before or after a session follow it."""

from __future__ import annotations

from cocreate.care.events import SessionCancelled, SessionEvent, SessionMoved, SessionScheduled
from cocreate.compose.events import subscribe
from cocreate.measures.services import administrations_sync


@subscribe(SessionScheduled, SessionMoved, SessionCancelled)
def sync_with_sessions(event: SessionEvent) -> None:
    # Scheduled: its questionnaires are planned; moved: they move with it, answers kept; cancelled: open ones
    # are withdrawn. Inside the session change's transaction, so the two never disagree.
    administrations_sync(engagement=event.engagement)
