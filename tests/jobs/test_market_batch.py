"""Black-market rotation (one flow with !rotatemarket) and the batch-queue flush."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.batching import batch_lines, queue_batched
from tests.harness import Harness
from tests.jobs.helpers import announcements, run_at, runs

SLOT = datetime(2026, 1, 6, 6, 0, tzinfo=UTC)


async def _rotations(h: Harness, at: datetime) -> list[int]:
    rows = await h.pool.fetch(
        "SELECT DISTINCT rotation_id FROM black_market_inventory WHERE available_from <= $1 AND available_until > $1",
        at,
    )
    return [r["rotation_id"] for r in rows]


async def test_rotation_rolls_once_per_slot_and_is_verifiable(h: Harness) -> None:
    first = await run_at(h.app, "market_rotation", SLOT)
    assert first is not None and first.ok and first.processed > 0
    current = await _rotations(h, SLOT + timedelta(minutes=1))
    assert len(current) == 1
    assert await run_at(h.app, "market_rotation", SLOT) is None
    audit = await h.pool.fetchrow("SELECT actor_platform, after FROM audit_log WHERE action = 'rotatemarket'")
    assert audit["actor_platform"] == "system" and audit["after"]["rng_seed_id"] is not None
    await run_at(h.app, "market_rotation", SLOT + timedelta(hours=6))
    later = await _rotations(h, SLOT + timedelta(hours=6, minutes=1))
    assert len(later) == 1 and later != current  # the old one closed, a new one is in force
    assert await _rotations(h, SLOT + timedelta(hours=5)) == current


async def test_rotation_failure_stores_nothing(h: Harness) -> None:
    await h.pool.execute("ALTER TABLE audit_log ADD CONSTRAINT t_no_rot CHECK (action <> 'rotatemarket')")
    failed = await run_at(h.app, "market_rotation", SLOT)
    assert failed is not None and not failed.ok
    assert await h.pool.fetchval("SELECT count(*) FROM black_market_inventory") == 0
    await h.pool.execute("ALTER TABLE audit_log DROP CONSTRAINT t_no_rot")
    assert [r[1] for r in await runs(h.pool, "market_rotation")] == ["failed"]


def test_batch_lines_combine_same_key() -> None:
    rows = [
        ("level_up:1", {"single": "🎉 ann hit 25", "item": "@ann (25)", "many": "players leveled up"}),
        ("level_up:1", {"single": "🎉 bo hit 18", "item": "@bo (18)", "many": "players leveled up"}),
        ("tier:1", {"single": "👑 cy is a Captain", "item": "@cy", "many": "promotions"}),
    ]
    assert batch_lines(rows) == ["2 players leveled up: @ann (25), @bo (18)", "👑 cy is a Captain"]


async def test_batch_queue_flushes_each_minute_once(h: Harness) -> None:
    t = SLOT + timedelta(seconds=5)
    async with h.pool.acquire() as conn:
        for name, level in (("ann", 25), ("bo", 18), ("cy", 42)):
            await queue_batched(
                conn, "level_up", single=f"🎉 {name} reached level {level}!", item=f"@{name} ({level})",
                many="players leveled up", now=t,
            )
        await queue_batched(conn, "tier_up", single="👑 dee is now a Captain!", item="@dee", many="promotions", now=t)
    early = await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=45))
    assert early is not None and early.processed == 0  # the minute is not over
    flush = await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=60))
    assert flush is not None and flush.processed == 4
    assert await announcements(h.pool) == [
        "3 players leveled up: @ann (25), @bo (18), @cy (42)",
        "👑 dee is now a Captain!",
    ]
    assert await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=60)) is None
    after = await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=75))
    assert after is not None and after.processed == 0
    assert len(await announcements(h.pool)) == 2


async def test_batch_queue_failure_keeps_rows_for_the_next_slot(h: Harness) -> None:
    async with h.pool.acquire() as conn:
        await queue_batched(conn, "level_up", single="🎉 ann!", item="@ann", many="players", now=SLOT)
    await h.pool.execute("ALTER TABLE outbox ADD CONSTRAINT t_no_announce CHECK (kind <> 'announce')")
    failed = await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=60))
    assert failed is not None and not failed.ok
    await h.pool.execute("ALTER TABLE outbox DROP CONSTRAINT t_no_announce")
    ok = await run_at(h.app, "batch_queue", SLOT + timedelta(seconds=75))
    assert ok is not None and ok.processed == 1
    assert await announcements(h.pool) == ["🎉 ann!"]
