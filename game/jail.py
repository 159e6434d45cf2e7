"""Jail and bail. Bail = min(floor(wealth × 15 % × tier multiplier), $100,000), free below $500
wealth (DECISION 11: no $500 floor) or with a Bail Bond; no cooldown after bail (DECISION 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game.effects import (
    ConsumableKind,
    ConsumableUsed,
    Effect,
    JailCleared,
    LedgerReason,
    Rejected,
    RejectReason,
    Resolved,
    Stat,
    StatIncrement,
    WealthDelta,
)
from game.model import Player
from game.progression import tier_for_level
from game.rules import Rules

__all__ = ["BailResult", "BailState", "bail_cost", "resolve_bail"]


def bail_cost(wealth: int, level: int, rules: Rules) -> int:
    jr = rules.jail
    if wealth < jr.bail_free_below:
        return 0
    tier = tier_for_level(level, rules.progression)
    cost = int(wealth * jr.bail_rate * jr.bail_tier_multipliers[tier.rank])
    return max(0, min(cost, jr.bail_cap, wealth))


@dataclass(frozen=True, slots=True)
class BailState:
    player: Player
    has_bail_bond: bool = False


@dataclass(frozen=True, slots=True)
class BailResult:
    cost: int
    used_bond: bool


def resolve_bail(state: BailState, *, rules: Rules, now: datetime) -> Resolved[BailResult] | Rejected:
    player = state.player
    if not player.jailed(now):
        return Rejected(RejectReason.NOT_JAILED)
    uid = player.user_id
    effects: list[Effect] = []
    cost = bail_cost(player.wealth, player.level, rules)
    used_bond = state.has_bail_bond and cost > 0
    if used_bond:
        effects.append(ConsumableUsed(uid, ConsumableKind.BAIL_BOND))
        cost = 0
    if cost:
        effects.append(WealthDelta(uid, -cost, LedgerReason.BAIL))
    effects += [JailCleared(uid), StatIncrement(uid, Stat.BAILS)]
    return Resolved(BailResult(cost, used_bond), tuple(effects))
