"""What the supply-depot commands answer (rendered by ``bot.render.depot``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.repository import depot
from game.supplies import Buff, SupplyRefusal

__all__ = ["BuffsAnswer", "BuySupplyAnswer", "BuyTokenAnswer", "MyItemsAnswer", "SuppliesAnswer", "TokenBoostAnswer"]


@dataclass(frozen=True, slots=True)
class SuppliesAnswer:
    category: str | None
    supplies: tuple[depot.Supply, ...]


@dataclass(frozen=True, slots=True)
class BuySupplyAnswer:
    name: str
    supply: depot.Supply | None
    key: str
    refusal: SupplyRefusal | None = None
    balance: int | None = None
    buff: Buff | None = None
    owned: int = 0
    price: int = 0


@dataclass(frozen=True, slots=True)
class MyItemsAnswer:
    name: str
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class BuffsAnswer:
    name: str
    buffs: tuple[depot.BuffRow, ...]


@dataclass(frozen=True, slots=True)
class BuyTokenAnswer:
    name: str
    refusal: SupplyRefusal | None
    price: int
    tokens: int
    bought_today: int
    balance: int | None = None
    cap: int = 0
    per_day: int = 0


@dataclass(frozen=True, slots=True)
class TokenBoostAnswer:
    boost_tokens: int
    multiplier: float
    tokens: int
    next_price: int
