"""Race rows: start, running races, standings by metric, settlement (paid once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["RaceRow", "ScoreRow", "insert_race", "results", "running", "settle", "standings"]

Q = QUERIES


@dataclass(frozen=True, slots=True)
class RaceRow:
    race_id: int
    metric: str
    prize: int
    places: int
    starts_on: date
    ends_on: date
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScoreRow:
    user_id: int
    name: str
    score: int


async def insert_race(
    conn: asyncpg.Connection, metric: str, prize: int, places: int, starts_on: date, ends_on: date,
    ends_at: datetime, created_by: int, now: datetime,
) -> int:
    return await conn.fetchval(Q["races/insert"], metric, prize, places, starts_on, ends_on, ends_at, created_by, now)


async def running(conn: asyncpg.Connection) -> list[RaceRow]:
    return [RaceRow(r["race_id"], r["metric"], r["prize"], r["places"], r["starts_on"], r["ends_on"], r["ends_at"])
            for r in await conn.fetch(Q["races/running"])]


async def standings(conn: asyncpg.Connection, metric: str, starts_on: date, ends_on: date) -> list[ScoreRow]:
    return [ScoreRow(r["user_id"], r["name"], r["score"])
            for r in await conn.fetch(Q["races/standings"], metric, starts_on, ends_on)]


async def due(conn: asyncpg.Connection, slot: datetime) -> list[int]:
    return [r["race_id"] for r in await conn.fetch(Q["races/due"], slot)]


async def settle(conn: asyncpg.Connection, race_id: int, slot: datetime) -> RaceRow | None:
    r = await conn.fetchrow(Q["races/settle"], race_id, slot)
    if r is None:
        return None
    return RaceRow(r["race_id"], r["metric"], r["prize"], r["places"], r["starts_on"], r["ends_on"])


async def results(conn: asyncpg.Connection, race_id: int, place: int, user_id: int, score: int, amount: int) -> None:
    await conn.execute(Q["races/result"], race_id, place, user_id, score, amount)
