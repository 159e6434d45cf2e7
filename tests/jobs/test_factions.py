"""Faction jobs: daily evaluation and the weekly payout, on the real scheduler (once per slot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.harness import Harness
from tests.jobs.helpers import announcements, run_at, runs


async def _join(h: Harness, name: str, faction: str) -> None:
    await h.say(f"{name}: !checkin", f"streamer [broadcaster]: !givexp {name} 20000")
    h.advance(seconds=5)
    assert "joined" in (await h.say(f"{name}: !faction join {faction}"))[-1]


def _midnight(h: Harness, days: int = 1) -> datetime:
    now = h.clock.now()
    return datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=days)


async def test_evaluation_job_announces_captures_once(h: Harness) -> None:
    await _join(h, "ann", "circuit")
    await h.say("ann: !play", "ann: gg", "ann: nice")
    slot = _midnight(h)
    first = await run_at(h.app, "territory_evaluation", slot)
    assert first is not None and first.processed == 1
    assert await run_at(h.app, "territory_evaluation", slot) is None  # same slot: claimed
    texts = await announcements(h.pool)
    assert len(texts) == 1 and "Dead Circuit took" in texts[0]
    feed = await h.pool.fetch("SELECT payload FROM outbox WHERE kind = 'feed' ORDER BY outbox_id")
    assert [r["payload"]["title"] for r in feed].count("🗺️ Territories changed hands") == 1
    # the next night nobody plays: the owner keeps it, nothing to announce
    quiet = await run_at(h.app, "territory_evaluation", slot + timedelta(days=1))
    assert quiet is not None and quiet.processed == 0
    assert [r[1] for r in await runs(h.pool, "territory_evaluation")] == ["ok", "ok"]


async def test_weekly_job_pays_each_member_once(h: Harness) -> None:
    await _join(h, "bea", "volkov")
    for _ in range(11):  # 11 plays = 110 points: active this week
        replies = await h.say("bea: !play")
        if "busted" in replies[-1]:
            await h.say("streamer [broadcaster]: !release bea")
        h.advance(minutes=6)
    points = await h.pool.fetchval("SELECT faction_points FROM leaderboard_snapshots WHERE period_type = 'weekly'")
    assert points >= 100, points
    monday = _midnight(h, days=7 - h.clock.now().weekday())
    assert monday.weekday() == 0
    slot = monday + timedelta(minutes=5)
    before = await h.wealth("bea")
    paid = await run_at(h.app, "faction_weekly_rewards", slot)
    assert paid is not None and paid.processed == 1
    assert await h.wealth("bea") - before == 2500  # The Ports, winner bonus ×1.25
    again = await run_at(h.app, "faction_weekly_rewards", slot)
    assert again is None
    texts = await announcements(h.pool)
    assert any("The Volkov Bratva wins the week" in t for t in texts)
    ledger = await h.pool.fetchval("SELECT count(*) FROM wealth_ledger WHERE reason = 'faction_reward'")
    assert ledger == 1
