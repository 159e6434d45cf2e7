from datetime import timedelta

import pytest

from game import (
    DEFAULT_RULES,
    BailState,
    ConsumableUsed,
    JailCleared,
    LedgerReason,
    Player,
    Rejected,
    RejectReason,
    Resolved,
    WealthDelta,
    bail_cost,
    resolve_bail,
)

from .conftest import NOW


@pytest.mark.parametrize(
    ("wealth", "level", "cost"),
    [(0, 1, 0), (499, 100, 0), (500, 1, 37), (10_000, 1, 750), (10_000, 20, 1_125),
     (10_000, 40, 1_500), (10_000, 60, 1_875), (10_000, 80, 2_250), (100_000, 100, 30_000),
     (333_333, 100, 99_999), (1_000_000, 100, 100_000), (10**12, 1, 100_000)],
)
def test_bail_cost_and_clamps(wealth: int, level: int, cost: int) -> None:
    assert bail_cost(wealth, level, DEFAULT_RULES) == cost


def test_bail_frees_and_charges() -> None:
    player = Player(3, level=1, wealth=10_000, jailed_until=NOW + timedelta(minutes=30))
    outcome = resolve_bail(BailState(player), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(outcome, Resolved)
    assert outcome.effects[:2] == (WealthDelta(3, -750, LedgerReason.BAIL), JailCleared(3))


def test_bail_bond_makes_it_free_and_broke_players_pay_nothing() -> None:
    player = Player(3, wealth=10_000, jailed_until=NOW + timedelta(minutes=1))
    bonded = resolve_bail(BailState(player, has_bail_bond=True), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(bonded, Resolved) and bonded.result.cost == 0
    assert any(isinstance(e, ConsumableUsed) for e in bonded.effects)
    broke = Player(4, wealth=120, jailed_until=NOW + timedelta(minutes=1))
    free = resolve_bail(BailState(broke, has_bail_bond=True), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(free, Resolved) and free.effects[0] == JailCleared(4)


def test_bail_when_free_is_rejected() -> None:
    player = Player(3, wealth=10_000, jailed_until=NOW)  # expired exactly now
    assert resolve_bail(BailState(player), rules=DEFAULT_RULES, now=NOW) == Rejected(
        RejectReason.NOT_JAILED
    )
