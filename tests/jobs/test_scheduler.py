"""The scheduler core: slots, catch-up, exactly-once claims, failures, announcements."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.announce import ANNOUNCE_KIND, BroadcastPublisher, announce
from bot.outbox import OutboxDrain
from bot.scheduler import CatchUp, JobCtx, JobRegistry
from tests.harness import Harness
from tests.jobs.helpers import announcements, runs, scheduler

T0 = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)


def _registry() -> JobRegistry:
    reg = JobRegistry()

    @reg.job("tally", cron="*/15 * * * *", catch_up=CatchUp.EACH)
    async def tally(ctx: JobCtx, slot: datetime) -> int:
        """Announce the slot."""
        await ctx.announce(f"tally {slot:%H:%M}")
        return 1

    @reg.job("latest", cron="0 * * * *", catch_up=CatchUp.LATEST)
    async def latest(ctx: JobCtx, slot: datetime) -> int:
        await ctx.announce(f"latest {slot:%H:%M}", feed=True)
        return 2

    @reg.job("boom", every=timedelta(minutes=30))
    async def boom(ctx: JobCtx, slot: datetime) -> int:
        await ctx.announce("never seen")
        if slot.minute == 0:
            raise RuntimeError("boom at the hour")
        return 3

    return reg


def test_cron_and_interval_slots() -> None:
    reg = _registry()
    tally, latest, boom = (reg.get(n) for n in ("tally", "latest", "boom"))
    assert tally is not None and latest is not None and boom is not None
    assert tally.latest_at(T0) == T0
    assert tally.latest_at(T0 + timedelta(minutes=14, seconds=59)) == T0
    assert tally.next_after(T0) == T0 + timedelta(minutes=15)
    assert boom.latest_at(T0 + timedelta(minutes=31)) == T0 + timedelta(minutes=30)
    assert boom.schedule == "every 30m"
    # Never ran: the latest slot only. Then EACH runs every missed slot, LATEST the newest.
    assert tally.due(None, T0 + timedelta(minutes=50)) == [T0 + timedelta(minutes=45)]
    assert tally.due(T0, T0 + timedelta(minutes=50)) == [T0 + timedelta(minutes=m) for m in (15, 30, 45)]
    assert latest.due(T0, T0 + timedelta(hours=5, minutes=1)) == [T0 + timedelta(hours=5)]
    assert latest.due(T0 + timedelta(hours=5), T0 + timedelta(hours=5, minutes=59)) == []


def test_bad_declarations_are_refused() -> None:
    reg = JobRegistry()

    async def fn(ctx: JobCtx, slot: datetime) -> int:
        return 0

    with pytest.raises(ValueError):
        reg.job("x")(fn)
    with pytest.raises(ValueError):
        reg.job("x", cron="* * * * *", every=timedelta(seconds=5))(fn)
    with pytest.raises(ValueError):
        reg.job("x", every=timedelta(milliseconds=500))(fn)
    with pytest.raises(Exception):  # noqa: B017 - cronsim's own error type
        reg.job("x", cron="every day")(fn)
    reg.job("x", cron="0 0 * * *")(fn)
    with pytest.raises(ValueError):
        reg.job("x", cron="0 0 * * *")(fn)
    with pytest.raises(KeyError):
        reg.select(["nope"])


async def test_a_slot_runs_once_and_commits_with_its_announcements(h: Harness) -> None:
    reg = _registry()
    s = scheduler(h.app, jobs=reg.select(["tally", "latest"]))
    first = await s.tick(T0)
    assert [(o.job, o.slot, o.ok, o.processed) for o in first] == [
        ("tally", T0, True, 1),
        ("latest", T0, True, 2),
    ]
    assert await s.tick(T0) == []  # same time again: nothing
    tally = reg.get("tally")
    assert tally is not None
    assert await s.run_slot(tally, T0) is None  # a slot that ran is never run again
    assert await announcements(h.pool) == ["tally 00:00", "latest 00:00"]
    feed = await h.pool.fetchval("SELECT count(*) FROM outbox WHERE kind = 'feed'")
    assert feed == 1  # feed=True also queues the Discord feed
    assert [r[1:] for r in await runs(h.pool, "tally")] == [("ok", 1)]


async def test_catch_up_rules_after_downtime(h: Harness) -> None:
    s = scheduler(h.app, jobs=_registry().select(["tally", "latest"]))
    await s.tick(T0)
    await s.tick(T0 + timedelta(hours=3, minutes=20))
    assert len(await runs(h.pool, "tally")) == 1 + 13  # every quarter hour missed
    assert [r[0] for r in await runs(h.pool, "latest")] == [T0, T0 + timedelta(hours=3)]


async def test_a_failing_job_is_recorded_rolled_back_and_retried_next_slot(h: Harness) -> None:
    reg = _registry()
    s = scheduler(h.app, jobs=reg.select(["boom", "tally"]))
    outcomes = await s.tick(T0)
    by_job = {o.job: o for o in outcomes}
    assert not by_job["boom"].ok and "RuntimeError: boom at the hour" in (by_job["boom"].error or "")
    assert by_job["tally"].ok  # the other job ran anyway
    assert await announcements(h.pool) == ["tally 00:00"]  # boom's announcement rolled back
    row = await h.pool.fetchrow("SELECT status, error, finished_at FROM job_runs WHERE job = 'boom'")
    assert row["status"] == "failed" and row["error"].startswith("RuntimeError") and row["finished_at"]
    # The failed slot is not re-run; the next slot runs normally.
    later = await s.tick(T0 + timedelta(minutes=30))
    assert [(o.job, o.ok) for o in later if o.job == "boom"] == [("boom", True)]
    assert [r[1] for r in await runs(h.pool, "boom")] == ["failed", "ok"]


async def test_concurrent_schedulers_run_each_slot_once(h: Harness, db_url: str) -> None:
    from bot.app import open_app
    from bot.clock import SimulatedClock
    from bot.config import Settings

    reg = _registry()
    jobs = reg.select(["tally", "latest"])
    settings = Settings(_env_file=None)
    async with (
        open_app(db_url, settings, SimulatedClock(T0), pool_size=3) as a,
        open_app(db_url, settings, SimulatedClock(T0), pool_size=3) as b,
        open_app(db_url, settings, SimulatedClock(T0), pool_size=3) as c,
    ):
        schedulers = [scheduler(app, jobs=jobs) for app in (h.app, a, b, c)]
        for step in range(12):
            now = T0 + timedelta(minutes=15 * step)
            results = await asyncio.gather(*(s.tick(now) for s in schedulers))
            assert sum(len(r) for r in results) == (2 if step % 4 == 0 else 1)
    counts = await h.pool.fetch("SELECT job, slot, count(*) AS n FROM job_runs GROUP BY job, slot")
    assert len(counts) == 12 + 3 and all(r["n"] == 1 for r in counts)
    texts = await announcements(h.pool)
    assert len(texts) == len(set(texts)) == 15


async def test_announce_reaches_every_chat_once_even_when_one_fails(h: Harness) -> None:
    class Chat:
        def __init__(self, fail: int = 0) -> None:
            self.lines: list[str] = []
            self.fail = fail

        async def broadcast(self, text: str, /) -> None:
            if self.fail:
                self.fail -= 1
                raise ConnectionError("chat down")
            self.lines.append(text)

    async with h.pool.acquire() as conn, conn.transaction():
        assert await announce(conn, "the crown moves", key="crown:1")
        assert not await announce(conn, "the crown moves", key="crown:1")  # once per key
    twitch, kick = Chat(), Chat(fail=1)
    drain = OutboxDrain(
        h.pool, BroadcastPublisher([twitch, kick]), kinds=(ANNOUNCE_KIND,), backoff=0.0
    )
    assert await drain.run_once() == 0  # kick failed: retried later
    assert await drain.run_once() == 1
    assert twitch.lines == ["the crown moves"] and kick.lines == ["the crown moves"]
