"""The scheduler's ``job_runs`` rows: claim, finish, record a failure, read the last runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

import asyncpg

from bot.content import CONTENT_LOCK_KEY
from bot.sql import QUERIES

__all__ = ["LastRun", "claim", "delete_old", "finish", "last_runs", "last_slots", "record_failure"]

_CLAIM = QUERIES["jobs/claim"]
_CONTENT_GUARD = QUERIES["jobs/content_guard"]
_FINISH = QUERIES["jobs/finish"]
_RECORD_FAILURE = QUERIES["jobs/record_failure"]
_LAST_SLOTS = QUERIES["jobs/last_slots"]
_LAST_RUNS = QUERIES["jobs/last_runs"]
_DELETE_OLD = QUERIES["jobs/delete_old"]

Executor: TypeAlias = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True, slots=True)
class LastRun:
    job: str
    slot: datetime
    started_at: datetime
    finished_at: datetime | None
    status: str
    processed: int
    error: str | None


async def claim(conn: asyncpg.Connection, job: str, slot: datetime) -> int | None:
    """The new run id, or ``None`` when another process has (or had) this slot. Inside the
    job's transaction, a content (re)load by another process is waited for first."""
    await conn.execute(_CONTENT_GUARD, CONTENT_LOCK_KEY)
    return await conn.fetchval(_CLAIM, job, slot)


async def finish(conn: asyncpg.Connection, run_id: int, processed: int, *, error: str | None = None) -> None:
    await conn.execute(_FINISH, run_id, "failed" if error else "ok", max(0, processed), error)


async def record_failure(db: Executor, job: str, slot: datetime, error: str, started_at: datetime) -> None:
    await db.execute(_RECORD_FAILURE, job, slot, error, started_at)


async def last_slots(db: Executor, jobs: Sequence[str]) -> dict[str, datetime]:
    return {r["job"]: r["slot"] for r in await db.fetch(_LAST_SLOTS, list(jobs))}


async def last_runs(db: Executor, jobs: Sequence[str]) -> dict[str, LastRun]:
    rows = await db.fetch(_LAST_RUNS, list(jobs))
    return {
        r["job"]: LastRun(
            r["job"], r["slot"], r["started_at"], r["finished_at"], r["status"], int(r["processed"]), r["error"]
        )
        for r in rows
    }


async def delete_old(conn: asyncpg.Connection, cutoff: datetime) -> int:
    return len(await conn.fetch(_DELETE_OLD, cutoff))
