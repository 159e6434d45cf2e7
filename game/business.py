"""Business revenue: every 3 h (8 cycles a day) the *equipped* business pays (DECISION 16).

Per cycle: ``base = daily ÷ 8``; variance uniform in ±20 % of base; ``net = max(0, base + variance −
operating ÷ 8)``, then × buff multipliers (consumable, territory, Juicernaut ×1.5 — DECISION 17),
then capped so one game day pays at most $50,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game.effects import LedgerReason, Rejected, RejectReason, Resolved, WealthDelta
from game.model import ItemType, OwnedItem
from game.rng import Rng
from game.rules import Rules

__all__ = ["BusinessState", "resolve_business_cycle"]


@dataclass(frozen=True, slots=True)
class BusinessState:
    user_id: int
    business: OwnedItem | None
    earned_today: int = 0
    revenue_multiplier: float = 1.0  # consumables (Business License ×1.25, …)
    territory_bonus: float = 0.0
    juicernaut: bool = False


def resolve_business_cycle(
    state: BusinessState, *, rules: Rules, rng: Rng, now: datetime
) -> Resolved[int] | Rejected:
    """Pay one revenue cycle; the result is the amount paid (may be 0)."""
    business = state.business
    if business is None or not business.equipped or business.item.type is not ItemType.BUSINESS:
        return Rejected(RejectReason.NOTHING_EQUIPPED, detail=ItemType.BUSINESS.value)
    ir = rules.items
    base = business.item.daily_revenue // ir.business_cycles_per_day
    spread = int(base * ir.business_variance)
    gross = base + rng.randint(-spread, spread)
    net = max(0, gross - business.item.operating_cost // ir.business_cycles_per_day)
    multiplier = state.revenue_multiplier * (1.0 + state.territory_bonus)
    if state.juicernaut:
        multiplier *= ir.juicernaut_business
    net = int(net * multiplier)
    net = max(0, min(net, ir.business_daily_cap - state.earned_today))
    effects = (
        (WealthDelta(state.user_id, net, LedgerReason.BUSINESS, business.instance_id),) if net else ()
    )
    return Resolved(net, effects)
