"""Statements of the jobs that charge or pay players: insurance, housing upkeep, business."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = [
    "PolicyDue",
    "business_earned",
    "equipped_holders",
    "lapse_policy",
    "policies_due",
    "renew_policy",
    "set_cooldown",
    "set_housing_debt",
]

_DUE = QUERIES["insurance/due"]
_RENEW = QUERIES["insurance/renew"]
_LAPSE = QUERIES["insurance/lapse"]
_HOLDERS = QUERIES["housing/holders"]
_DEBT = QUERIES["housing/set_debt"]
_EARNED = QUERIES["business/earned_on_day"]
_COOLDOWN_SET = QUERIES["cooldowns/set"]


@dataclass(frozen=True, slots=True)
class PolicyDue:
    user_id: int
    tier: str
    premium: int


async def policies_due(conn: asyncpg.Connection, before: datetime) -> list[PolicyDue]:
    return [PolicyDue(r["user_id"], r["tier"], int(r["daily_premium"])) for r in await conn.fetch(_DUE, before)]


async def renew_policy(conn: asyncpg.Connection, user_id: int, now: datetime) -> None:
    await conn.execute(_RENEW, user_id, now)


async def lapse_policy(conn: asyncpg.Connection, user_id: int, now: datetime) -> None:
    await conn.execute(_LAPSE, user_id, now)


async def equipped_holders(conn: asyncpg.Connection, slot: str) -> list[int]:
    return [r["user_id"] for r in await conn.fetch(_HOLDERS, slot)]


async def set_housing_debt(conn: asyncpg.Connection, user_id: int, days: int) -> None:
    await conn.execute(_DEBT, user_id, days)


async def business_earned(conn: asyncpg.Connection, user_id: int, day: str) -> int:
    """Business revenue a player was paid on a game day (``!collect`` and the job)."""
    return int(await conn.fetchval(_EARNED, user_id, day))


async def set_cooldown(conn: asyncpg.Connection, user_id: int, kind: str, until: datetime) -> None:
    await conn.execute(_COOLDOWN_SET, user_id, kind, "", until)
