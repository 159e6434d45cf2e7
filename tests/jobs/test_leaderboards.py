"""Leaderboard announcements (daily, weekly, monthly) and the snapshot archive."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.harness import Harness
from tests.jobs.helpers import announcements, run_at, runs


async def _board(h: Harness, period: str, start: date, end: date, scores: dict[str, tuple[int, int]]) -> None:
    for name, (wealth, xp) in scores.items():
        await h.say(f"{name}: hi")
        await h.pool.execute(
            "INSERT INTO leaderboard_snapshots (period_type, period_start, period_end, user_id, wealth_earned, xp_earned)"
            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (period_type, period_start, user_id)"
            " DO UPDATE SET wealth_earned = EXCLUDED.wealth_earned, xp_earned = EXCLUDED.xp_earned",
            period, start, end, await h.user_id(name), wealth, xp,
        )


async def test_daily_top_three_once_to_chat_and_feed(h: Harness) -> None:
    day = date(2026, 1, 5)
    await _board(h, "daily", day, day, {"ann": (500, 1), "bo": (9_000, 1), "cy": (1_200, 1), "dee": (10, 1)})
    slot = datetime(2026, 1, 6, 0, 1, tzinfo=UTC)
    outcome = await run_at(h.app, "leaderboard_daily", slot)
    assert outcome is not None and outcome.ok and outcome.processed == 3
    assert await announcements(h.pool) == ["🏆 Yesterday's top earners: 🥇 bo $9,000 · 🥈 cy $1,200 · 🥉 ann $500"]
    assert await h.pool.fetchval("SELECT count(*) FROM outbox WHERE kind = 'feed'") == 1
    assert await run_at(h.app, "leaderboard_daily", slot) is None
    quiet = await run_at(h.app, "leaderboard_daily", datetime(2026, 1, 7, 0, 1, tzinfo=UTC))
    assert quiet is not None and quiet.processed == 0  # nobody earned on the 6th: nothing said
    assert len(await announcements(h.pool)) == 1


async def test_weekly_mvps_and_monthly_top(h: Harness) -> None:
    await _board(h, "weekly", date(2026, 1, 5), date(2026, 1, 11), {"ann": (700, 9_000), "bo": (800, 5)})
    await _board(h, "monthly", date(2026, 1, 1), date(2026, 1, 31), {"cy": (50_000, 1)})
    weekly = await run_at(h.app, "leaderboard_weekly", datetime(2026, 1, 12, 0, 30, tzinfo=UTC))
    monthly = await run_at(h.app, "leaderboard_monthly", datetime(2026, 2, 1, 0, 2, tzinfo=UTC))
    assert weekly is not None and weekly.processed == 2 and monthly is not None and monthly.processed == 1
    assert await announcements(h.pool) == [
        "🏆 This week's MVPs: 🥇 bo $800 · 🥈 ann $700 | Most XP: ann (9,000 XP)",
        "🏆 January's top earners: 🥇 cy $50,000",
    ]


async def test_announce_failure_is_recorded(h: Harness) -> None:
    day = date(2026, 1, 5)
    await _board(h, "daily", day, day, {"ann": (500, 1)})
    await h.pool.execute("ALTER TABLE outbox ADD CONSTRAINT t_no_feed CHECK (kind <> 'feed')")
    failed = await run_at(h.app, "leaderboard_daily", datetime(2026, 1, 6, 0, 1, tzinfo=UTC))
    assert failed is not None and not failed.ok
    assert await announcements(h.pool) == []  # the chat line rolled back with the feed row
    await h.pool.execute("ALTER TABLE outbox DROP CONSTRAINT t_no_feed")
    assert [r[1] for r in await runs(h.pool, "leaderboard_daily")] == ["failed"]


async def test_archive_moves_year_old_snapshots_once(h: Harness) -> None:
    await _board(h, "daily", date(2024, 6, 1), date(2024, 6, 1), {"ann": (5, 1)})
    await _board(h, "daily", date(2026, 1, 5), date(2026, 1, 5), {"ann": (7, 1)})
    slot = datetime(2026, 1, 6, 3, 0, tzinfo=UTC)
    moved = await run_at(h.app, "leaderboard_archive", slot)
    assert moved is not None and moved.processed == 1
    live = await h.pool.fetch("SELECT period_start FROM leaderboard_snapshots WHERE period_type = 'daily'")
    assert [r["period_start"] for r in live] == [date(2026, 1, 5)]
    archived = await h.pool.fetch("SELECT period_start, wealth_earned, archived_at FROM leaderboard_snapshots_archive")
    assert [(r["period_start"], r["wealth_earned"], r["archived_at"]) for r in archived] == [(date(2024, 6, 1), 5, slot)]
    again = await run_at(h.app, "leaderboard_archive", slot.replace(day=7))
    assert again is not None and again.processed == 0
