"""Insurance policies: buying (or renewing) one."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["buy_policy"]

_BUY = QUERIES["insurance/buy"]


async def buy_policy(
    conn: asyncpg.Connection, user_id: int, tier: str, premium: int, now: datetime, paid_until: datetime
) -> None:
    await conn.execute(_BUY, user_id, tier, premium, now, paid_until)
