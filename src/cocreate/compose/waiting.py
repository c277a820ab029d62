"""What is waiting for a person: decisions, questionnaires, questions, flags, sessions, from every app.

Each app registers a provider from its own `panels.py`. A provider is given the person's `Reach` (the open
engagements they act in, decided by the access policy) and returns the items waiting for them there, in a fixed
number of queries however many engagements or items there are. An item disappears once it is done, because
providers read the current state rather than storing a to-do list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import formats, timezone

if TYPE_CHECKING:
    from cocreate.accounts.models import User
    from cocreate.care.models import Engagement


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for someone: what it is, where, since when, and the page where it is done."""

    kind: str  # stable and machine-readable: "<app>.<what>", e.g. "agreements.proposal"
    label: str  # what to do, in words for the person reading it
    engagement_id: int
    client_name: str
    since: datetime
    url: str
    due: datetime | None = None  # by when it is to be done, or when it happens
    detail: str = ""  # a short line on timing, in words for the person ("open until 3 Dec, 10:00")


@dataclass(frozen=True)
class Reach:
    """The open engagements a person acts in: as their client, and as a member of their care team."""

    actor: User
    as_client: Mapping[int, Engagement]
    as_team: Mapping[int, Engagement]

    @property
    def engagement_ids(self) -> set[int]:
        return set(self.as_client) | set(self.as_team)

    def engagement(self, pk: int) -> Engagement:
        return self.as_client.get(pk) or self.as_team[pk]

    def is_client(self, engagement_id: int) -> bool:
        return engagement_id in self.as_client


Provider = Callable[[Reach], Iterable[Waiting]]
_providers: dict[str, Provider] = {}
_sides: dict[str, str] = {}
SIDES = ("client", "team", "both")


def provider(key: str, *, side: str = "both") -> Callable[[Provider], Provider]:
    """Decorator: register a provider of waiting items under a unique key. `side` says whose items it finds: a
    client's own ("client"), a care team's ("team") or either ("both"); a provider is not asked when the person
    acts on no engagement from its side (building a query over no engagements costs as much as running one)."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")

    def register(function: Provider) -> Provider:
        existing = _providers.get(key)
        if existing is not None and existing is not function:
            raise ValueError(f"a waiting-items provider named {key!r} exists")
        _providers[key] = function
        _sides[key] = side
        return function

    return register


def _asks(key: str, reach: Reach) -> bool:
    side = _sides[key]
    return bool(reach.as_client if side == "client" else reach.as_team if side == "team" else reach.engagement_ids)


def collect(reach: Reach) -> list[Waiting]:
    """Everything waiting for the person, oldest first."""
    if not reach.engagement_ids:
        return []
    items = [item for key in sorted(_providers) if _asks(key, reach) for item in _providers[key](reach)]
    return sorted(items, key=lambda i: (i.since, i.kind, i.url))


def by_engagement(items: Iterable[Waiting]) -> dict[int, list[Waiting]]:
    """The items grouped by engagement, each group oldest first."""
    grouped: dict[int, list[Waiting]] = {}
    for item in items:
        grouped.setdefault(item.engagement_id, []).append(item)
    return grouped


def when(moment: datetime) -> str:
    """A moment as the waiting lists show it, on the site's clock: "Sat 5 Dec, 09:00"."""
    return formats.date_format(timezone.localtime(moment), "D j M, H:i")
