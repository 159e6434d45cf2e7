"""XP curve, levels and status tiers.

DECISION 5: cumulative XP to *reach* level N is ``floor(a·(N−1)^p + b·(N−1))`` with a = 0.17,
p = 3.5, b = 100 (level 2 at 100 XP, level 20 at 6,982, level 100 at 1,651,140). Fitted so a viewer
who plays every stream reaches Associate in about two weeks and Kingpin in about a year; the fit
and its assumptions are in docs/game-rules.md.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from game.effects import Effect, LevelChanged, NoticeKind, Notification, TierChanged, XpDelta
from game.model import TIERS, Tier
from game.rules import ProgressionRules

__all__ = [
    "LevelTables",
    "gain_xp",
    "level_for_xp",
    "level_tables",
    "tier_for_level",
    "tier_multiplier",
    "xp_progress",
    "xp_table",
    "xp_to_reach",
]


class LevelTables:
    """Everything derived from one `ProgressionRules`, computed once (see `level_tables`).

    ``xp[i]`` is the cumulative XP to reach level ``i + 1``; ``tier[level]`` / ``rank[level]`` /
    ``bonus[level]`` give the tier, its rank and ``multiplier − 1`` for levels 1 … max_level
    (index 0 is unused)."""

    __slots__ = ("xp", "tier", "rank", "bonus", "max_level")

    def __init__(self, rules: ProgressionRules) -> None:
        self.max_level = rules.max_level
        self.xp: tuple[int, ...] = tuple(
            int(rules.curve_a * (n - 1) ** rules.curve_power + rules.curve_linear * (n - 1))
            for n in range(1, rules.max_level + 1)
        )
        tiers = [_tier_for_level(level, rules) for level in range(rules.max_level + 1)]
        self.tier: tuple[Tier, ...] = tuple(tiers)
        self.rank: tuple[int, ...] = tuple(t.rank for t in tiers)
        self.bonus: tuple[float, ...] = tuple(rules.tier_multipliers[t.rank] - 1.0 for t in tiers)


@lru_cache(maxsize=16)
def _tables_by_value(rules: ProgressionRules) -> LevelTables:
    return LevelTables(rules)


_BY_IDENTITY: dict[int, tuple[ProgressionRules, LevelTables]] = {}
_last: tuple[ProgressionRules | None, LevelTables | None] = (None, None)


def level_tables(rules: ProgressionRules) -> LevelTables:
    """The tables for ``rules``: the last ones used, else looked up by identity (hashing a frozen
    rules value on every call cost more than the lookups save), else by value, else built."""
    global _last
    last_rules, last_tables = _last
    if last_rules is rules:
        return last_tables  # type: ignore[return-value]
    hit = _BY_IDENTITY.get(id(rules))
    if hit is not None and hit[0] is rules:
        tables = hit[1]
    else:
        tables = _tables_by_value(rules)
        if len(_BY_IDENTITY) >= 64:
            _BY_IDENTITY.clear()
        _BY_IDENTITY[id(rules)] = (rules, tables)  # holding ``rules`` keeps its id unique
    _last = (rules, tables)
    return tables


def xp_table(rules: ProgressionRules) -> tuple[int, ...]:
    """``table[i]`` = cumulative XP to reach level ``i + 1``; ``table[0] == 0``."""
    return level_tables(rules).xp


def xp_to_reach(level: int, rules: ProgressionRules) -> int:
    """Cumulative XP needed to stand at ``level`` (1 … max_level)."""
    if not 1 <= level <= rules.max_level:
        raise ValueError(f"level {level} outside 1..{rules.max_level}")
    return level_tables(rules).xp[level - 1]


def level_for_xp(xp: int, rules: ProgressionRules) -> int:
    """The level a player with ``xp`` total stands at (capped at max_level)."""
    return max(1, bisect_right(level_tables(rules).xp, xp))


def xp_progress(xp: int, rules: ProgressionRules) -> tuple[int, int]:
    """(XP into the current level, XP the current level needs); (0, 0) at the cap."""
    level = level_for_xp(xp, rules)
    if level >= rules.max_level:
        return (0, 0)
    table = level_tables(rules).xp
    return (xp - table[level - 1], table[level] - table[level - 1])


def _tier_for_level(level: int, rules: ProgressionRules) -> Tier:
    return TIERS[bisect_right(rules.tier_min_levels, level) - 1]


def tier_for_level(level: int, rules: ProgressionRules) -> Tier:
    if level >= 1:
        tiers = level_tables(rules).tier
        if level < len(tiers):
            return tiers[level]
    return _tier_for_level(level, rules)


def tier_multiplier(tier: Tier, rules: ProgressionRules) -> float:
    return rules.tier_multipliers[tier.rank]


def gain_xp(
    user_id: int, xp_before: int, level_before: int, amount: int, rules: ProgressionRules
) -> list[Effect]:
    """Effects for adding ``amount`` XP: the delta, then any change from the stored level
    ``level_before`` (several levels at once are one `LevelChanged`) and tier."""
    if amount <= 0:
        return []
    tables = level_tables(rules)
    new_level = max(1, bisect_right(tables.xp, xp_before + amount))
    if new_level == level_before:
        return [XpDelta(user_id, amount)]
    old_level = level_before
    effects: list[Effect] = [
        XpDelta(user_id, amount),
        LevelChanged(user_id, old_level, new_level),
        Notification(user_id, NoticeKind.LEVEL_UP, (("level", new_level),)),
    ]
    tiers = tables.tier
    old_tier = tiers[old_level] if 1 <= old_level < len(tiers) else _tier_for_level(old_level, rules)
    new_tier = tiers[new_level] if new_level < len(tiers) else _tier_for_level(new_level, rules)
    if new_tier != old_tier:
        effects.append(TierChanged(user_id, old_tier, new_tier))
        effects.append(Notification(user_id, NoticeKind.TIER_UP, (("tier", new_tier.value),)))
    return effects
