"""How an engagement's course may run: the phases that may follow and the session kinds that may be scheduled.

The app that knows an engagement's protocol (protocols) registers one provider; care asks here and falls back to
its own defaults when no provider answers. So the course is the protocol pack's, while care stays below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Course:
    next_phases: list[str]  # the phases the engagement may move to from where it stands
    session_kinds: list[str]  # the kinds of session that may be scheduled now


Provider = Callable[[Any], Course | None]  # given an engagement
_providers: list[Provider] = []


def course_provider(provider: Provider) -> Provider:
    """Decorator: register a provider of courses (registering the same function twice is harmless)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def course_of(engagement: Any) -> Course | None:
    """The first registered provider's answer for this engagement, or None to let care decide."""
    for provider in _providers:
        found = provider(engagement)
        if found is not None:
            return found
    return None
