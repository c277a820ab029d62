"""What the accounts services announce: a practice came into being."""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.accounts.models import Practice, User
from cocreate.compose.events import Event


@dataclass(frozen=True)
class PracticeCreated(Event):
    practice: Practice
    actor: User | None  # the person who made it; None when made by a command or the demo
