"""A waiting-items provider says whose items it finds, and is not asked when the person acts on no engagement
from that side: building a query over no engagements costs as much as running one."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.care import selectors
from cocreate.compose import waiting
from tests.conftest import World


def test_every_provider_declares_a_side() -> None:
    assert set(waiting._sides) == set(waiting._providers)
    assert set(waiting._sides.values()) <= set(waiting.SIDES)
    with pytest.raises(ValueError, match="side"):
        waiting.provider("test.nowhere", side="supervisor")


def test_a_person_on_one_side_only_asks_only_that_sides_providers(world: World, monkeypatch: Any) -> None:
    asked: list[str] = []
    for key, function in list(waiting._providers.items()):
        def spy(reach: waiting.Reach, key: str = key, function: Any = function) -> Any:
            asked.append(key)
            return function(reach)
        monkeypatch.setitem(waiting._providers, key, spy)
    selectors.waiting_for(world.dana)  # a client, on no care team
    assert asked and all(waiting._sides[k] in ("client", "both") for k in asked)
    assert {k for k, side in waiting._sides.items() if side == "client"} <= set(asked)
    asked.clear()
    selectors.waiting_for(world.carl)  # a facilitator, client of no one
    assert asked and all(waiting._sides[k] in ("team", "both") for k in asked)
    assert {k for k, side in waiting._sides.items() if side == "team"} <= set(asked)
