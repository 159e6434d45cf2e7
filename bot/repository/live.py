"""Statements of the live systems: sessions, the Juicernaut crown, heists, announcements queue.

Everything that reads-then-writes runs under the session lock (:func:`lock_session`, a
``FOR UPDATE`` on the active ``streaming_sessions`` row) or through a conditional update whose
row count decides (:func:`win_heist`, :func:`claim_due_heist`, :func:`expire_heist`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES

__all__ = [
    "HallRow",
    "HeistStats",
    "LiveSession",
    "OpenHeist",
    "SessionSummary",
    "Standing",
    "active_session",
    "claim_due_heist",
    "crown_changes",
    "expire_heist",
    "hall",
    "heist_stats",
    "heists_enabled",
    "lock_session",
    "move_crown",
    "open_heist",
    "recent_content",
    "set_heists_enabled",
    "standings",
    "trivia_candidates",
    "user_total",
    "win_heist",
]

_NAMES = (
    "crown_changes",
    "crown_move",
    "hall",
    "heist_cancel",
    "heist_expire",
    "heist_insert",
    "heist_open",
    "heist_recent",
    "heist_record_recent",
    "heist_stats",
    "heist_win",
    "heist_win_count",
    "heists_enabled",
    "heists_set_enabled",
    "schedule_claim_due",
    "schedule_clear",
    "schedule_get",
    "schedule_set",
    "session_active",
    "session_finish",
    "session_lock",
    "session_offline",
    "session_online",
    "session_start",
    "session_summary",
    "standings",
    "trivia_candidates",
    "user_total",
    "winner_insert",
)
# Looked up at import: a missing statement file fails at start-up, not at first use.
_Q = {name: QUERIES[f"live/{name}"] for name in _NAMES}


@dataclass(frozen=True, slots=True)
class LiveSession:
    session_id: int
    platform: str
    title: str | None
    started_at: datetime
    offline_since: datetime | None
    holder_id: int | None
    total_cents: int


async def lock_session(conn: asyncpg.Connection) -> LiveSession | None:
    """The running session, locked until the transaction ends (the per-session lock)."""
    return _session(await conn.fetchrow(_Q["session_lock"]))


async def active_session(conn: asyncpg.Connection) -> LiveSession | None:
    """The running session, unlocked (reads)."""
    return _session(await conn.fetchrow(_Q["session_active"]))


def _session(r: asyncpg.Record | None) -> LiveSession | None:
    if r is None:
        return None
    return LiveSession(
        r["session_id"], r["platform"], r["session_title"], r["started_at"], r["offline_since"],
        r["current_juicernaut_user_id"], int(r["total_contributions_cents"]),
    )


async def start_session(
    conn: asyncpg.Connection,
    platform: str,
    title: str | None,
    started_by: int | None,
    now: datetime,
    live_platforms: Sequence[str] = (),
) -> int | None:
    return await conn.fetchval(_Q["session_start"], platform, title, started_by, now, list(live_platforms))


async def finish_session(conn: asyncpg.Connection, session_id: int, now: datetime) -> datetime | None:
    return await conn.fetchval(_Q["session_finish"], session_id, now)


async def mark_offline(conn: asyncpg.Connection, now: datetime, platform: str) -> int | None:
    """The session id when this report took the session offline (no platform live any more)."""
    return await conn.fetchval(_Q["session_offline"], now, platform)


async def mark_online(conn: asyncpg.Connection, now: datetime, platform: str) -> bool | None:
    """``None``: no session; else whether the session was offline and resumes now."""
    r = await conn.fetchrow(_Q["session_online"], now, platform)
    return None if r is None else bool(r["resumed"])


async def user_total(conn: asyncpg.Connection, session_id: int, user_id: int) -> tuple[int, int]:
    """(total cents, contributions) of one player in the session."""
    r = await conn.fetchrow(_Q["user_total"], session_id, user_id)
    return int(r["total_cents"]), int(r["contributions"])


async def move_crown(
    conn: asyncpg.Connection, session_id: int, previous: int | None, new: int, total: int, now: datetime
) -> bool:
    return await conn.fetchval(_Q["crown_move"], session_id, previous, new, total, now) is not None


async def crown_changes(conn: asyncpg.Connection, session_id: int) -> list[tuple[datetime, int]]:
    return [(r["changed_at"], r["new_juicernaut_user_id"]) for r in await conn.fetch(_Q["crown_changes"], session_id)]


@dataclass(frozen=True, slots=True)
class Standing:
    user_id: int
    name: str
    total_cents: int
    contributions: int


async def standings(conn: asyncpg.Connection, session_id: int, limit: int) -> list[Standing]:
    rows = await conn.fetch(_Q["standings"], session_id, limit)
    return [Standing(r["user_id"], r["name"], int(r["total_cents"]), int(r["contributions"])) for r in rows]


@dataclass(frozen=True, slots=True)
class SessionSummary:
    total_cents: int
    contributors: int
    contributions: int
    heists: int
    heists_won: int


async def session_summary(conn: asyncpg.Connection, session_id: int) -> SessionSummary:
    r = await conn.fetchrow(_Q["session_summary"], session_id)
    return SessionSummary(
        int(r["total_cents"]), int(r["contributors"]), int(r["contributions"]), int(r["heists"]), int(r["heists_won"])
    )


async def record_winner(
    conn: asyncpg.Connection,
    session_id: int,
    user_id: int,
    total_cents: int,
    contributions: int,
    minutes: int,
    wealth: int,
    xp: int,
    crate: str | None,
    now: datetime,
) -> bool:
    found = await conn.fetchval(
        _Q["winner_insert"], session_id, user_id, total_cents, contributions, minutes, wealth, xp, crate, now
    )
    return found is not None


@dataclass(frozen=True, slots=True)
class HallRow:
    name: str
    wins: int
    total_cents: int
    minutes_held: int


async def hall(conn: asyncpg.Connection, limit: int, order: str) -> list[HallRow]:
    rows = await conn.fetch(_Q["hall"], limit, order)
    return [HallRow(r["name"], int(r["wins"]), int(r["total_cents"]), int(r["minutes_held"])) for r in rows]


# -- heists ---------------------------------------------------------------------------------------


async def set_schedule(conn: asyncpg.Connection, session_id: int, next_at: datetime, now: datetime) -> None:
    await conn.execute(_Q["schedule_set"], session_id, next_at, now)


@dataclass(frozen=True, slots=True)
class Schedule:
    session_id: int
    next_at: datetime
    paused_at: datetime | None


async def schedule(conn: asyncpg.Connection) -> Schedule | None:
    r = await conn.fetchrow(_Q["schedule_get"])
    return None if r is None else Schedule(r["session_id"], r["next_heist_at"], r["paused_at"])


async def claim_due_heist(conn: asyncpg.Connection, slot: datetime) -> int | None:
    """The session whose heist is due at ``slot`` (its plan is taken; set the next one)."""
    r = await conn.fetchrow(_Q["schedule_claim_due"], slot)
    return None if r is None else int(r["session_id"])


async def clear_schedule(conn: asyncpg.Connection, session_id: int) -> None:
    await conn.execute(_Q["schedule_clear"], session_id)


@dataclass(frozen=True, slots=True)
class OpenHeist:
    heist_id: int
    session_id: int
    kind: str
    difficulty: str
    prompt: str
    answer: str
    accepted: tuple[str, ...]
    started_at: datetime
    time_limit: int


def _heist(r: asyncpg.Record) -> OpenHeist:
    return OpenHeist(
        r["heist_id"], r["session_id"], r["event_type"], r["difficulty"], r["prompt"], r["correct_answer"],
        tuple(r["accepted_answers"]), r["started_at"], r["time_limit_seconds"],
    )


async def insert_heist(
    conn: asyncpg.Connection,
    session_id: int,
    kind: str,
    difficulty: str,
    content_id: int,
    prompt: str,
    answer: str,
    accepted: Sequence[str],
    started_at: datetime,
    limit: int,
    seed_id: int | None,
    nonce: int | None,
) -> int | None:
    return await conn.fetchval(
        _Q["heist_insert"], session_id, kind, difficulty, content_id, prompt, answer, list(accepted),
        started_at, limit, seed_id, nonce,
    )


async def open_heist(conn: asyncpg.Connection) -> OpenHeist | None:
    r = await conn.fetchrow(_Q["heist_open"])
    return None if r is None else _heist(r)


async def win_heist(
    conn: asyncpg.Connection, heist_id: int, user_id: int, platform: str, answer: str, at: datetime, crate: str
) -> int | None:
    """The winner's response time in ms, or ``None`` if someone else won first (or time ran out)."""
    r = await conn.fetchrow(_Q["heist_win"], heist_id, user_id, platform, answer, at, crate)
    return None if r is None else int(r["response_time_ms"])


@dataclass(frozen=True, slots=True)
class ClosedHeist:
    heist_id: int
    answer: str


async def expire_heist(conn: asyncpg.Connection, slot: datetime) -> ClosedHeist | None:
    r = await conn.fetchrow(_Q["heist_expire"], slot)
    return None if r is None else ClosedHeist(r["heist_id"], r["correct_answer"])


async def cancel_heist(conn: asyncpg.Connection, session_id: int, now: datetime) -> ClosedHeist | None:
    r = await conn.fetchrow(_Q["heist_cancel"], session_id, now)
    return None if r is None else ClosedHeist(r["heist_id"], r["correct_answer"])


async def recent_content(conn: asyncpg.Connection, limit: int) -> list[tuple[str, int]]:
    return [(r["event_type"], r["content_id"]) for r in await conn.fetch(_Q["heist_recent"], limit)]


async def record_recent(conn: asyncpg.Connection, kind: str, content_id: int, now: datetime) -> None:
    await conn.execute(_Q["heist_record_recent"], kind, content_id, now)


@dataclass(frozen=True, slots=True)
class TriviaRow:
    trivia_id: int
    question: str
    answer: str
    alternatives: tuple[str, ...]


async def trivia_candidates(conn: asyncpg.Connection, limit: int) -> list[TriviaRow]:
    rows = await conn.fetch(_Q["trivia_candidates"], limit)
    return [TriviaRow(r["trivia_id"], r["question"], r["answer"], tuple(r["alt_answers"])) for r in rows]


async def count_heist_win(conn: asyncpg.Connection, user_id: int) -> int:
    return int(await conn.fetchval(_Q["heist_win_count"], user_id))


@dataclass(frozen=True, slots=True)
class HeistStats:
    wins: int
    fastest_ms: int | None
    average_ms: float | None


async def heist_stats(conn: asyncpg.Connection, user_id: int) -> HeistStats:
    r = await conn.fetchrow(_Q["heist_stats"], user_id)
    return HeistStats(int(r["wins"]), r["fastest_ms"], r["average_ms"])


async def heists_enabled(conn: asyncpg.Connection) -> bool:
    return bool(await conn.fetchval(_Q["heists_enabled"]))


async def set_heists_enabled(conn: asyncpg.Connection, enabled: bool, by: int | None, now: datetime) -> None:
    await conn.execute(_Q["heists_set_enabled"], enabled, by, now)
