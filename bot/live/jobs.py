"""The live systems' periodic work, as plain jobs: ``job(pool, deps, slot) -> processed count``.

Each takes its slot time and never reads the clock; running one twice for a slot does nothing
the second time (conditional updates, once-only outbox keys). Until the scheduler
(``bot.scheduler``) lands they are driven by :class:`LiveTicker` (``kingpin run``) and by the
console after every line; the scheduler will declare them as jobs:

* ``heist_job`` — every few seconds: expire a timed-out heist, fire a due one.
* ``standings_job`` — every 30 min (slots on :meth:`standings_slot`): top 3 + session total.
* ``grace_job`` — hourly: end a session whose stream has been offline 6 h (warn at 2 h).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
import structlog

from bot.clock import Clock
from bot.context import Game
from bot.fairness import FairnessSource
from bot.live.announce import announce
from bot.live.context import LiveCtx
from bot.live.heists import heist_tick
from bot.live.sessions import end_active_session
from bot.live.watch import HeistWatch
from bot.repository import live

__all__ = ["LiveDeps", "LiveTicker", "grace_job", "heist_job", "run_live_jobs", "standings_job", "standings_slot"]

log = structlog.get_logger("kingpin.live")


@dataclass(frozen=True, slots=True)
class LiveDeps:
    game: Game
    fairness: FairnessSource
    watch: HeistWatch | None = None
    prefix: str = "!"


def _ctx(deps: LiveDeps, slot: datetime) -> LiveCtx:
    return LiveCtx(deps.game, slot, "system", None, deps.prefix)


async def heist_job(pool: asyncpg.Pool, deps: LiveDeps, slot: datetime) -> int:
    async with pool.acquire() as conn, conn.transaction():
        expired, fired = await heist_tick(conn, _ctx(deps, slot), deps.fairness)
    if deps.watch is not None and (expired or fired):
        deps.watch.invalidate()
    if fired is not None:
        log.info("heist.fired", heist_id=fired.heist_id, kind=fired.kind, slot=slot.isoformat())
    return expired + (1 if fired else 0)


def standings_slot(now: datetime, minutes: int) -> datetime:
    """The latest ``minutes``-aligned slot at or before ``now`` (UTC)."""
    step = minutes * 60
    return datetime.fromtimestamp(int(now.timestamp()) // step * step, UTC)


async def standings_job(pool: asyncpg.Pool, deps: LiveDeps, slot: datetime) -> int:
    rules = deps.game.rules.live
    async with pool.acquire() as conn, conn.transaction():
        session = await live.active_session(conn)
        if session is None or session.offline_since is not None or session.started_at > slot:
            return 0
        top = await live.standings(conn, session.session_id, rules.standings_post_top)
        if not top:
            return 0
        board = " | ".join(f"{i}. {s.name} ${s.total_cents / 100:,.2f}" for i, s in enumerate(top, 1))
        await announce(
            conn, f"👑 Juicernaut standings: {board}. Session total ${session.total_cents / 100:,.2f} ({deps.prefix}juice)",
            kind="standings", key=f"standings:{session.session_id}:{slot.isoformat()}",
        )
    return 1


async def grace_job(pool: asyncpg.Pool, deps: LiveDeps, slot: datetime) -> int:
    """End the session after ``grace_end_hours`` offline; one warning after ``grace_warning_hours``."""
    rules = deps.game.rules.live
    async with pool.acquire() as conn, conn.transaction():
        found = await live.offline_since(conn)
        if found is None or found[1] is None:
            return 0
        session_id, since = found
        if slot - since >= timedelta(hours=rules.grace_end_hours):
            ended = await end_active_session(conn, _ctx(deps, slot))
            if ended is not None:
                log.warning("session.auto_ended", session_id=ended.session_id, offline_since=since.isoformat())
            return 1 if ended else 0
        if slot - since >= timedelta(hours=rules.grace_warning_hours):
            left = rules.grace_end_hours - rules.grace_warning_hours
            await announce(
                conn, f"🎬 The stream has been offline {rules.grace_warning_hours} h: the session ends in {left} h "
                f"unless it comes back.", kind="session_warning", feed_title=None, key=f"grace:{session_id}:warning",
            )
    return 0


async def run_live_jobs(pool: asyncpg.Pool, deps: LiveDeps, now: datetime) -> None:
    """One pass of every live job at ``now`` (its own slot for each)."""
    rules = deps.game.rules.live
    await heist_job(pool, deps, now)
    await standings_job(pool, deps, standings_slot(now, rules.standings_post_minutes))
    await grace_job(pool, deps, standings_slot(now, 60))


class LiveTicker:
    """Runs :func:`run_live_jobs` every ``interval`` seconds (until the scheduler takes over)."""

    def __init__(self, pool: asyncpg.Pool, deps: LiveDeps, clock: Clock, *, interval: float = 2.0) -> None:
        self._pool, self._deps, self._clock, self._interval = pool, deps, clock, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="live-ticker")

    async def stop(self) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while True:
            try:
                await run_live_jobs(self._pool, self._deps, self._clock.now())
            except (asyncpg.PostgresError, OSError) as exc:
                log.error("live.jobs_failed", error=repr(exc))
            await asyncio.sleep(self._interval)
