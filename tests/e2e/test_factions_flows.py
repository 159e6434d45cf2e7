"""Faction flows on a real database: join/leave/move, scoring, daily control, weekly payout once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import factions as flows
from bot.repository import factions as repo
from game.factions import Activity, JoinCheck
from tests.harness import START, Harness

DAY = START.date()  # Monday 2026-01-05


async def _member(h: Harness, name: str, faction_key: str) -> int:
    await h.say(f"{name}: !checkin", f"streamer [broadcaster]: !givexp {name} 20000")
    uid = await h.user_id(name)
    async with h.pool.acquire() as conn, conn.transaction():
        faction = next(f for f in await repo.factions(conn) if f.key == faction_key)
        joined = await flows.join_faction(conn, uid, faction, now=h.clock.now(), rules=h.app.game.rules)
    assert joined.check is JoinCheck.OK, joined
    return uid


async def _owner(h: Harness, territory_key: str) -> str | None:
    rows = await repo.territories(h.pool)
    return next(t.owner_name for t in rows if t.key == territory_key)


async def test_join_needs_level_20_and_picks_the_thinnest_territory(h: Harness) -> None:
    await h.say("low: !checkin")
    uid = await h.user_id("low")
    async with h.pool.acquire() as conn, conn.transaction():
        faction = (await repo.factions(conn))[0]
        refused = await flows.join_faction(conn, uid, faction, now=h.clock.now(), rules=h.app.game.rules)
    assert refused.check is JoinCheck.LEVEL
    first = await _member(h, "ann", "volkov_bratva")
    second = await _member(h, "bea", "volkov_bratva")
    standing_a = await repo.member(h.pool, first, DAY)
    standing_b = await repo.member(h.pool, second, DAY)
    assert standing_a and standing_b and standing_a.territory_id != standing_b.territory_id


async def test_leave_then_cooldown_then_lockout(h: Harness) -> None:
    uid = await _member(h, "cal", "dead_circuit")
    rules = h.app.game.rules
    async with h.pool.acquire() as conn, conn.transaction():
        assert await repo.leave(conn, uid, h.clock.now()) is not None
        assert await repo.leave(conn, uid, h.clock.now()) is None  # nothing to leave twice
        faction = next(f for f in await repo.factions(conn) if f.key == "kessler_group")
        early = await flows.join_faction(conn, uid, faction, now=h.clock.now() + timedelta(days=6), rules=rules)
        assert early.check is JoinCheck.COOLDOWN
        later = h.clock.now() + timedelta(days=7)
        ok = await flows.join_faction(conn, uid, faction, now=later, rules=rules)
        assert ok.check is JoinCheck.OK and ok.until == later + timedelta(days=7)


async def test_scoring_counts_members_only_with_spec_points(h: Harness) -> None:
    uid = await _member(h, "dan", "kessler_group")
    await h.say("nobody: !checkin")
    outsider = await h.user_id("nobody")
    counts = {uid: {Activity.MESSAGE: 3, Activity.PLAY: 2, Activity.ROB: 1, Activity.CHECKIN: 1,
                    Activity.MISSION: 1},
              outsider: {Activity.PLAY: 5}}
    scored = await flows.score_activity(h.pool, counts, day=DAY, rules=h.app.game.rules)
    assert scored == {uid: 3 * 1 + 2 * 10 + 20 + 15 + 25}
    standing = await repo.member(h.pool, uid, DAY)
    assert standing is not None and standing.week_points == 83
    scores = await repo.day_scores(h.pool, DAY)
    assert sum(sum(by_faction.values()) for by_faction in scores.values()) == 83


async def test_daily_evaluation_captures_and_is_idempotent(h: Harness) -> None:
    ann = await _member(h, "ann", "volkov_bratva")
    standing = await repo.member(h.pool, ann, DAY)
    assert standing is not None and standing.territory_id is not None
    territory = next(t for t in await repo.territories(h.pool) if t.territory_id == standing.territory_id)
    await flows.score_activity(h.pool, {ann: {Activity.PLAY: 3}}, day=DAY, rules=h.app.game.rules)
    at = datetime.combine(DAY + timedelta(days=1), datetime.min.time(), START.tzinfo)
    async with h.pool.acquire() as conn, conn.transaction():
        result = await flows.evaluate_day(conn, DAY, at=at, rules=h.app.game.rules)
    assert (territory.name, "The Volkov Bratva") in [(c[0], c[1]) for c in result.captured]
    async with h.pool.acquire() as conn, conn.transaction():
        again = await flows.evaluate_day(conn, DAY, at=at, rules=h.app.game.rules)
    assert again.captured == [] and again.lost == []
    notes = await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'territory_captured'",
        ann,
    )
    assert notes == 1


async def test_weekly_payout_pays_once(h: Harness) -> None:
    ann = await _member(h, "ann", "volkov_bratva")
    bob = await _member(h, "bob", "volkov_bratva")
    await flows.score_activity(h.pool, {ann: {Activity.PLAY: 20}, bob: {Activity.MESSAGE: 50}},
                               day=DAY, rules=h.app.game.rules)
    week = date(2026, 1, 5)
    at = datetime.combine(week + timedelta(days=7), datetime.min.time(), START.tzinfo)
    before = {uid: await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", uid) for uid in (ann, bob)}
    async with h.pool.acquire() as conn, conn.transaction():
        paid = await flows.pay_week(conn, week, at=at, rules=h.app.game.rules)
    # Volkov holds The Ports from the start: one territory, winner bonus, ann alone is active
    assert paid.paid and paid.winner == "The Volkov Bratva" and paid.members_paid == 1
    after = await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", ann)
    assert after - before[ann] == 2500
    assert await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", bob) == before[bob]
    crates = await h.pool.fetch("SELECT user_id, crate_tier AS tier FROM user_crates WHERE source = 'faction'")
    assert {(r["user_id"], r["tier"]) for r in crates} == {(ann, "rare"), (bob, "rare")}
    async with h.pool.acquire() as conn, conn.transaction():
        twice = await flows.pay_week(conn, week, at=at, rules=h.app.game.rules)
    assert not twice.paid
    assert await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", ann) == after
    ledger = await h.pool.fetchval("SELECT count(*) FROM wealth_ledger WHERE reason = 'faction_reward'")
    assert ledger == 1
