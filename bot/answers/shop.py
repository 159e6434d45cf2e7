"""What !shop, !reroll, !market and !buy answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from game import (
    ItemDef,
    MarketEntry,
    Rejected,
    Resolved,
)

__all__ = [
    "BuyAnswer",
    "MarketAnswer",
    "MarketLine",
    "ShopAnswer",
    "ShopLine",
]


@dataclass(frozen=True, slots=True)
class ShopLine:
    position: int  # 1-based, stable until the shop restocks
    item: ItemDef
    price: int
    bought: bool


@dataclass(frozen=True, slots=True)
class ShopAnswer:
    name: str
    lines: tuple[ShopLine, ...]
    restocks_at: datetime
    restocked: bool = False
    rerolled: bool = False
    used_token: bool = False


@dataclass(frozen=True, slots=True)
class MarketLine:
    entry: MarketEntry
    item: ItemDef


@dataclass(frozen=True, slots=True)
class MarketAnswer:
    lines: tuple[MarketLine, ...]
    rotates_at: datetime | None
    rotated: bool = False


@dataclass(frozen=True, slots=True)
class BuyAnswer:
    name: str
    outcome: Resolved[Any] | Rejected
    item: ItemDef | None = None
    market: bool = False
    balance: int | None = None
    shop_expired: bool = False  # the personal shop needs a look (!shop) before it sells
