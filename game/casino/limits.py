"""Bet validation shared by every game: minimum, maximum, balance and the daily loss limit.

A player's *net loss today* is stakes minus returns over the current game day. A bet is allowed
when ``net_loss_today + bet <= limit`` (the worst case of this bet keeps the player inside it).
A player may lower their limit at once; a raise (up to the house default) applies from the next
game day, so a losing streak cannot be chased by lifting the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from game.casino.rules import LimitRules

__all__ = ["BetRefusal", "LossLimit", "check_bet", "effective_limit", "set_limit"]


class BetRefusal(StrEnum):
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    CANNOT_AFFORD = "cannot_afford"
    LOSS_LIMIT = "loss_limit"


@dataclass(frozen=True, slots=True)
class LossLimit:
    """A player's stored limit: ``limit`` applies from ``effective_from``; before that day
    ``previous`` does (None: no limit set, the house default applies)."""

    limit: int | None = None
    previous: int | None = None
    effective_from: date | None = None


def effective_limit(stored: LossLimit, today: date, rules: LimitRules) -> int:
    if stored.limit is None:
        return rules.default_daily_loss_limit
    if stored.effective_from is not None and today < stored.effective_from:
        return stored.previous if stored.previous is not None else rules.default_daily_loss_limit
    return stored.limit


def set_limit(stored: LossLimit, amount: int, today: date, rules: LimitRules) -> tuple[LossLimit, bool]:
    """The new stored limit and whether it applies at once (a lower one) or tomorrow (a raise)."""
    amount = min(amount, rules.default_daily_loss_limit)
    current = effective_limit(stored, today, rules)
    if amount <= current:
        return LossLimit(amount, None, None), True

    return LossLimit(amount, current, today + timedelta(days=1)), False


def check_bet(
    bet: int, *, min_bet: int, wealth: int, net_loss_today: int, limit: int, rules: LimitRules
) -> BetRefusal | None:
    if bet < min_bet:
        return BetRefusal.BELOW_MIN
    if bet > rules.max_bet:
        return BetRefusal.ABOVE_MAX
    if bet > wealth:
        return BetRefusal.CANNOT_AFFORD
    if max(net_loss_today, 0) + bet > limit:
        return BetRefusal.LOSS_LIMIT
    return None
