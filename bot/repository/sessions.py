"""Stream sessions: the one place that starts, ends and reads them (chat commands and
platform stream-status events both go through here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["ActiveSession", "EndedSession", "active_session", "end_session", "start_session"]

_ACTIVE = QUERIES["sessions/active"]
_START = QUERIES["sessions/start"]
_END = QUERIES["sessions/end"]


@dataclass(frozen=True, slots=True)
class ActiveSession:
    session_id: int
    platform: str
    title: str | None
    started_at: datetime
    juicernaut_user_id: int | None


@dataclass(frozen=True, slots=True)
class EndedSession:
    session_id: int
    started_at: datetime
    total_contributions_cents: int


async def active_session(conn: asyncpg.Connection) -> ActiveSession | None:
    r = await conn.fetchrow(_ACTIVE)
    if r is None:
        return None
    return ActiveSession(
        r["session_id"], r["platform"], r["session_title"], r["started_at"], r["current_juicernaut_user_id"]
    )


async def start_session(
    conn: asyncpg.Connection, platform: str, title: str | None, started_by: int | None, now: datetime
) -> int | None:
    """Start a session; its id, or None when one is already running (nothing changes)."""
    session_id: int | None = await conn.fetchval(_START, platform, title, started_by, now)
    return session_id


async def end_session(conn: asyncpg.Connection, now: datetime) -> EndedSession | None:
    """End the running session; None when none was running."""
    r = await conn.fetchrow(_END, now)
    if r is None:
        return None
    return EndedSession(r["session_id"], r["started_at"], int(r["total_contributions_cents"] or 0))
