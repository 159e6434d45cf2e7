"""The scheduler: timed jobs that run each slot exactly once, whatever the number of processes.

Declaring a job (in ``bot/jobs/<area>.py``)::

    @job("escrow_sweep", cron="*/15 * * * *", catch_up=CatchUp.LATEST)
    async def escrow_sweep(ctx: JobCtx, slot: datetime) -> int:
        ...  # use ctx.conn (the open transaction), never the wall clock; return a count

A *slot* is the time a run is for: a cron match (UTC, via ``cronsim``) or, for ``every=``
jobs, a multiple of the interval since the epoch, so every process computes the same slots.
The job is given its slot as "now"; it never reads a clock, so the console and tests replay it.

Exactly once. A run claims its ``(job, slot)`` by inserting a ``job_runs`` row under a
transaction-scoped advisory lock (``jobs/claim.sql``); the row is unique per pair, so a second
process skips a slot that is running or has run. An atomic job (the default) runs inside that
same transaction: its writes, its announcements (outbox rows) and its ``job_runs`` row commit
together or not at all. A failure rolls back, is logged with the job's name and the error's
type and message, and is recorded as a ``failed`` row; the next slot runs as usual. A failing job
never stops the scheduler or the other jobs.

Catch-up. A tick at time *t* runs, per job, the slots in ``(last recorded slot, t]``: every
one (``CatchUp.EACH``) or only the latest (``CatchUp.LATEST``). A job that never ran starts with
the latest slot at or before *t*. :meth:`Scheduler.advance` ticks at every cron slot of an
interval in time order (the console's ``/advance``), as a process running throughout would.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import asyncpg
import structlog
from cronsim import CronSim

from bot.announce import announce
from bot.clock import Clock
from bot.context import Game
from bot.fairness import FairnessSource
from bot.repository import jobs as runs
from game import Rules

__all__ = [
    "CatchUp",
    "Job",
    "JobCtx",
    "JobFn",
    "JobRegistry",
    "RunOutcome",
    "Scheduler",
    "job",
]

log = structlog.get_logger("kingpin.jobs")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_CATCH_UP = 10_000  # slots one tick may run for a CatchUp.EACH job
_ERROR_LIMIT = 1000


class CatchUp(StrEnum):
    """What a job does with slots missed while no scheduler ran."""

    LATEST = "latest"  # run the latest missed slot once
    EACH = "each"  # run every missed slot, oldest first


@dataclass(slots=True)
class JobCtx:
    """What a job is given: its transaction, the application's pool, game and fairness."""

    pool: asyncpg.Pool
    conn: asyncpg.Connection  # atomic jobs: the open transaction that also holds the claim
    game: Game
    fairness: FairnessSource
    job: str
    slot: datetime
    _announced: int = field(default=0, repr=False)

    @property
    def rules(self) -> Rules:
        return self.game.rules

    async def announce(self, text: str, *, feed: bool = False, title: str = "📢 Kingpin") -> bool:
        """Queue ``text`` for every chat (and the Discord feed) in this job's transaction.

        Keyed by job, slot and order, so a re-run of the same slot never announces twice.
        """
        key = f"job:{self.job}:{self.slot.isoformat()}:{self._announced}"
        self._announced += 1
        return await announce(self.conn, text, feed=feed, title=title, key=key)


JobFn = Callable[[JobCtx, datetime], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    fn: JobFn
    cron: str | None
    every: timedelta | None
    catch_up: CatchUp
    atomic: bool
    summary: str

    @property
    def schedule(self) -> str:
        if self.cron is not None:
            return self.cron
        assert self.every is not None
        return f"every {_span(self.every)}"

    def latest_at(self, t: datetime) -> datetime | None:
        """The latest slot at or before ``t``."""
        if self.every is not None:
            step = self.every
            return _EPOCH + step * ((t - _EPOCH) // step)
        assert self.cron is not None
        return next(iter(CronSim(self.cron, t + timedelta(microseconds=1), reverse=True)), None)

    def next_after(self, t: datetime) -> datetime:
        """The first slot strictly after ``t``."""
        if self.every is not None:
            step = self.every
            return _EPOCH + step * ((t - _EPOCH) // step + 1)
        assert self.cron is not None
        return next(iter(CronSim(self.cron, t)))

    def slots(self, after: datetime, until: datetime) -> Iterator[datetime]:
        """Slots in ``(after, until]``, oldest first."""
        slot = self.next_after(after)
        while slot <= until:
            yield slot
            slot = self.next_after(slot)

    def due(self, last: datetime | None, now: datetime) -> list[datetime]:
        """The slots a tick at ``now`` runs, given the latest slot recorded for this job."""
        if last is None:
            latest = self.latest_at(now)
            return [latest] if latest is not None else []
        if self.catch_up is CatchUp.LATEST:
            latest = self.latest_at(now)
            return [latest] if latest is not None and latest > last else []
        found: list[datetime] = []
        for slot in self.slots(last, now):
            found.append(slot)
            if len(found) >= _MAX_CATCH_UP:
                break
        return found


def _span(d: timedelta) -> str:
    seconds = int(d.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class JobRegistry:
    """The declared jobs, by name (filled by the :func:`job` decorator at import)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}

    def job(
        self,
        name: str,
        *,
        cron: str | None = None,
        every: timedelta | None = None,
        catch_up: CatchUp = CatchUp.LATEST,
        atomic: bool = True,
    ) -> Callable[[JobFn], JobFn]:
        """Declare a job. Exactly one of ``cron`` (5 fields, UTC) or ``every`` (≥ 1 s).

        ``atomic=False``: the claim commits first and the job gets a connection outside any
        transaction, to commit in batches (it must be safe to re-run); the run is recorded when
        it returns.
        """
        if (cron is None) == (every is None):
            raise ValueError(f"job {name}: give exactly one of cron= or every=")
        if every is not None and (every < timedelta(seconds=1) or every.microseconds):
            raise ValueError(f"job {name}: every= must be whole seconds, at least 1")
        if cron is not None:
            CronSim(cron, _EPOCH)  # raises CronSimError on a bad expression

        def register(fn: JobFn) -> JobFn:
            if name in self._jobs:
                raise ValueError(f"job {name} is declared twice")
            summary = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
            self._jobs[name] = Job(name, fn, cron, every, catch_up, atomic, summary)
            return fn

        return register

    def __iter__(self) -> Iterator[Job]:
        return iter(sorted(self._jobs.values(), key=lambda j: j.name))

    def __len__(self) -> int:
        return len(self._jobs)

    def get(self, name: str) -> Job | None:
        return self._jobs.get(name)

    def select(self, names: Iterable[str] = ()) -> list[Job]:
        """The named jobs (all when none is named); raises ``KeyError`` for an unknown name."""
        wanted = list(names)
        if not wanted:
            return list(self)
        unknown = [n for n in wanted if n not in self._jobs]
        if unknown:
            raise KeyError(", ".join(unknown))
        return [self._jobs[n] for n in wanted]


REGISTRY = JobRegistry()
job = REGISTRY.job


@dataclass(frozen=True, slots=True)
class RunOutcome:
    job: str
    slot: datetime
    ok: bool
    processed: int = 0
    error: str | None = None


def _describe(exc: BaseException) -> str:
    """The error's type and message, bounded (asyncpg messages carry no parameter values)."""
    text = f"{type(exc).__name__}: {exc}"
    return text[:_ERROR_LIMIT]


class Scheduler:
    """Runs due slots of ``jobs`` on ``pool``; any number of schedulers may share a database."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        game: Game,
        fairness: FairnessSource,
        jobs: Iterable[Job],
        on_ran: Callable[[RunOutcome], Awaitable[None]] | None = None,
    ) -> None:
        self._pool = pool
        self._game = game
        self._fairness = fairness
        self._jobs = list(jobs)
        self._on_ran = on_ran
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def jobs(self) -> Sequence[Job]:
        return tuple(self._jobs)

    async def tick(self, now: datetime) -> list[RunOutcome]:
        """Run every slot due at ``now`` (per catch-up rule), in slot order."""
        last = await runs.last_slots(self._pool, [j.name for j in self._jobs])
        pending = sorted(
            ((slot, n, j) for n, j in enumerate(self._jobs) for slot in j.due(last.get(j.name), now)),
            key=lambda t: (t[0], t[1]),
        )
        outcomes: list[RunOutcome] = []
        for slot, _n, j in pending:
            outcome = await self.run_slot(j, slot)
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes

    async def advance(self, start: datetime, end: datetime) -> list[RunOutcome]:
        """Tick at every cron slot in ``(start, end]`` in time order, then at ``end``."""
        ticks = sorted(
            {s for j in self._jobs if j.cron is not None for s in j.slots(start, end)} | {end}
        )
        outcomes: list[RunOutcome] = []
        for t in ticks:
            outcomes += await self.tick(t)
        return outcomes

    async def run_slot(self, j: Job, slot: datetime) -> RunOutcome | None:
        """Run one slot unless another process has (or had) it; ``None`` when skipped."""
        started = datetime.now(UTC)  # bookkeeping only: the job itself is given ``slot``
        try:
            if j.atomic:
                outcome = await self._run_atomic(j, slot)
            else:
                outcome = await self._run_batched(j, slot)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            error = _describe(exc)
            log.error("job.failed", job=j.name, slot=slot.isoformat(), error=error)
            with contextlib.suppress(Exception):
                await runs.record_failure(self._pool, j.name, slot, error, started)
            outcome = RunOutcome(j.name, slot, ok=False, error=error)
        if outcome is None:
            return None
        if outcome.ok:
            log.info("job.ran", job=j.name, slot=slot.isoformat(), processed=outcome.processed)
        if self._on_ran is not None:
            await self._on_ran(outcome)
        return outcome

    def _ctx(self, conn: asyncpg.Connection, j: Job, slot: datetime) -> JobCtx:
        return JobCtx(self._pool, conn, self._game, self._fairness, j.name, slot)

    async def _run_atomic(self, j: Job, slot: datetime) -> RunOutcome | None:
        async with self._pool.acquire() as conn, conn.transaction():
            run_id = await runs.claim(conn, j.name, slot)
            if run_id is None:
                return None
            processed = int(await j.fn(self._ctx(conn, j, slot), slot))
            await runs.finish(conn, run_id, processed)
        return RunOutcome(j.name, slot, ok=True, processed=processed)

    async def _run_batched(self, j: Job, slot: datetime) -> RunOutcome | None:
        async with self._pool.acquire() as conn:
            async with conn.transaction():
                run_id = await runs.claim(conn, j.name, slot)
            if run_id is None:
                return None
            try:
                processed = int(await j.fn(self._ctx(conn, j, slot), slot))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                await runs.finish(conn, run_id, 0, error=_describe(exc))
                raise
            await runs.finish(conn, run_id, processed)
        return RunOutcome(j.name, slot, ok=True, processed=processed)

    # -- running in a process ---------------------------------------------------------------

    def start(self, clock: Clock, *, max_sleep: float = 1.0) -> None:
        """Tick on ``clock`` in the background until :meth:`stop` (``kingpin run``)."""
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._loop(clock, max_sleep), name="scheduler")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            task, self._task = self._task, None
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self, clock: Clock, max_sleep: float) -> None:
        while not self._stopping.is_set():
            now = clock.now()
            try:
                await self.tick(now)
            except asyncio.CancelledError:
                raise
            except (asyncpg.PostgresError, OSError) as exc:
                log.error("scheduler.tick_failed", error=_describe(exc))
            upcoming = min((j.next_after(now) for j in self._jobs), default=None)
            wait = max_sleep
            if upcoming is not None:
                wait = min(max_sleep, max(0.0, (upcoming - clock.now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), max(wait, 0.05))
