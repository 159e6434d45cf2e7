"""Stream sessions: the running one, and the grace period after a stream goes offline (the one
start and end-of-session flow is ``bot.live.sessions``; going offline and coming back are
``bot.repository.live``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["ActiveSession", "OfflineSession", "active_session", "mark_warned", "offline_session"]

_ACTIVE = QUERIES["sessions/active"]
_OFFLINE = QUERIES["sessions/offline"]
_WARNED = QUERIES["sessions/mark_warned"]


@dataclass(frozen=True, slots=True)
class ActiveSession:
    session_id: int
    platform: str
    title: str | None
    started_at: datetime
    juicernaut_user_id: int | None


async def active_session(conn: asyncpg.Connection) -> ActiveSession | None:
    r = await conn.fetchrow(_ACTIVE)
    if r is None:
        return None
    return ActiveSession(
        r["session_id"], r["platform"], r["session_title"], r["started_at"], r["current_juicernaut_user_id"]
    )


@dataclass(frozen=True, slots=True)
class OfflineSession:
    session_id: int
    title: str | None
    offline_since: datetime
    warned_at: datetime | None


async def offline_session(conn: asyncpg.Connection) -> OfflineSession | None:
    """The running session whose stream is offline, locked for the rest of the transaction."""
    row = await conn.fetchrow(_OFFLINE)
    if row is None:
        return None
    return OfflineSession(row["session_id"], row["session_title"], row["offline_since"], row["grace_warned_at"])


async def mark_warned(conn: asyncpg.Connection, session_id: int, now: datetime) -> None:
    await conn.execute(_WARNED, session_id, now)
