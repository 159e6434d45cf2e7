"""Cooldowns: the running ones of a player, and setting one outside the effects batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["RunningCooldown", "running_cooldowns", "set_cooldown"]

_LIST = QUERIES["cooldowns/list"]
_SET = QUERIES["cooldowns/set"]


@dataclass(frozen=True, slots=True)
class RunningCooldown:
    command_type: str
    target: str  # '' when the cooldown has no target
    expires_at: datetime


async def running_cooldowns(conn: asyncpg.Connection, user_id: int, now: datetime) -> tuple[RunningCooldown, ...]:
    return tuple(
        RunningCooldown(r["command_type"], r["target_identifier"], r["expires_at"])
        for r in await conn.fetch(_LIST, user_id, now)
    )


async def set_cooldown(conn: asyncpg.Connection, user_id: int, kind: str, target: str, until: datetime) -> None:
    await conn.execute(_SET, user_id, kind, target, until)
