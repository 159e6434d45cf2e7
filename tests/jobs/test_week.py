"""Proof: four schedulers (separate pools) on one database over one simulated week.

Every tick, all four tick at the same moment; every (job, slot) must run exactly once, the set
of slots must be what one scheduler alone would have run, and every effect must happen once.
Also: several concurrent ``kingpin jobs run`` processes leave one row per (job, slot).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from bot.app import open_app
from bot.batching import queue_batched
from bot.clock import SimulatedClock
from bot.config import Settings
from bot.jobs import load_jobs
from tests.harness import Harness
from tests.jobs.helpers import announcements, scheduler

T0 = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)  # a Monday
STEP = timedelta(minutes=15)
TICKS = 7 * 24 * 4  # one week of quarter hours


async def _seed(h: Harness) -> dict[str, int]:
    ids: dict[str, int] = {}
    for name in ("alice", "carol", "erin", "gus"):
        await h.say(f"{name}: hi")
        ids[name] = await h.user_id(name)
    await h.fund_user(ids["alice"], 1_000_000)
    await h.fund_user(ids["carol"], 1_000_000)
    await h.pool.execute(
        "INSERT INTO insurance_policies (user_id, tier, daily_premium, started_at, last_paid_at, paid_until)"
        " VALUES ($1, 'basic', 1000, $2, $2, $3)",
        ids["alice"], T0 - timedelta(days=1), T0 + timedelta(hours=12),
    )
    for name, kind in (("carol", "housing"), ("erin", "business")):
        await h.pool.execute(
            "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, is_equipped, equipped_at)"
            " SELECT $1, item_id, $2, base_durability, base_durability, true, $3 FROM items"
            " WHERE item_type = $2 AND is_active ORDER BY purchase_price LIMIT 1",
            ids[name], kind, T0 - timedelta(days=1),
        )
    for n in range(5):  # escrowed crates expiring through the week
        await h.pool.execute(
            "INSERT INTO user_crates (user_id, crate_tier, source, is_escrowed, escrow_expires_at)"
            " VALUES ($1, 'common', 'admin', true, $2)",
            ids["gus"], T0 + timedelta(days=n, hours=7, minutes=3 * n),
        )
    for day in range(7):  # someone earned every day: one daily announcement each morning
        d = date(2026, 1, 4) + timedelta(days=day)
        await h.pool.execute(
            "INSERT INTO leaderboard_snapshots (period_type, period_start, period_end, user_id, wealth_earned)"
            " VALUES ('daily', $1, $1, $2, 100) ON CONFLICT (period_type, period_start, user_id)"
            " DO UPDATE SET wealth_earned = 100",
            d, ids["alice"],
        )
    async with h.pool.acquire() as conn:
        for n in range(3):
            await queue_batched(
                conn, "level_up", single=f"one {n}", item=f"@p{n}", many="players leveled up",
                now=T0 + timedelta(days=2, seconds=10 + n),
            )
    await h.pool.execute(
        "INSERT INTO streaming_sessions (platform, started_at, offline_since) VALUES ('console', $1, $2)",
        T0 - timedelta(hours=3), T0 + timedelta(days=3, hours=1),
    )
    return ids


def _expected() -> set[tuple[str, datetime]]:
    """What one scheduler ticking alone at the same moments runs (the pure due() rule)."""
    last: dict[str, datetime] = {}
    ran: set[tuple[str, datetime]] = set()
    for step in range(TICKS + 1):
        now = T0 + STEP * step
        for job in load_jobs():
            for slot in job.due(last.get(job.name), now):
                ran.add((job.name, slot))
                last[job.name] = slot
    return ran


async def test_four_schedulers_one_week_every_slot_once(h: Harness, db_url: str) -> None:
    ids = await _seed(h)
    settings = Settings(_env_file=None)
    clocks = [SimulatedClock(T0) for _ in range(3)]
    async with (
        open_app(db_url, settings, clocks[0], pool_size=2) as b,
        open_app(db_url, settings, clocks[1], pool_size=2) as c,
        open_app(db_url, settings, clocks[2], pool_size=2) as d,
    ):
        schedulers = [scheduler(app, *[j.name for j in load_jobs()]) for app in (h.app, b, c, d)]
        for step in range(TICKS + 1):
            now = T0 + STEP * step
            await asyncio.gather(*(s.tick(now) for s in schedulers))

    rows = await h.pool.fetch("SELECT job, slot, status FROM job_runs")
    pairs = Counter((r["job"], r["slot"]) for r in rows)
    assert all(n == 1 for n in pairs.values())
    assert {r["status"] for r in rows} == {"ok"}, [dict(r) for r in rows if r["status"] != "ok"]
    assert set(pairs) == _expected()
    per_job = Counter(job for job, _ in pairs)
    assert per_job["escrow_sweep"] == TICKS + 1 and per_job["market_rotation"] == 7 * 4 + 1

    async def ledger(uid: int, reason: str) -> int:
        return await h.pool.fetchval(
            "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = $2", uid, reason
        )

    # Daily jobs: the first tick runs the latest slot at or before T0, then one a day: 8.
    assert await ledger(ids["alice"], "insurance_premium") == per_job["insurance_premium"] == 8
    assert await ledger(ids["carol"], "housing_upkeep") == per_job["housing_upkeep"] == 8
    assert await ledger(ids["erin"], "business_revenue") == per_job["business_revenue"] == 8 * 7 + 1
    gone = await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1", ids["gus"])
    told = await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'crate_expired'",
        ids["gus"],
    )
    assert (gone, told) == (0, 5)
    rotations = await h.pool.fetchval("SELECT count(DISTINCT rotation_id) FROM black_market_inventory")
    assert rotations == per_job["market_rotation"]
    texts = await announcements(h.pool)
    assert texts.count("3 players leveled up: @p0, @p1, @p2") == 1
    assert sum(t.startswith("🏆 Yesterday's top earners") for t in texts) == 7
    assert sum("ends in 4 h" in t for t in texts) == 1 and sum("Session over" in t for t in texts) == 1
    assert len(texts) == len(set(texts)) + 6  # only the daily lines repeat, one per day
    from bot.audit import run_audit

    async with h.pool.acquire() as conn:
        assert (await run_audit(conn)).ok


async def test_concurrent_cli_runs_leave_one_row_per_slot(db_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": db_url, "LOG_LEVEL": "ERROR"}
    at = "2026-01-06T03:00:00Z"

    async def one() -> int:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "jobs", "run", "--clock", at,
            env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        return proc.returncode

    await asyncio.gather(*(one() for _ in range(3)))
    import asyncpg

    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch("SELECT job, count(*) AS n FROM job_runs GROUP BY job, slot")
    finally:
        await conn.close()
    assert len(rows) == len(load_jobs()) and all(r["n"] == 1 for r in rows)
