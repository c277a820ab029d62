"""What reminders add to the shared pages: the practice home's link to its reminder times."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.accounts.models import Role
from cocreate.compose.panels import PRACTICE_LINKS, PracticePage


@PRACTICE_LINKS.panel("reminders.times", order=40, template="reminders/_practice_link.html")
def reminder_times_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if page.roles & {Role.ADMIN, Role.FACILITATOR} else None
