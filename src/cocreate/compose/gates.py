"""What a refused change says: the requirements that do not yet hold, each with the rule and its source.

An app that guards a change (the protocols app guards the medicine phase and medicine sessions) raises
`GateClosed` from a subscriber to one of care's asking events; care's views and the API show it without knowing
who raised it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Unmet:
    key: str  # the requirement's key in its protocol pack
    label: str  # what is required, in plain words
    state: str  # where it stands now
    source: str  # the rule's source (a regulation, a protocol, the practice's own rule)
    url: str = ""  # where it is done


class GateClosed(ValidationError):
    """A change refused because requirements do not hold; `unmet` lists them, each with its source."""

    def __init__(self, message: str, unmet: list[Unmet]) -> None:
        lines = [f"{u.label}: {u.state} ({u.source})" for u in unmet]
        super().__init__([message, *lines], code="gate_closed")
        self.headline = message
        self.unmet = unmet

    def as_json(self) -> dict[str, object]:
        return {"detail": " ".join([self.headline, *(f"{u.label}: {u.state} ({u.source})." for u in self.unmet)]),
                "code": "gate_closed", "unmet": [asdict(u) for u in self.unmet]}
