"""Helpers for job tests: a scheduler over some jobs of the real registry, outbox reads."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.app import App
from bot.jobs import load_jobs
from bot.scheduler import Job, RunOutcome, Scheduler


def scheduler(app: App, *names: str, jobs: list[Job] | None = None) -> Scheduler:
    chosen = jobs if jobs is not None else load_jobs().select(names)
    return Scheduler(app.pool, game=app.game, fairness=app.fairness, jobs=chosen)


async def run_at(app: App, name: str, slot: datetime) -> RunOutcome | None:
    """Run one slot of one declared job (``None`` when it already ran)."""
    job = load_jobs().get(name)
    assert job is not None, name
    return await scheduler(app, jobs=[job]).run_slot(job, slot)


async def announcements(pool: asyncpg.Pool) -> list[str]:
    rows = await pool.fetch("SELECT payload FROM outbox WHERE kind = 'announce' ORDER BY outbox_id")
    return [r["payload"]["text"] for r in rows]


async def runs(pool: asyncpg.Pool, job: str) -> list[tuple[datetime, str, int]]:
    rows = await pool.fetch(
        "SELECT slot, status, processed FROM job_runs WHERE job = $1 ORDER BY slot", job
    )
    return [(r["slot"], r["status"], r["processed"]) for r in rows]
