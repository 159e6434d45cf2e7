"""The black market: the rotation in force, its lock, and storing a new rotation — the one
flow both the lazy first roll (``!market``/``!buy``) and ``!rotatemarket`` use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import asyncpg

from bot.sql import QUERIES
from game import BlackMarket, ItemTier, MarketEntry

__all__ = ["MarketRow", "close_current", "current", "lock_rotation", "locked_entry", "store_rotation"]

_CURRENT = QUERIES["market/current"]
_LOCK = QUERIES["market/lock_rotation"]
_CLOSE = QUERIES["market/close_current"]
_NEXT = QUERIES["market/next_rotation"]
_INSERT = QUERIES["market/insert_entry"]
_LOCK_ENTRY = QUERIES["market/lock_entry"]


@dataclass(frozen=True, slots=True)
class MarketRow:
    """One line of the rotation in force."""

    entry: MarketEntry
    available_until: datetime


def _entry(r: asyncpg.Record) -> MarketEntry:
    return MarketEntry(r["item_key"], ItemTier(r["tier"]), r["price"], r["stock_quantity"], r["is_featured"])


async def current(conn: asyncpg.Connection, now: datetime) -> tuple[MarketRow, ...]:
    """The rotation in force (featured first, then by price); empty when none is."""
    return tuple(MarketRow(_entry(r), r["available_until"]) for r in await conn.fetch(_CURRENT, now))


async def lock_rotation(conn: asyncpg.Connection) -> None:
    """The transaction-level advisory lock every rotation is created under."""
    await conn.execute(_LOCK)


async def close_current(conn: asyncpg.Connection, now: datetime) -> None:
    await conn.execute(_CLOSE, now)


async def store_rotation(conn: asyncpg.Connection, market: BlackMarket, featured_discount: float) -> int:
    """Store a rolled rotation (call with the rotation lock held); its rotation id."""
    rotation_id: int = await conn.fetchval(_NEXT)
    discount = Decimal(str(featured_discount))
    for e in market.entries:
        await conn.execute(
            _INSERT, rotation_id, e.item_key, e.stock, e.price, discount if e.featured else Decimal(0),
            e.featured, market.rotated_at, market.rotates_at,
        )
    return rotation_id


async def locked_entry(conn: asyncpg.Connection, key: str, now: datetime) -> MarketEntry | None:
    """The rotation's line for ``key``, locked for the purchase; None when not on sale."""
    r = await conn.fetchrow(_LOCK_ENTRY, key, now)
    return None if r is None else _entry(r)
