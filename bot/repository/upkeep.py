"""Housekeeping statements of the scheduled jobs: expiries and retention."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = [
    "delete_expired_cooldowns",
    "delete_expired_link_codes",
    "delete_old_notifications",
    "delete_old_processed_events",
    "expire_buffs",
]

_COOLDOWNS = QUERIES["upkeep/delete_expired_cooldowns"]
_NOTIFICATIONS = QUERIES["upkeep/delete_old_notifications"]
_LINK_CODES = QUERIES["upkeep/delete_expired_link_codes"]
_PROCESSED = QUERIES["upkeep/delete_old_processed_events"]
_BUFFS = QUERIES["upkeep/expire_buffs"]


async def delete_expired_cooldowns(conn: asyncpg.Connection, now: datetime) -> int:
    return len(await conn.fetch(_COOLDOWNS, now))


async def delete_old_notifications(conn: asyncpg.Connection, now: datetime, cutoff: datetime) -> int:
    return len(await conn.fetch(_NOTIFICATIONS, now, cutoff))


async def delete_expired_link_codes(conn: asyncpg.Connection, now: datetime) -> int:
    return len(await conn.fetch(_LINK_CODES, now))


async def delete_old_processed_events(conn: asyncpg.Connection, cutoff: datetime) -> int:
    return len(await conn.fetch(_PROCESSED, cutoff))


async def expire_buffs(conn: asyncpg.Connection, now: datetime) -> int:
    return len(await conn.fetch(_BUFFS, now))
