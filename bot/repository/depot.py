"""Supply depot rows: the consumables catalogue, owned single-use goods, buffs, token purchases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import asyncpg

from bot.sql import QUERIES

__all__ = ["BuffRow", "Supply", "active_buffs", "add_owned", "buff_row", "catalogue", "count_token", "set_buff", "tokens_bought"]

Q = QUERIES


@dataclass(frozen=True, slots=True)
class Supply:
    key: str
    name: str
    description: str
    price: int
    max_owned: int
    buff_type: str | None
    multiplier: float | None
    minutes: int | None

    @property
    def category(self) -> str:
        match self.buff_type:
            case None:
                return "utility"
            case "xp" | "wealth":
                return "boosts"
            case "crate_drop":
                return "luck"
            case _:
                return "combat"


async def catalogue(conn: asyncpg.Connection) -> list[Supply]:
    return [
        Supply(r["consumable_key"], r["name"], r["description"] or "", r["price"], r["max_owned"], r["buff_type"],
               r["multiplier"], r["duration_minutes"])
        for r in await conn.fetch(Q["supplies/catalogue"])
    ]


async def add_owned(conn: asyncpg.Connection, user_id: int, key: str, max_owned: int) -> int | None:
    return await conn.fetchval(Q["supplies/add_owned"], user_id, key, max_owned)


@dataclass(frozen=True, slots=True)
class BuffRow:
    buff_type: str
    multiplier: float
    expires_at: datetime | None
    description: str = ""
    source: str = "consumable"


async def buff_row(conn: asyncpg.Connection, user_id: int, buff_type: str, now: datetime) -> BuffRow | None:
    r = await conn.fetchrow(Q["supplies/buff_get"], user_id, buff_type)
    if r is None or not r["is_active"] or (r["expires_at"] is not None and r["expires_at"] <= now):
        return None
    return BuffRow(buff_type, r["multiplier"], r["expires_at"])


async def set_buff(
    conn: asyncpg.Connection, user_id: int, buff_type: str, multiplier: float, description: str,
    now: datetime, expires: datetime,
) -> None:
    await conn.execute(Q["supplies/buff_set"], user_id, buff_type, Decimal(str(multiplier)), description, now, expires)


async def active_buffs(conn: asyncpg.Connection, user_id: int, now: datetime) -> list[BuffRow]:
    return [BuffRow(r["buff_type"], r["multiplier"], r["expires_at"], r["description"] or "", r["source"])
            for r in await conn.fetch(Q["supplies/buffs"], user_id, now)]


async def tokens_bought(conn: asyncpg.Connection, user_id: int, day: date) -> int:
    return await conn.fetchval(Q["supplies/tokens_bought"], user_id, day) or 0


async def count_token(conn: asyncpg.Connection, user_id: int, day: date) -> int:
    return await conn.fetchval(Q["supplies/token_bought"], user_id, day)
