"""Heist tokens: the one place that earns and spends them (``tokens/earn``, ``tokens/spend``)."""

from __future__ import annotations

import asyncpg

from bot.sql import QUERIES

__all__ = ["earn", "move", "spend"]

_EARN = QUERIES["tokens/earn"]
_SPEND = QUERIES["tokens/spend"]


async def earn(conn: asyncpg.Connection, user_id: int, amount: int) -> int:
    """Add ``amount`` (> 0) tokens; the balance after."""
    balance: int = await conn.fetchval(_EARN, user_id, amount)
    return balance


async def spend(conn: asyncpg.Connection, user_id: int, amount: int) -> int | None:
    """Take ``amount`` (> 0) tokens; the balance after, or None (nothing changes) if too few."""
    balance: int | None = await conn.fetchval(_SPEND, user_id, amount)
    return balance


async def move(conn: asyncpg.Connection, from_user_id: int, to_user_id: int, amount: int) -> bool:
    """Move ``amount`` tokens between players; False (nothing moves) if the giver has too few."""
    if await spend(conn, from_user_id, amount) is None:
        return False
    await earn(conn, to_user_id, amount)
    return True
