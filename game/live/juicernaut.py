"""The Juicernaut crown (spec 08): contributions, the crown rule, time held, the session reward.

Crown rule, applied after every contribution with the contributor's new session total:
no holder yet → the contributor is crowned (any size, even $0); the holder contributing → no
change; a strictly greater total than the holder's → the crown moves; a tie keeps the holder.

The crown buffs are not stored per player: whoever the active session names as holder has them
(2× XP, 3× crate chance, rob immunity, +50 % business, +25 % play wealth — figures in
``PlayRules``/``ItemRules``), so dethroning and ending the session remove them at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from game.live.rules import LiveRules
from game.model import ItemTier

if TYPE_CHECKING:
    from game.rules import Rules

__all__ = [
    "crown_buffs",
    "CrownChange",
    "SessionReward",
    "contribution_cents",
    "crown_check",
    "minutes_held",
    "session_reward",
]

def _times(x: float) -> str:
    return f"{x:g}x"


def _plus(multiplier: float) -> str:
    return f"+{(multiplier - 1) * 100:g}%"


def crown_buffs(rules: Rules) -> tuple[str, ...]:
    """The crown's buffs as players read them, from the figures in force (one source)."""
    play, items = rules.play, rules.items
    return (
        f"{_times(play.juicernaut_xp)} XP",
        f"{_times(play.juicernaut_loot)} Loot",
        "Rob Immunity",
        f"{_plus(items.juicernaut_business)} Business",
        f"{_plus(play.juicernaut_wealth)} Wealth",
    )

_TIERS = tuple(ItemTier)


def contribution_cents(kind: str, units: int, tier: int, rules: LiveRules) -> int:
    """US cents a support adds to the session total (spec 08 §3; raids per DECISION 26)."""
    units = max(units, 0)
    match kind:
        case "sub" | "resub":
            return rules.sub_cents_by_tier[min(max(tier, 1), 3) - 1] * max(units, 1)
        case "gift_sub":
            return rules.gift_sub_cents * units
        case "bits":
            return rules.bit_cents * units
        case "kicks":
            return rules.kick_cents * units
        case "tip":
            return units  # tips arrive in cents
        case "raid":
            return rules.raid_viewer_cents * units
    return 0


@dataclass(frozen=True, slots=True)
class CrownChange:
    previous: int | None
    new: int
    new_total: int


def crown_check(
    holder: int | None, holder_total: int, contributor: int, contributor_total: int
) -> CrownChange | None:
    """The crown change a contribution causes, or ``None``."""
    if holder is None:
        return CrownChange(None, contributor, contributor_total)
    if holder == contributor or contributor_total <= holder_total:
        return None
    return CrownChange(holder, contributor, contributor_total)


def minutes_held(
    changes: Sequence[tuple[datetime, int]], end: datetime
) -> dict[int, int]:
    """Whole minutes each holder wore the crown, from ``(changed_at, new holder)`` in order.

    Each reign runs from its change to the next change (or ``end``); a player's reigns add up.
    """
    seconds: dict[int, float] = {}
    ordered = sorted(changes, key=lambda c: c[0])
    for i, (at, holder) in enumerate(ordered):
        until = ordered[i + 1][0] if i + 1 < len(ordered) else end
        seconds[holder] = seconds.get(holder, 0.0) + max((until - at).total_seconds(), 0.0)
    return {holder: int(s // 60) for holder, s in seconds.items()}


@dataclass(frozen=True, slots=True)
class SessionReward:
    wealth: int
    xp: int
    crate: ItemTier | None


def session_reward(total_cents: int, rules: LiveRules) -> SessionReward:
    """The highest reward tier whose minimum the winner's session total reaches (spec 08 §6)."""
    chosen = rules.reward_tiers[0]
    for tier in rules.reward_tiers:
        if total_cents >= tier[0]:
            chosen = tier
    _, wealth, xp, crate = chosen
    return SessionReward(wealth, xp, _TIERS[crate] if crate >= 0 else None)
