"""The batch queue's flush: take due rows once (``FOR UPDATE SKIP LOCKED``), forget old ones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["delete_processed", "take_due"]

_TAKE = QUERIES["batch/take_due"]
_DELETE = QUERIES["batch/delete_processed"]


async def take_due(conn: asyncpg.Connection, now: datetime) -> list[tuple[str, Mapping[str, object]]]:
    """Due rows as ``(batch_key, payload)``, oldest first, marked processed at ``now``."""
    rows = sorted(await conn.fetch(_TAKE, now), key=lambda r: r["queue_id"])
    return [(r["batch_key"], dict(r["payload"])) for r in rows]


async def delete_processed(conn: asyncpg.Connection, cutoff: datetime) -> int:
    return len(await conn.fetch(_DELETE, cutoff))
