"""Missions through the console: every template completed at Punk and at Kingpin by real actions,
lazy assignment, the set paid once (also under concurrency), the reset jobs."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.jobs.progression import (
    achievement_rarity,
    mission_cleanup,
    mission_reset,
    notification_trim,
)
from bot.repository.missions import period_of
from bot.sql import QUERIES
from game import Tier, tier_multiplier, xp_to_reach
from game.counters import Counter
from game.effects import GoalProgress
from game.missions import CALENDAR_BOUND, calendar_objective, scaled_objective, scaled_reward
from tests.e2e.goals_driver import complete_mission, mission, template_by_key
from tests.harness import Harness

TEMPLATES = json.loads((Path(__file__).resolve().parents[2] / "game/content/mission_templates.json").read_text())["rows"]


async def make_tier(h: Harness, name: str, tier: Tier) -> None:
    await h.say(f"{name}: hi")
    if tier is Tier.KINGPIN:
        rules = h.app.pipeline.game.rules.progression
        await h.pool.execute(
            "UPDATE users SET level = 100, xp = $2, status_tier = 'Kingpin' WHERE user_id = $1",
            await h.user_id(name), xp_to_reach(100, rules),
        )


async def give_mission(h: Harness, name: str, key: str, tier: Tier) -> int:
    """Assign one mission from template ``key`` as the assignment would (scaled, calendar-capped)."""
    rules = h.app.pipeline.game.rules
    t = template_by_key(key)
    mult = tier_multiplier(tier, rules.progression)
    day = h.clock.now().date()
    start, expires, days_left = period_of(t.mission_type, day, rules)
    objective = scaled_objective(t, mult)
    if t.objective_type in CALENDAR_BOUND:
        objective = calendar_objective(objective, done=0, days_left=days_left, checked_in_today=False)
    await h.pool.fetch(
        QUERIES["missions/insert"], await h.user_id(name), t.mission_type.value, start, tier.value.capitalize(),
        mult, expires, h.clock.now(), [t.key], [t.objective_type], [objective],
        [scaled_reward(t.reward_wealth, mult)], [scaled_reward(t.reward_xp, mult)], [0],
    )
    return objective


@pytest.mark.parametrize("tier", [Tier.PUNK, Tier.KINGPIN], ids=["punk", "kingpin"])
@pytest.mark.parametrize("key", [t["key"] for t in TEMPLATES])
async def test_template_is_completed_by_real_actions(h: Harness, key: str, tier: Tier) -> None:
    t = template_by_key(key)
    await make_tier(h, "alice", tier)
    objective = await give_mission(h, "alice", key, tier)
    if tier is Tier.KINGPIN and t.objective_type not in CALENDAR_BOUND:
        assert objective == -(-t.base_value * 3 // 2)  # ceil(base × 1.5)
    else:
        assert objective == t.base_value
    await complete_mission(h, "alice", key, t.objective_type)
    progress, goal, done = await mission(h, "alice", key)
    assert done and progress == goal == objective


async def _daily_set(h: Harness, name: str) -> list[tuple[str, str]]:
    rows = await h.pool.fetch(
        "SELECT template_id, objective_type FROM user_missions WHERE user_id = $1 AND mission_type = 'daily'"
        " AND status <> 'expired' ORDER BY user_mission_id",
        await h.user_id(name),
    )
    return [(r["template_id"], r["objective_type"]) for r in rows]


async def test_lazy_assignment_and_the_set_pays_once(h: Harness) -> None:
    first = await h.say1("alice: !missions")
    assert "Daily (" in first and "Weekly (" in first and "left)" in first
    daily = await _daily_set(h, "alice")
    assert len(daily) == 3
    weekly = await h.pool.fetchval(
        "SELECT count(*) FROM user_missions WHERE user_id = $1 AND mission_type = 'weekly'", await h.user_id("alice")
    )
    assert weekly == 2
    event = await h.pool.fetchrow("SELECT rng_seed_id, details FROM game_events WHERE event_type = 'missions_assigned'")
    assert event["rng_seed_id"] is not None  # the draw is a fair, recorded roll
    h.advance(seconds=4)
    assert await h.say1("alice: !missions") == first.replace("11h 59m", "11h 59m")  # no second assignment
    for key, objective_type in daily:
        await complete_mission(h, "alice", key, objective_type)
    uid = await h.user_id("alice")
    paid = await h.pool.fetch("SELECT amount FROM wealth_ledger WHERE user_id = $1 AND reason = 'mission'", uid)
    completion = await h.pool.fetchrow(
        "SELECT total_wealth, bonus_wealth, total_xp, bonus_xp, crate_awarded FROM mission_completions WHERE user_id = $1",
        uid,
    )
    rewards = await h.pool.fetchval(
        "SELECT sum(reward_wealth) FROM user_missions WHERE user_id = $1 AND mission_type = 'daily' AND status = 'claimed'",
        uid,
    )
    assert [r["amount"] for r in paid] == [rewards + 500]
    assert (completion["total_wealth"], completion["bonus_wealth"], completion["bonus_xp"]) == (rewards, 500, 50)
    assert completion["crate_awarded"] is None
    # more of the same actions pay nothing more
    h.advance(seconds=4)
    await h.say("alice: !lb", "alice: more chat", "alice: !profile")
    assert await h.pool.fetchval(
        "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = 'mission'", uid
    ) == 1
    h.advance(seconds=4)
    shown = await h.say1("alice: !missions daily")
    assert "✅ paid" in shown and "Weekly" not in shown
    inbox = await h.say1("alice: !inbox")
    assert "Missions complete!" in inbox


async def test_weekly_set_adds_a_common_crate(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    await give_mission(h, "alice", "W-CHAT-01", Tier.PUNK)
    await give_mission(h, "alice", "W-COMB-01", Tier.PUNK)
    await complete_mission(h, "alice", "W-CHAT-01", "messages_sent")
    await complete_mission(h, "alice", "W-COMB-01", "rob_attempts")
    assert await h.pool.fetchval("SELECT amount FROM wealth_ledger WHERE user_id = $1 AND reason = 'mission'", uid) \
        == 3_000 + 3_000 + 2_000
    assert await h.pool.fetchval(
        "SELECT count(*) FROM user_crates WHERE user_id = $1 AND source = 'mission' AND crate_tier = 'common'", uid
    ) == 1


async def test_completion_under_concurrency_pays_once(h: Harness) -> None:
    """Eight transactions push the same achievement and the same last mission over the line at
    once: the conditional updates let exactly one of them pay each."""
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    await give_mission(h, "alice", "D-ECON-01", Tier.PUNK)  # a 1-mission daily set: 5 plays
    game = h.app.pipeline.game
    from bot.repository.effects import apply_effects

    async def push() -> None:
        async with h.pool.acquire() as conn, conn.transaction():
            await apply_effects(
                conn, [GoalProgress(uid, Counter.PLAYS, 50)], game_day=h.clock.now().date(), now=h.clock.now(),
                rules=game.rules, catalogue=game.catalogue,
            )

    await asyncio.gather(*(push() for _ in range(8)))
    assert await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND message = 'Getting Active (Bronze)'", uid
    ) == 1  # Getting Active (50 plays), once
    # Getting Active $500, Busy Bee $2,000 (400 plays in all), the set's $1,000 and First Score's
    # $500 (the $1,000 the set paid is earned wealth): one row each
    assert sorted(r["amount"] for r in await h.pool.fetch(
        "SELECT amount FROM wealth_ledger WHERE user_id = $1 AND reason IN ('achievement', 'mission')", uid
    )) == [500, 500, 1_000, 2_000]
    assert await h.pool.fetchval(
        "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = 'mission'", uid
    ) == 1
    assert await h.pool.fetchval("SELECT count(*) FROM mission_completions WHERE user_id = $1", uid) == 1
    wealth, ledger = await h.pool.fetchrow(
        "SELECT wealth, (SELECT sum(amount) FROM wealth_ledger WHERE user_id = $1) FROM users WHERE user_id = $1", uid
    )
    assert wealth == ledger


async def test_reset_jobs_assign_once_per_slot_and_expire_the_old_sets(h: Harness) -> None:
    await h.say("alice: hi", "bob: hi")
    await h.say("alice: !missions")
    game, fairness = h.app.pipeline.game, h.app.fairness
    midnight = (h.clock.now() + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    async with h.pool.acquire() as conn, conn.transaction():
        given = await mission_reset(conn, game, fairness, midnight)
    assert given == 2  # alice's new daily set, bob's first sets
    async with h.pool.acquire() as conn, conn.transaction():
        assert await mission_reset(conn, game, fairness, midnight) == 0  # the same slot again
    alice = await h.user_id("alice")
    statuses = dict(await h.pool.fetch(
        "SELECT status, count(*) FROM user_missions WHERE user_id = $1 AND mission_type = 'daily' GROUP BY status",
        alice,
    ))
    assert statuses == {"expired": 3, "active": 3}
    async with h.pool.acquire() as conn, conn.transaction():
        assert await achievement_rarity(conn, game, midnight) == 62
        assert await notification_trim(conn, game, midnight) >= 0
        assert await mission_cleanup(conn, game, midnight + timedelta(days=40)) == 3


async def test_rarity_is_shown_from_the_job(h: Harness) -> None:
    await h.say("alice: hi", "bob: hi")
    await h.say("carol [broadcaster]: !givexp alice 1200")  # alice: Rookie and Rising Star
    game = h.app.pipeline.game
    async with h.pool.acquire() as conn, conn.transaction():
        await achievement_rarity(conn, game, h.clock.now())
    holders, players = await h.pool.fetchrow(
        "SELECT holders, active_players FROM achievement_rarity JOIN achievements USING (achievement_id)"
        " WHERE achievement_key = 'experience_rookie'"
    )
    assert (holders, players) == (1, 3)  # alice of alice, bob, carol
    reply = " ".join(await h.say("bob: !achievements"))
    assert "(held by 0.0 %)" in reply
