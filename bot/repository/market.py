"""The black market: the rotation in force, the line a purchase locks, and the one rotation
flow (``rotate_market``) for ``!rotatemarket``, the 6-hourly job and the lazy roll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import asyncpg

from bot.sql import QUERIES
from game import Catalogue, ItemTier, MarketEntry, Rules, roll_black_market
from game.market import BlackMarket
from game.rng import Rng

__all__ = [
    "MarketRow", "Rotation", "audit_rotation", "current", "lock_rotation", "locked_entry", "rotate_market",
    "store_rotation",
]

_CURRENT = QUERIES["market/current"]
_LOCK_ENTRY = QUERIES["market/lock_entry"]

_LOCK = QUERIES["market/lock_rotation"]
_CLOSE = QUERIES["market/close_current"]
_NEXT = QUERIES["market/next_rotation"]
_ENTRY = QUERIES["market/insert_entry"]


@dataclass(frozen=True, slots=True)
class Rotation:
    rotation_id: int
    market: BlackMarket

    @property
    def featured(self) -> str | None:
        return next((e.item_key for e in self.market.entries if e.featured), None)


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


async def locked_entry(conn: asyncpg.Connection, key: str, now: datetime) -> MarketEntry | None:
    """The rotation's line for ``key``, locked for the purchase; None when not on sale."""
    r = await conn.fetchrow(_LOCK_ENTRY, key, now)
    return None if r is None else _entry(r)


async def lock_rotation(conn: asyncpg.Connection) -> None:
    """Serialise rotations (transaction-scoped advisory lock)."""
    await conn.execute(_LOCK)


async def store_rotation(conn: asyncpg.Connection, market: BlackMarket, rules: Rules) -> int:
    """Insert a rolled market as the next rotation; call with :func:`lock_rotation` held."""
    rotation_id: int = await conn.fetchval(_NEXT)
    discount = Decimal(str(rules.shop.featured_discount))
    for e in market.entries:
        await conn.execute(
            _ENTRY, rotation_id, e.item_key, e.stock, e.price, discount if e.featured else Decimal(0),
            e.featured, market.rotated_at, market.rotates_at,
        )
    return rotation_id


async def rotate_market(
    conn: asyncpg.Connection, catalogue: Catalogue, *, rules: Rules, rng: Rng, now: datetime
) -> Rotation:
    """Close the rotation in force and roll a new one starting ``now``."""
    await lock_rotation(conn)
    await conn.execute(_CLOSE, now)
    market = roll_black_market(catalogue, rules=rules, rng=rng, now=now)
    return Rotation(await store_rotation(conn, market, rules), market)


_AUDIT = QUERIES["audit/insert"]


async def audit_rotation(conn: asyncpg.Connection, rotation: Rotation, *, job: str, seed_id: int, nonce: int) -> None:
    """Log a scheduled rotation with its fair roll (``!rotatemarket`` audits its own)."""
    after = {
        "rotation_id": rotation.rotation_id,
        "items": [e.item_key for e in rotation.market.entries],
        "featured": rotation.featured,
        "rng_seed_id": seed_id,
        "rng_nonce": nonce,
    }
    await conn.fetchval(_AUDIT, None, "system", None, job, "rotatemarket", None, None, after, None, None)
