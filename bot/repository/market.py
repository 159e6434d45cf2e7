"""The black-market rotation: one flow for ``!rotatemarket``, the 6-hourly job and the lazy roll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import asyncpg

from bot.sql import QUERIES
from game import Catalogue, Rules, roll_black_market
from game.market import BlackMarket
from game.rng import Rng

__all__ = ["Rotation", "audit_rotation", "lock_rotation", "rotate_market", "store_rotation"]

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
