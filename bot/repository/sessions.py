"""Stream sessions: the one end-of-session flow, and the grace period after a stream goes offline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = ["EndedSession", "OfflineSession", "end_session", "mark_offline", "mark_warned", "offline_session", "resume"]

_END = QUERIES["sessions/end"]
_MARK_OFFLINE = QUERIES["sessions/mark_offline"]
_RESUME = QUERIES["sessions/resume"]
_OFFLINE = QUERIES["sessions/offline"]
_WARNED = QUERIES["sessions/mark_warned"]


@dataclass(frozen=True, slots=True)
class EndedSession:
    session_id: int
    started_at: datetime
    total_contributions_cents: int


@dataclass(frozen=True, slots=True)
class OfflineSession:
    session_id: int
    title: str | None
    offline_since: datetime
    warned_at: datetime | None


async def end_session(conn: asyncpg.Connection, now: datetime) -> EndedSession | None:
    """End the running session: every end-of-session step lives here, whoever ends it
    (``!endsession``, the grace-period job). ``None`` when no session runs."""
    row = await conn.fetchrow(_END, now)
    if row is None:
        return None
    return EndedSession(row["session_id"], row["started_at"], int(row["total_contributions_cents"]))


async def mark_offline(conn: asyncpg.Connection, now: datetime) -> int | None:
    """Start the grace period of the running session; its id, or ``None`` if none runs."""
    row = await conn.fetchrow(_MARK_OFFLINE, now)
    return row["session_id"] if row is not None else None


async def resume(conn: asyncpg.Connection) -> int | None:
    return await conn.fetchval(_RESUME)


async def offline_session(conn: asyncpg.Connection) -> OfflineSession | None:
    """The running session whose stream is offline, locked for the rest of the transaction."""
    row = await conn.fetchrow(_OFFLINE)
    if row is None:
        return None
    return OfflineSession(row["session_id"], row["session_title"], row["offline_since"], row["grace_warned_at"])


async def mark_warned(conn: asyncpg.Connection, session_id: int, now: datetime) -> None:
    await conn.execute(_WARNED, session_id, now)
