"""What the access app announces: a clinical lead opened an engagement under emergency access.

Published inside the opening's transaction (`compose.events`); the inbox, above the core, tells the care team.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.access.models import EmergencyAccess
from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.compose.events import Event


@dataclass(frozen=True)
class EmergencyAccessOpened(Event):
    actor: User
    engagement: Engagement
    grant: EmergencyAccess
