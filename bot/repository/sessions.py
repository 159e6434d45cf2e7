"""Stream sessions: the grace period after a stream goes offline (the one end-of-session flow is
``bot.live.sessions``; going offline and coming back are ``bot.repository.live``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["OfflineSession", "mark_warned", "offline_session"]

_OFFLINE = QUERIES["sessions/offline"]
_WARNED = QUERIES["sessions/mark_warned"]


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
