"""The rules of agreement, apart from storage: who must accept, who is still awaited, who wrote what."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cocreate.agreements.fields import identity_flatten, specs
from cocreate.agreements.kinds import KindSpec
from cocreate.agreements.models import Side


@dataclass(frozen=True)
class Parties:
    client_id: int
    team_ids: frozenset[int]

    @property
    def all_ids(self) -> frozenset[int]:
        return self.team_ids | {self.client_id}

    def side_of(self, user_id: int) -> str:
        return Side.CLIENT if user_id == self.client_id else Side.CARE_TEAM


def is_agreed(spec: KindSpec, parties: Parties, accepted: Iterable[int]) -> bool:
    """The client and one care-team member accept (every member, for kinds that need the whole team)."""
    ids = set(accepted)
    if parties.client_id not in ids:
        return False
    return parties.team_ids <= ids if spec.whole_team else bool(parties.team_ids & ids)


def awaited(spec: KindSpec, parties: Parties, accepted: Iterable[int]) -> tuple[list[int], bool]:
    """Whose acceptance is still missing: (people who must each accept, whether any one of the team will do)."""
    ids = set(accepted)
    missing = [] if parties.client_id in ids else [parties.client_id]
    if spec.whole_team:
        return missing + sorted(parties.team_ids - ids), False
    return missing, not (parties.team_ids & ids)


@dataclass(frozen=True)
class Written:
    """A revision as attribution needs it."""

    number: int
    side: str
    content: Mapping[str, Any]
    based_on: int | None


def attribution_of(spec: KindSpec, agreed: Written, chain: Mapping[int, Written], previous: Written | None,
                   previous_attribution: Mapping[str, str]) -> dict[str, str]:
    """Who wrote each field of a newly agreed revision (path -> side).

    Fields are named by `identity_flatten`, so a goal keeps its author when another goal is removed or the
    goals are reordered. A value already agreed before keeps its earlier author. A new value belongs to the
    earliest proposal in the revision's line of amendments that already held it: when a facilitator amends a
    client's proposal, the lines the client wrote stay the client's.
    """
    fields = specs(spec.schema)
    before = identity_flatten(fields, previous.content) if previous else {}
    line: list[dict[str, str]] = []
    sides: list[str] = []
    step = chain.get(agreed.based_on) if agreed.based_on is not None else None
    while step is not None and (previous is None or step.number > previous.number):
        line.append(identity_flatten(fields, step.content))
        sides.append(step.side)
        step = chain.get(step.based_on) if step.based_on is not None else None
    result: dict[str, str] = {}
    for path, value in identity_flatten(fields, agreed.content).items():
        if before.get(path) == value:
            result[path] = previous_attribution.get(path, previous.side if previous else agreed.side)
            continue
        author = agreed.side
        for older, side in zip(line, sides, strict=True):
            if older.get(path) != value:
                break
            author = side
        result[path] = author
    return result
