"""Reads for ``!give``: how much a player has sent on a game day (the daily cap)."""

from __future__ import annotations

from datetime import date

import asyncpg

from bot.sql import QUERIES

__all__ = ["sent_on_day"]

_SENT_ON_DAY = QUERIES["give/sent_on_day"]


async def sent_on_day(conn: asyncpg.Connection, user_id: int, day: date) -> int:
    """Dollars ``user_id`` sent with ``!give`` on game day ``day`` (fees not included)."""
    sent: int = await conn.fetchval(_SENT_ON_DAY, user_id, day.isoformat())
    return sent
