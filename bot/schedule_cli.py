"""``kingpin jobs`` (list every job and its last run) and ``kingpin jobs run`` (run what is due)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import asyncpg

from bot.announce import ANNOUNCE_KIND, BroadcastPublisher
from bot.app import App
from bot.jobs import load_jobs
from bot.outbox import OutboxDrain
from bot.ports import ChatBroadcaster
from bot.repository import jobs as runs
from bot.scheduler import Job, RunOutcome, Scheduler

__all__ = ["ConsoleSchedule", "build_scheduler", "job_lines", "outcome_line"]


def build_scheduler(app: App, names: Sequence[str] = ()) -> Scheduler:
    """A scheduler over the declared jobs (or the named ones; ``KeyError`` for an unknown)."""
    return Scheduler(app.pool, game=app.game, fairness=app.fairness, jobs=load_jobs().select(names))


def _when(t: datetime | None) -> str:
    return f"{t:%Y-%m-%d %H:%M:%S}" if t is not None else "-"


async def job_lines(db: asyncpg.Pool | asyncpg.Connection, jobs: Sequence[Job], now: datetime) -> list[str]:
    """One line per job: schedule, catch-up, last slot, status, duration, processed, next due."""
    last = await runs.last_runs(db, [j.name for j in jobs])
    header = (
        f"{'job':<22} {'schedule':<16} {'catch-up':<8} {'last slot':<19} {'status':<7} "
        f"{'took':>7} {'done':>6}  next due"
    )
    lines = [header]
    for j in jobs:
        run = last.get(j.name)
        took = "-"
        if run is not None and run.finished_at is not None:
            took = f"{(run.finished_at - run.started_at).total_seconds():.3f}s"
        nxt = j.next_after(run.slot) if run is not None else (j.latest_at(now) or j.next_after(now))
        lines.append(
            f"{j.name:<22} {j.schedule:<16} {j.catch_up.value:<8} "
            f"{_when(run.slot if run else None):<19} {(run.status if run else 'never'):<7} "
            f"{took:>7} {(run.processed if run else 0):>6}  {_when(nxt)}"
        )
        if run is not None and run.error:
            lines.append(f"{'':<22} ↳ {run.error[:200]}")
    return lines


def outcome_line(outcome: RunOutcome) -> str:
    what = f"ok, {outcome.processed} processed" if outcome.ok else f"FAILED: {outcome.error}"
    return f"{outcome.job} @ {outcome.slot:%Y-%m-%d %H:%M:%S}: {what}"


class ConsoleSchedule:
    """The console's :class:`~bot.ports.ScheduleDriver`: ``/advance`` and ``/jobs``.

    After each job run the announcement drain delivers what it announced, so the console prints
    the lines in slot order, as the chats would have seen them.
    """

    def __init__(self, app: App, broadcaster: ChatBroadcaster) -> None:
        self._pool = app.pool
        self._drain = OutboxDrain(app.pool, BroadcastPublisher([broadcaster]), kinds=(ANNOUNCE_KIND,))
        self._scheduler = Scheduler(
            app.pool, game=app.game, fairness=app.fairness, jobs=load_jobs(), on_ran=self._delivered
        )

    async def _delivered(self, outcome: RunOutcome) -> None:
        await self._drain.drain()

    async def advance(self, start: datetime, end: datetime, /) -> Sequence[str]:
        outcomes = await self._scheduler.advance(start, end)
        if not outcomes:
            return []
        counts = Counter(o.job for o in outcomes)
        ran = ", ".join(f"{name}×{n}" for name, n in sorted(counts.items()))
        lines = [f"ran {len(outcomes)} job slots: {ran}"]
        lines += [outcome_line(o) for o in outcomes if not o.ok]
        return lines

    async def listing(self, now: datetime, /) -> Sequence[str]:
        return await job_lines(self._pool, self._scheduler.jobs, now)

    async def settle(self) -> None:
        await self._drain.drain()
