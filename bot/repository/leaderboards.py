"""Leaderboards: a period board's top entries, a player's rank on each period, and the
richest-players board (cash held now)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg

from bot.sql import QUERIES

__all__ = ["BoardRow", "PeriodRank", "board_ranks", "board_top", "richest", "richest_rank"]

_BOARD_TOP = QUERIES["info/list_board_top"]
_BOARD_RANKS = QUERIES["info/select_board_ranks"]
_RICHEST = QUERIES["info/list_richest"]
_RICHEST_RANK = QUERIES["info/select_richest_rank"]


@dataclass(frozen=True, slots=True)
class BoardRow:
    user_id: int
    name: str
    value: int
    rank: int


@dataclass(frozen=True, slots=True)
class PeriodRank:
    """A player's place on one period's board (rank None when unranked)."""

    period_type: str
    value: int | None
    rank: int | None
    entries: int


def _board(rows: list[asyncpg.Record]) -> tuple[BoardRow, ...]:
    return tuple(BoardRow(r["user_id"], r["name"], r["value"], r["rank"]) for r in rows)


async def board_top(
    conn: asyncpg.Connection, period_type: str, period_start: date, column: str, limit: int
) -> tuple[BoardRow, ...]:
    """The best ``limit`` entries of a period board on counter ``column``."""
    return _board(await conn.fetch(_BOARD_TOP, period_type, period_start, column, limit))


async def richest(conn: asyncpg.Connection, limit: int) -> tuple[BoardRow, ...]:
    return _board(await conn.fetch(_RICHEST, limit))


async def board_ranks(
    conn: asyncpg.Connection, user_id: int, period_types: Sequence[str], starts: Sequence[date], column: str
) -> tuple[PeriodRank, ...]:
    rows = await conn.fetch(_BOARD_RANKS, user_id, list(period_types), list(starts), column)
    return tuple(PeriodRank(r["period_type"], r["value"], r["rank"], r["entries"]) for r in rows)


async def richest_rank(conn: asyncpg.Connection, user_id: int) -> PeriodRank:
    """The player's place among the richest (period type ``lifetime``)."""
    r = await conn.fetchrow(_RICHEST_RANK, user_id)
    return PeriodRank("lifetime", r["value"], r["rank"], r["entries"])
