"""The numbered lines of each player's last ``!inventory`` (what "#2" means to that player)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["save_listing", "shown_listing"]

_SAVE = QUERIES["inventory/save_listing"]
_SHOWN = QUERIES["inventory/shown_listing"]


async def save_listing(conn: asyncpg.Connection, user_id: int, inventory_ids: Sequence[int], now: datetime) -> None:
    await conn.execute(_SAVE, user_id, list(inventory_ids), now)


async def shown_listing(conn: asyncpg.Connection, user_id: int) -> tuple[int, ...] | None:
    """The ids shown as #1, #2… by the player's last ``!inventory``; ``None`` if never shown."""
    ids = await conn.fetchval(_SHOWN, user_id)
    return tuple(ids) if ids is not None else None
