"""Reads for the overlay and the public web pages (typed values, never Records)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from bot.sql import QUERIES

__all__ = [
    "BoardRow",
    "FameRow",
    "LiveState",
    "OutboxRow",
    "board_top",
    "ensure_overlay_token",
    "hall_of_fame",
    "live_state",
    "outbox_row",
    "richest",
    "set_private",
]

_LIVE = QUERIES["overlay/live_state"]
_OUTBOX_ROW = QUERIES["overlay/outbox_row"]
_BOARD = QUERIES["public/board_top"]
_RICHEST = QUERIES["public/richest"]
_FAME = QUERIES["public/hall_of_fame"]
_SET_PRIVATE = QUERIES["public/set_private"]


def _json(value: Any) -> Any:
    """asyncpg hands JSONB over as text unless a codec is set: accept both."""
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class LiveState:
    """What the overlay shows now; each part is plain JSON-ready data (or ``None``)."""

    session: dict[str, Any] | None
    crown: dict[str, Any] | None
    standings: list[dict[str, Any]]
    heist: dict[str, Any] | None
    last_heist: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    outbox_id: int
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BoardRow:
    rank: int
    name: str
    value: int
    private: bool


@dataclass(frozen=True, slots=True)
class FameRow:
    record: str
    value: int
    achieved_at: datetime
    name: str
    private: bool


async def live_state(conn: asyncpg.Connection | asyncpg.Pool, standings: int = 5) -> LiveState:
    row = await conn.fetchrow(_LIVE, standings)
    assert row is not None  # a SELECT of scalar subqueries always returns one row
    return LiveState(
        session=_json(row["session"]),
        crown=_json(row["crown"]),
        standings=list(_json(row["standings"]) or []),
        heist=_json(row["heist"]),
        last_heist=_json(row["last_heist"]),
    )


async def outbox_row(conn: asyncpg.Connection | asyncpg.Pool, outbox_id: int) -> OutboxRow | None:
    row = await conn.fetchrow(_OUTBOX_ROW, outbox_id)
    if row is None:
        return None
    return OutboxRow(row["outbox_id"], row["kind"], dict(_json(row["payload"]) or {}))


def _rows(records: list[asyncpg.Record]) -> list[BoardRow]:
    return [BoardRow(r["rank"], r["name"], r["value"], r["is_private"]) for r in records]


async def board_top(
    conn: asyncpg.Connection | asyncpg.Pool, period: str, start: date, column: str, limit: int
) -> list[BoardRow]:
    return _rows(await conn.fetch(_BOARD, period, start, column, limit))


async def richest(conn: asyncpg.Connection | asyncpg.Pool, limit: int) -> list[BoardRow]:
    return _rows(await conn.fetch(_RICHEST, limit))


async def hall_of_fame(conn: asyncpg.Connection | asyncpg.Pool) -> list[FameRow]:
    return [
        FameRow(r["record_type"], r["value"], r["achieved_at"], r["name"], r["is_private"])
        for r in await conn.fetch(_FAME)
    ]


async def set_private(conn: asyncpg.Connection, user_id: int, private: bool) -> bool | None:
    return await conn.fetchval(_SET_PRIVATE, user_id, private)


_ENSURE_TOKEN = QUERIES["overlay/ensure_token"]


async def ensure_overlay_token(conn: asyncpg.Connection | asyncpg.Pool, candidate: str) -> str:
    """The stored overlay token; ``candidate`` is stored when there is none yet."""
    stored = await conn.fetchval(_ENSURE_TOKEN, json.dumps(candidate))
    return str(json.loads(stored))
