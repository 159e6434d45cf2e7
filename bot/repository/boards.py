"""Leaderboard reads for the announcement jobs, and the yearly archive of old snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["BoardLine", "archive_old", "top"]

_TOP = QUERIES["info/list_board_top"]
_ARCHIVE = QUERIES["boards/archive_old"]


@dataclass(frozen=True, slots=True)
class BoardLine:
    user_id: int
    name: str
    value: int
    rank: int


async def top(conn: asyncpg.Connection, period: str, start: date, metric: str, limit: int) -> list[BoardLine]:
    rows = await conn.fetch(_TOP, period, start, metric, limit)
    return [BoardLine(r["user_id"], r["name"], int(r["value"]), int(r["rank"])) for r in rows]


async def archive_old(conn: asyncpg.Connection, cutoff: date, now: datetime) -> int:
    return len(await conn.fetch(_ARCHIVE, cutoff, now))
