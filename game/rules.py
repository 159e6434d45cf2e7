"""Every figure the engine uses, in one frozen `Rules` value (spec defaults + documented DECISIONs).

Percent-like values are fractions. Per-tier tables are tuples indexed by `Tier.rank`
(Punk … Kingpin); per-crate-tier tables by `CRATE_TIERS` order (common … legendary).
`Rules.with_overrides({"rob.base_rate": 0.55, ...})` applies ``bot_config`` overrides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from game.casino.rules import CasinoRules
from game.factions import FactionRules
from game.give import GiveRules
from game.limits import LimitRules
from game.live.rules import LiveRules
from game.model import ItemTier, Policy
from game.upkeep import UpkeepRules

__all__ = [
    "CRATE_TIERS",
    "CheckinRules",
    "CrateRules",
    "ItemRules",
    "JailRules",
    "PlayRules",
    "ProgressionRules",
    "RobRules",
    "Rules",
    "ShopRules",
    "TokenRules",
    "DEFAULT_RULES",
]

CRATE_TIERS: tuple[ItemTier, ...] = tuple(ItemTier)
_C, _U, _R, _L = (ItemTier.COMMON, ItemTier.UNCOMMON, ItemTier.RARE, ItemTier.LEGENDARY)


@dataclass(frozen=True, slots=True)
class ProgressionRules:
    """Cumulative XP to reach level N = floor(curve_a·(N−1)^curve_power + curve_linear·(N−1))."""

    curve_a: float = 0.17
    curve_power: float = 3.5
    curve_linear: int = 100
    max_level: int = 200
    tier_min_levels: tuple[int, ...] = (1, 20, 40, 60, 80, 100)
    tier_multipliers: tuple[float, ...] = (1.0, 1.1, 1.2, 1.3, 1.4, 1.5)


@dataclass(frozen=True, slots=True)
class CheckinRules:
    base_wealth: int = 100
    wealth_per_day: int = 100
    base_xp: int = 20
    xp_per_day: int = 20
    streak_reward_cap: int = 30
    legendary_every: int = 28
    uncommon_every: int = 7


@dataclass(frozen=True, slots=True)
class PlayRules:
    bust_chance: float = 0.05
    jail_minutes: int = 60
    negative_chance: float = 0.15
    apply_tier_multiplier: bool = True
    # DECISION 8: cap = top positive event of the tier × tier multiplier, applied before buffs.
    wealth_caps: tuple[int, ...] = (500, 2_200, 7_200, 20_800, 56_000, 150_000)
    juicernaut_wealth: float = 1.25
    juicernaut_xp: float = 2.0
    juicernaut_loot: float = 3.0
    juicernaut_bust_immune: bool = False  # DECISION 9
    crate_chance: float = 0.02
    crate_magnet_chance: float = 0.5
    # Rows by player tier; columns common, uncommon, rare, legendary.
    crate_tier_weights: tuple[tuple[float, ...], ...] = (
        (0.80, 0.18, 0.02, 0.00),
        (0.70, 0.25, 0.05, 0.00),
        (0.55, 0.35, 0.09, 0.01),
        (0.40, 0.40, 0.17, 0.03),
        (0.25, 0.40, 0.28, 0.07),
        (0.15, 0.35, 0.35, 0.15),
    )
    require_token: bool = False  # DECISION 6
    boost_tokens: int = 1
    boost_multiplier: float = 1.25
    offline_cooldown_seconds: int = 300  # DECISION 7: only when no stream is live


@dataclass(frozen=True, slots=True)
class RobRules:
    base_rate: float = 0.60
    base_min: float = 0.45
    base_max: float = 0.85
    gear_cap: float = 0.15
    level_step: float = 0.01
    level_cap: float = 0.10
    final_min: float = 0.05
    final_max: float = 0.95
    steal_min_ppm: int = 80_000  # 8 % in parts per million: the steal roll is integer-exact
    steal_max_ppm: int = 280_000  # exclusive
    cooldown_hours: int = 24
    xp_success: int = 50
    xp_failure: int = 10
    item_theft_chance: float = 0.05
    wear_min: int = 2
    wear_max: int = 3
    stolen_escrow_hours: int = 48
    token_cost: int = 1
    # Indexed by Policy order: none, basic, standard, premium, platinum.
    policy_protection: tuple[float, ...] = (0.0, 0.25, 0.50, 0.75, 0.90)
    policy_premium: tuple[int, ...] = (0, 1_000, 5_000, 15_000, 50_000)
    policy_active_hours: int = 48  # paid within 24 h + 24 h grace
    housing_debt_days: int = 3  # DECISION 15
    housing_debt_penalty: float = 0.20

    def protection(self, policy: Policy) -> float:
        return self.policy_protection[tuple(Policy).index(policy)]


@dataclass(frozen=True, slots=True)
class JailRules:
    bail_rate: float = 0.15
    bail_tier_multipliers: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
    bail_cap: int = 100_000
    bail_free_below: int = 500  # DECISION 11: no floor; below this wealth bail is free


@dataclass(frozen=True, slots=True)
class ItemRules:
    inventory_cap: int = 10
    escrow_cap: int = 3
    escrow_hours: int = 24
    max_businesses: int = 3
    sell_fraction: float = 0.5
    business_cycles_per_day: int = 8
    business_variance: float = 0.20
    business_daily_cap: int = 50_000
    juicernaut_business: float = 1.5


@dataclass(frozen=True, slots=True)
class CrateRules:
    held_cap: int = 10
    escrow_cap: int = 3
    escrow_hours: int = 24  # DECISION 18
    open_cooldown_seconds: int = 30
    # Rows by crate tier; columns weapon, armor, wealth, title.
    drop_weights: tuple[tuple[float, ...], ...] = (
        (0.40, 0.40, 0.20, 0.00),
        (0.39, 0.39, 0.22, 0.00),
        (0.35, 0.35, 0.25, 0.05),
        (0.30, 0.30, 0.30, 0.10),
    )
    # Rows by crate tier; columns item tier common … legendary.
    item_tier_weights: tuple[tuple[float, ...], ...] = (
        (0.85, 0.15, 0.00, 0.00),
        (0.40, 0.50, 0.10, 0.00),
        (0.10, 0.40, 0.45, 0.05),
        (0.00, 0.15, 0.50, 0.35),
    )
    wealth_ranges: tuple[tuple[int, int], ...] = (
        (500, 1_500),
        (1_500, 4_000),
        (4_000, 10_000),
        (10_000, 30_000),
    )
    title_duplicate_values: tuple[int, ...] = (500, 1_500, 5_000, 15_000)


@dataclass(frozen=True, slots=True)
class ShopRules:
    size_min: int = 6
    size_max: int = 10
    # Item tiers offered in the personal shop, by player tier (legendary never).
    allowed_tiers: tuple[tuple[ItemTier, ...], ...] = (
        (_C,),
        (_C, _U),
        (_C, _U, _R),
        (_C, _U, _R),
        (_U, _R),
        (_U, _R),
    )
    market_rotation_hours: int = 6
    market_legendary_chance: float = 0.30
    market_legendary_stock: tuple[int, int] = (1, 3)
    market_rare_count: tuple[int, int] = (2, 3)
    market_rare_stock: tuple[int, int] = (3, 8)
    market_uncommon_count: tuple[int, int] = (3, 5)
    market_uncommon_stock: tuple[int, int] = (5, 10)
    market_common_count: tuple[int, int] = (3, 5)
    market_common_stock: tuple[int, int] = (10, 20)
    featured_discount: float = 0.25


@dataclass(frozen=True, slots=True)
class TokenRules:
    """Heist tokens: one is spent per rob attempt; earned by checking in and chatting."""

    checkin_tokens: int = 1
    chat_messages_per_token: int = 20
    chat_tokens_per_day: int = 2
    balance_cap: int = 5


@dataclass(frozen=True, slots=True)
class Rules:
    game_timezone: str = "UTC"
    progression: ProgressionRules = field(default_factory=ProgressionRules)
    checkin: CheckinRules = field(default_factory=CheckinRules)
    play: PlayRules = field(default_factory=PlayRules)
    rob: RobRules = field(default_factory=RobRules)
    jail: JailRules = field(default_factory=JailRules)
    items: ItemRules = field(default_factory=ItemRules)
    crates: CrateRules = field(default_factory=CrateRules)
    shop: ShopRules = field(default_factory=ShopRules)
    tokens: TokenRules = field(default_factory=TokenRules)
    factions: FactionRules = field(default_factory=FactionRules)
    give: GiveRules = field(default_factory=GiveRules)
    live: LiveRules = field(default_factory=LiveRules)
    upkeep: UpkeepRules = field(default_factory=UpkeepRules)
    casino: CasinoRules = field(default_factory=CasinoRules)  # casino, supplies, races (issue 18)
    limits: LimitRules = field(default_factory=LimitRules)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Rules:
        """A copy with dotted keys replaced, e.g. ``{"play.bust_chance": 0.04}``.

        Values are checked against the default's type (ints stay ints, lists become tuples);
        an unknown key or a wrong type raises ``ValueError``.
        """
        sections: dict[str, dict[str, Any]] = {}
        top: dict[str, Any] = {}
        for key, value in overrides.items():
            section, _, name = key.partition(".")
            if not name:
                top[section] = _coerce(key, getattr(self, section, None), value)
                continue
            current = getattr(self, section, None)
            if current is None or not dataclasses.is_dataclass(current):
                raise ValueError(f"unknown rules section {section!r}")
            if name not in {f.name for f in dataclasses.fields(current)}:
                raise ValueError(f"unknown rule {key!r}")
            sections.setdefault(section, {})[name] = _coerce(key, getattr(current, name), value)
        changes: dict[str, Any] = dict(top)
        for section, values in sections.items():
            changes[section] = dataclasses.replace(getattr(self, section), **values)
        return dataclasses.replace(self, **changes)


def _coerce(key: str, default: Any, value: Any, *, nested: bool = False) -> Any:
    if dataclasses.is_dataclass(default) or default is None:
        raise ValueError(f"unknown or non-scalar rule {key!r}")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be a boolean")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{key} must be an integer")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{key} must be a number")
        return float(value)
    if isinstance(default, StrEnum):
        try:
            return type(default)(value)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a string")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{key} must be a list")
        if len(value) != len(default):
            # Per-tier tables keep their length; an inner list (e.g. allowed item tiers) may vary.
            if not nested or not default or not value:
                raise ValueError(f"{key} must be a list of {len(default)} values")
            default = (default[0],) * len(value)
        return tuple(
            _coerce(f"{key}[{i}]", d, v, nested=True)
            for i, (d, v) in enumerate(zip(default, value, strict=True))
        )
    raise ValueError(f"cannot override {key}")


DEFAULT_RULES = Rules()
