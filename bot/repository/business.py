"""Businesses: what a player's businesses already paid on a game day (the daily collect)."""

from __future__ import annotations

import asyncpg

from bot.sql import QUERIES

__all__ = ["earned_on_day"]

_EARNED = QUERIES["business/earned_on_day"]


async def earned_on_day(conn: asyncpg.Connection, user_id: int, day: str) -> int:
    """Dollars collected on game day ``day`` (ISO date, as logged); 0 when none."""
    return int(await conn.fetchval(_EARNED, user_id, day))
