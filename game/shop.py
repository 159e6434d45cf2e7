"""Personal shop: 6–10 distinct non-legendary items from the tiers the player's status tier
allows; rerolled on demand and at the daily reset (DECISION 14). Purchases go to the inventory
only (never escrow) and respect the 3-business cap."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from game.catalogue import Catalogue
from game.checkin import game_day
from game.effects import (
    ConsumableKind,
    ConsumableUsed,
    Effect,
    ItemGranted,
    LedgerReason,
    Rejected,
    RejectReason,
    Resolved,
    ShopItemBought,
    ShopStocked,
    WealthDelta,
)
from game.model import ItemDef, ItemTier, ItemType, OwnedItem, Player
from game.progression import tier_for_level
from game.rng import Rng
from game.rules import Rules

__all__ = [
    "ShopPurchaseState",
    "ShopRerollState",
    "check_purchase",
    "generate_shop",
    "resolve_shop_purchase",
    "resolve_shop_reroll",
    "shop_is_stale",
]


def generate_shop(level: int, catalogue: Catalogue, *, rules: Rules, rng: Rng) -> tuple[str, ...]:
    """Item keys for a fresh personal shop."""
    tier = tier_for_level(level, rules.progression)
    allowed = [t for t in rules.shop.allowed_tiers[tier.rank] if t is not ItemTier.LEGENDARY]
    pool = [item for t in allowed for item in catalogue.by_tier.get(t, ())]
    size = min(len(pool), rng.randint(rules.shop.size_min, rules.shop.size_max))
    return tuple(item.key for item in rng.sample(pool, size))


def shop_is_stale(stocked_at: datetime | None, remaining: int, now: datetime, rules: Rules) -> bool:
    """True when the shop should be regenerated: never stocked, sold out, or stocked before
    today's reset in the game timezone."""
    return stocked_at is None or remaining == 0 or game_day(stocked_at, rules) != game_day(now, rules)


@dataclass(frozen=True, slots=True)
class ShopRerollState:
    user_id: int
    level: int
    catalogue: Catalogue
    has_reroll_token: bool = False


def resolve_shop_reroll(
    state: ShopRerollState, *, rules: Rules, rng: Rng, now: datetime
) -> Resolved[tuple[str, ...]]:
    """Replace the whole shop; a Reroll Token, when owned, is consumed (spec 04 §7)."""
    keys = generate_shop(state.level, state.catalogue, rules=rules, rng=rng)
    effects: list[Effect] = []
    if state.has_reroll_token:
        effects.append(ConsumableUsed(state.user_id, ConsumableKind.REROLL_TOKEN))
    effects.append(ShopStocked(state.user_id, keys))
    return Resolved(keys, tuple(effects))


def check_purchase(
    player: Player, items: tuple[OwnedItem, ...], item: ItemDef, price: int, rules: Rules
) -> Rejected | None:
    """Shared checks for shop and market purchases: money, inventory room, business cap."""
    if player.wealth < price:
        return Rejected(RejectReason.CANNOT_AFFORD, amount=price)
    if sum(1 for i in items if not i.escrowed) >= rules.items.inventory_cap:
        return Rejected(RejectReason.INVENTORY_FULL, amount=rules.items.inventory_cap)
    if item.type is ItemType.BUSINESS and (
        sum(1 for i in items if i.item.type is ItemType.BUSINESS) >= rules.items.max_businesses
    ):
        return Rejected(RejectReason.BUSINESS_LIMIT, amount=rules.items.max_businesses)
    return None


@dataclass(frozen=True, slots=True)
class ShopPurchaseState:
    """``shop_keys`` are the unbought entries of the player's personal shop."""

    player: Player
    items: tuple[OwnedItem, ...]
    shop_keys: tuple[str, ...]
    item_key: str
    catalogue: Catalogue
    discount: float = 0.0  # a fraction off the price (faction territory shop_discount)


def discounted(price: int, discount: float) -> int:
    """``price`` less ``discount`` (a fraction), the discount rounded down: never below 1."""
    return max(1, price - int(price * max(0.0, min(discount, 1.0)))) if price > 0 else price


def resolve_shop_purchase(
    state: ShopPurchaseState, *, rules: Rules, now: datetime
) -> Resolved[ItemDef] | Rejected:
    item = state.catalogue.by_key.get(state.item_key)
    if item is None or state.item_key not in state.shop_keys:
        return Rejected(RejectReason.NOT_FOUND, detail=state.item_key)
    price = discounted(item.price, state.discount)
    refused = check_purchase(state.player, state.items, item, price, rules)
    if refused is not None:
        return refused
    uid = state.player.user_id
    return Resolved(
        replace(item, price=price) if price != item.price else item,
        (
            WealthDelta(uid, -price, LedgerReason.SHOP),
            ItemGranted(uid, item.key, item.durability),
            ShopItemBought(uid, item.key),
        ),
    )
