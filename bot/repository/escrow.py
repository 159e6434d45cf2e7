"""The escrow sweep: expired escrowed crates and items go, their owners are told."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["sweep_expired"]

_CRATES = QUERIES["crates/sweep_expired_escrow"]
_ITEMS = QUERIES["inventory/sweep_expired_escrow"]


async def sweep_expired(conn: asyncpg.Connection, now: datetime) -> tuple[int, int]:
    """(crates, items) deleted."""
    crates = await conn.fetch(_CRATES, now)
    items = await conn.fetch(_ITEMS, now)
    return len(crates), len(items)
