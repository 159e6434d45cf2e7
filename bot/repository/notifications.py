"""A player's notifications: the unseen ones (read marks them seen) and the once-per-window hint."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

import asyncpg

from bot.sql import QUERIES

__all__ = ["Notice", "Unseen", "read_unseen", "unseen_hint"]

_UNSEEN = QUERIES["notifications/unseen"]
_HINT = QUERIES["notifications/hint"]


class Notice(NamedTuple):
    kind: str
    title: str
    message: str
    created_at: datetime


class Unseen(NamedTuple):
    notices: tuple[Notice, ...]  # newest first, up to the limit
    total: int  # every unseen notification before this read


async def read_unseen(conn: asyncpg.Connection, user_id: int, limit: int, now: datetime) -> Unseen:
    """The newest ``limit`` unseen notifications, marked seen as they are read."""
    rows = await conn.fetch(_UNSEEN, user_id, limit, now)
    notices = tuple(Notice(r["notification_type"], r["title"], r["message"], r["created_at"]) for r in rows)
    return Unseen(notices, rows[0]["total"] if rows else 0)


async def unseen_hint(conn: asyncpg.Connection, user_id: int, now: datetime, window: timedelta) -> int:
    """How many unseen notifications to mention, 0 when the player was told within ``window``
    (the telling is recorded, so the line comes at most once per window)."""
    unseen: int | None = await conn.fetchval(_HINT, user_id, now, window)
    return unseen or 0
