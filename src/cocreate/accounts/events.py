"""What the accounts services announce: a practice came into being; someone joined a practice by invitation."""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.accounts.models import Invitation, Practice, User
from cocreate.compose.events import Event


@dataclass(frozen=True)
class PracticeCreated(Event):
    practice: Practice
    actor: User | None  # the person who made it; None when made by a command or the demo


@dataclass(frozen=True)
class InvitationAccepted(Event):
    invitation: Invitation
    user: User  # the person who joined (a new account, or one that already existed)
