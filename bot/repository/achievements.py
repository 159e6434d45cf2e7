"""Achievements as one player sees them, and the hall of fame's records."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import asyncpg

from bot.sql import QUERIES
from game.achievements import AchievementView

__all__ = ["HeldRecord", "achievements_for", "hall_of_fame"]

_FOR_USER = QUERIES["achievements/for_user"]
_HALL = QUERIES["hall/list"]


class HeldRecord(NamedTuple):
    """One hall-of-fame record with its holder and the holder before."""

    record: str
    value: int
    holder: str
    achieved_at: datetime
    previous_holder: str | None
    previous_value: int | None


async def achievements_for(conn: asyncpg.Connection, user_id: int) -> tuple[AchievementView, ...]:
    """Every active achievement with the player's progress and its rarity (rarity job)."""
    return tuple(
        AchievementView(
            key=r["achievement_key"], name=r["achievement_name"], description=r["description"],
            tier=r["tier"], requirement_type=r["requirement_type"], requirement=r["requirement_value"],
            progress=r["current_progress"], completed=r["is_completed"], hidden=r["is_hidden"],
            held_by=(r["holders"] / r["active_players"]) if r["active_players"] else None,
        )
        for r in await conn.fetch(_FOR_USER, user_id)
    )


async def hall_of_fame(conn: asyncpg.Connection) -> tuple[HeldRecord, ...]:
    return tuple(
        HeldRecord(
            r["record_type"], r["record_value"], r["holder"], r["achieved_at"], r["previous_holder"],
            r["previous_value"],
        )
        for r in await conn.fetch(_HALL)
    )
