"""The supply depot: buying boosts and single-use goods, and heist tokens with a rising price.

A boost (a consumable with a ``buff_type``) is activated on purchase into ``active_buffs`` for
its duration; buying the same boost while it runs extends it by its duration, a different
strength of the same buff type is refused until the running one ends. A single-use good (no
``buff_type``) goes to the player's consumables up to its ``max_owned``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from game.casino.rules import SupplyRules

__all__ = ["Buff", "SupplyRefusal", "buff_after_purchase", "token_price"]


class SupplyRefusal(StrEnum):
    UNKNOWN = "unknown"
    CANNOT_AFFORD = "cannot_afford"
    MAX_OWNED = "max_owned"
    OTHER_STRENGTH = "other_strength"
    TOKEN_CAP = "token_cap"
    DAILY_TOKENS = "daily_tokens"


@dataclass(frozen=True, slots=True)
class Buff:
    buff_type: str
    multiplier: float
    expires_at: datetime


def token_price(bought_today: int, rules: SupplyRules) -> int:
    return int(rules.token_base * rules.token_growth**bought_today)


def buff_after_purchase(
    current: Buff | None, buff_type: str, multiplier: float, minutes: int, now: datetime
) -> Buff | SupplyRefusal:
    if current is not None and current.expires_at > now:
        if abs(current.multiplier - multiplier) > 1e-9:
            return SupplyRefusal.OTHER_STRENGTH
        return Buff(buff_type, multiplier, current.expires_at + timedelta(minutes=minutes))
    return Buff(buff_type, multiplier, now + timedelta(minutes=minutes))
