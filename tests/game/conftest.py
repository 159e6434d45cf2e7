"""Shared fixtures for engine tests: the real catalogue, a fixed clock and an effect ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from game import (
    Catalogue,
    Effect,
    ItemDestroyed,
    ItemWorn,
    PlayEvent,
    Tier,
    TokenDelta,
    WealthDelta,
    XpDelta,
    load_catalogue,
)
from game.catalogue import ContentError

NOW = datetime(2025, 3, 10, 18, 30, tzinfo=UTC)


def fixture_events() -> list[PlayEvent]:
    """A small complete catalogue (50 per tier, 5 negative) used when play_events.json is absent."""
    events = []
    for tier in Tier:
        scale = 10 ** tier.rank
        for i in range(45):
            events.append(
                PlayEvent(tier, "Test", f"{tier} win {i}", "A test win.", False,
                          40 * scale, 500 * scale, 6 * scale, 65 * scale)
            )
        for i in range(5):
            events.append(
                PlayEvent(tier, "Setback", f"{tier} loss {i}", "A test loss.", True,
                          30 * scale, 200 * scale, 3 * scale, 15 * scale)
            )
    return events


def _load() -> Catalogue:
    try:
        return load_catalogue()
    except ContentError:
        return load_catalogue(events=fixture_events())


CATALOGUE = _load()


@pytest.fixture
def catalogue() -> Catalogue:
    return CATALOGUE


@dataclass
class Ledger:
    """Balances after applying effects, for the 'never below zero' and conservation checks."""

    wealth: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    xp: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    tokens: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    durability: dict[int, int] = field(default_factory=dict)

    def apply(self, effects: Iterable[Effect]) -> Ledger:
        for effect in effects:
            if isinstance(effect, WealthDelta):
                self.wealth[effect.user_id] += effect.amount
            elif isinstance(effect, XpDelta):
                assert effect.amount >= 0
                self.xp[effect.user_id] += effect.amount
            elif isinstance(effect, TokenDelta):
                self.tokens[effect.user_id] += effect.amount
            elif isinstance(effect, ItemWorn):
                assert effect.instance_id in self.durability
                self.durability[effect.instance_id] = effect.durability
            elif isinstance(effect, ItemDestroyed):
                self.durability.pop(effect.instance_id, None)
        return self

    def assert_non_negative(self) -> None:
        for table in (self.wealth, self.xp, self.tokens, self.durability):
            assert all(value >= 0 for value in table.values()), table
