"""The Black Market: one global rotation every 6 h, limited stock, first come first served.

Composition: 30 % chance of one legendary (stock 1–3), 2–3 rare (3–8 each), 3–5 uncommon (5–10),
3–5 common (10–20), all distinct; one random entry is featured at 25 % off (price floored).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from game.catalogue import Catalogue
from game.effects import (
    ItemGranted,
    LedgerReason,
    MarketStockTaken,
    Rejected,
    RejectReason,
    Resolved,
    WealthDelta,
)
from game.model import ItemDef, ItemTier, OwnedItem, Player
from game.rng import Rng
from game.rules import Rules
from game.shop import check_purchase, discounted

__all__ = [
    "BlackMarket",
    "MarketEntry",
    "MarketPurchaseState",
    "resolve_market_purchase",
    "roll_black_market",
]


@dataclass(frozen=True, slots=True)
class MarketEntry:
    item_key: str
    tier: ItemTier
    price: int
    stock: int
    featured: bool = False


@dataclass(frozen=True, slots=True)
class BlackMarket:
    entries: tuple[MarketEntry, ...]
    rotated_at: datetime
    rotates_at: datetime


def roll_black_market(
    catalogue: Catalogue, *, rules: Rules, rng: Rng, now: datetime
) -> BlackMarket:
    sr = rules.shop
    picks: list[tuple[ItemDef, int]] = []

    def take(tier: ItemTier, count: int, stock: tuple[int, int]) -> None:
        pool = catalogue.by_tier.get(tier, ())
        for item in rng.sample(pool, min(count, len(pool))):
            picks.append((item, rng.randint(*stock)))

    if rng.chance(sr.market_legendary_chance):
        take(ItemTier.LEGENDARY, 1, sr.market_legendary_stock)
    take(ItemTier.RARE, rng.randint(*sr.market_rare_count), sr.market_rare_stock)
    take(ItemTier.UNCOMMON, rng.randint(*sr.market_uncommon_count), sr.market_uncommon_stock)
    take(ItemTier.COMMON, rng.randint(*sr.market_common_count), sr.market_common_stock)
    featured = rng.below(len(picks)) if picks else -1
    entries = tuple(
        MarketEntry(
            item.key,
            item.tier,
            int(item.price * (1.0 - sr.featured_discount)) if index == featured else item.price,
            stock,
            index == featured,
        )
        for index, (item, stock) in enumerate(picks)
    )
    return BlackMarket(entries, now, now + timedelta(hours=sr.market_rotation_hours))


@dataclass(frozen=True, slots=True)
class MarketPurchaseState:
    """``entry`` is the current market row for the wanted item (with live stock), or None."""

    player: Player
    items: tuple[OwnedItem, ...]
    entry: MarketEntry | None
    catalogue: Catalogue
    discount: float = 0.0  # a fraction off the price (faction territory shop_discount)


def resolve_market_purchase(
    state: MarketPurchaseState, *, rules: Rules, now: datetime
) -> Resolved[MarketEntry] | Rejected:
    entry = state.entry
    item = state.catalogue.by_key.get(entry.item_key) if entry is not None else None
    if entry is None or item is None:
        return Rejected(RejectReason.NOT_FOUND)
    if entry.stock <= 0:
        return Rejected(RejectReason.SOLD_OUT)
    price = discounted(entry.price, state.discount)
    refused = check_purchase(state.player, state.items, item, price, rules)
    if refused is not None:
        return refused
    uid = state.player.user_id
    return Resolved(
        replace(entry, price=price) if price != entry.price else entry,
        (
            MarketStockTaken(entry.item_key),
            WealthDelta(uid, -price, LedgerReason.MARKET),
            ItemGranted(uid, item.key, item.durability),
        ),
    )
