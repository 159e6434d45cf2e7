"""Property: random sequences of real actions through the pipeline leave every achievement's
progress equal to the recount from the ledger and the game events; and the console rehearsal of
issue 16 (a new player checks in, plays 25 times, robs and chats)."""

from __future__ import annotations

import random

import pytest

from bot.audit import run_audit
from game.goals import EARNING_REASONS
from tests.e2e.goals_driver import MOD, tokens
from tests.e2e.test_items import grant
from tests.harness import Harness, harness

PLAYERS = ("ana", "ben", "cat", "dex")

# requirement type -> SQL recounting it for user $1 from the ledger, the game events or the player row
RECOUNT = {
    "play_count": "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'play'",
    "bust_count": "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'play' AND was_busted",
    "bail_count": "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'bail'",
    "rob_wins": "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'rob' AND success",
    "rob_defenses": "SELECT count(*) FROM game_events WHERE target_user_id = $1 AND event_type = 'rob' AND NOT success",
    "business_collections": "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = 'business_revenue' AND amount > 0",
    "total_wealth_earned": "SELECT coalesce(sum(amount), 0) FROM wealth_ledger WHERE user_id = $1 AND amount > 0 AND reason = ANY($2::text[])",
    "messages_sent": "SELECT messages_sent FROM users WHERE user_id = $1",
    "checkin_streak": "SELECT checkin_streak FROM users WHERE user_id = $1",
    "level": "SELECT level FROM users WHERE user_id = $1",
    "rob_win_streak": "SELECT rob_win_streak FROM users WHERE user_id = $1",
}
UNTOUCHED = {"level": 1}  # a SET counter with no row yet sits at its starting value


async def _act(h: Harness, rng: random.Random, step: int) -> None:
    who = rng.choice(PLAYERS)
    roll = rng.random()
    h.advance(seconds=rng.randint(4, 400))
    if roll < 0.35:
        h.advance(minutes=6)
        await h.say(f"{who}: !play")
    elif roll < 0.50:
        await h.say(*(f"{who}: line {step}-{i}" for i in range(rng.randint(1, 30))))
    elif roll < 0.65:
        await tokens(h, who)
        await h.say(f"{who}: !rob {rng.choice([p for p in PLAYERS if p != who])}")
    elif roll < 0.75:
        await h.say(f"{who}: !checkin")
    elif roll < 0.82:
        await h.say(f"{who}: !collect")
    elif roll < 0.88:
        await h.say(f"{who}: !bail")
    elif roll < 0.94:
        await h.say(f"{MOD}: !release {who}")
    else:
        h.advance(hours=rng.randint(1, 30))


async def _check_recount(h: Harness) -> int:
    earning = sorted(str(r) for r in EARNING_REASONS)
    checked = 0
    for name in PLAYERS:
        uid = await h.user_id(name)
        rows = await h.pool.fetch(
            "SELECT a.achievement_key, a.requirement_type, a.requirement_value, ua.current_progress, ua.is_completed"
            " FROM achievements a LEFT JOIN user_achievements ua ON ua.achievement_id = a.achievement_id AND ua.user_id = $1"
            " WHERE a.requirement_type = ANY($2::text[])",
            uid, list(RECOUNT),
        )
        for r in rows:
            sql = RECOUNT[r["requirement_type"]]
            args = (uid, earning) if "$2" in sql else (uid,)
            actual = int(await h.pool.fetchval(sql, *args))
            key = r["achievement_key"]
            if r["is_completed"]:
                assert actual >= r["requirement_value"] or r["requirement_type"].endswith("streak"), (name, key, actual)
            elif r["current_progress"] is None:
                assert actual == UNTOUCHED.get(r["requirement_type"], 0), (name, key, actual)
            else:
                assert r["current_progress"] == actual, (name, key, r["current_progress"], actual)
            checked += 1
    return checked


@pytest.mark.parametrize("seed", [11, 22, 33])
async def test_progress_equals_the_recount_after_random_actions(db_url: str, seed: int) -> None:
    rng = random.Random(seed)
    async with harness(db_url, seed=seed) as h:
        for name in PLAYERS:
            await h.say(f"{name}: hello")
            await h.fund(name, 3_000)
        await grant(h, "ana", "Food Cart", equipped=True)
        await grant(h, "ben", "Food Cart", equipped=True)
        for step in range(90):
            await _act(h, rng, step)
        recountable = await h.pool.fetchval(
            "SELECT count(*) FROM achievements WHERE requirement_type = ANY($1::text[])", list(RECOUNT)
        )
        assert await _check_recount(h) == len(PLAYERS) * recountable
        async with h.pool.acquire() as conn:
            report = await run_audit(conn)
        assert report.ok, report.lines()


async def test_console_rehearsal(h: Harness) -> None:
    """Issue 16's closing scenario: everything shows real progress, and at least one achievement
    and one mission set are paid exactly once."""
    await h.say("vic: hello", "wes: hello")
    await h.fund("wes", 20_000)
    replies = await h.say("nova: !checkin")
    assert "day 1 streak" in replies[0]
    h.advance(seconds=4)
    await h.say("/live Friday night")  # a live stream: channel-point plays have no cooldown
    missions = " ".join(await h.say("nova: !missions"))
    assert "Daily" in missions and "Weekly" in missions
    for _ in range(25):
        h.advance(seconds=2)
        reply = " ".join(await h.say("nova: !play"))
        if "busted" in reply:
            h.advance(seconds=2)
            await h.say(f"{MOD}: !release nova")
    h.advance(seconds=2)
    rob = " ".join(await h.say("nova: !rob wes"))
    assert "rob" in rob
    await h.say(*(f"nova: what a stream {i}" for i in range(60)))
    # finish whatever daily set nova was given, with the same real actions
    from tests.e2e.goals_driver import complete_mission

    nova = await h.user_id("nova")
    for key, objective in await h.pool.fetch(
        "SELECT template_id, objective_type FROM user_missions WHERE user_id = $1 AND mission_type = 'daily'", nova
    ):
        await complete_mission(h, "nova", key, objective)
    h.advance(seconds=4)
    ach = " ".join(await h.say("nova: !achievements"))
    h.advance(seconds=4)
    mis = " ".join(await h.say("nova: !missions"))
    h.advance(seconds=4)
    tit = " ".join(await h.say("nova: !titles"))
    h.advance(seconds=4)
    hof = " ".join(await h.say("nova: !hof"))
    h.advance(seconds=4)
    inbox = " ".join(await h.say("nova: !notifications"))
    assert "/62 achievements" in ach and "Next:" in ach and "▰" in ach
    plays = await h.pool.fetchval(
        "SELECT current_progress FROM user_achievements JOIN achievements USING (achievement_id)"
        " WHERE user_id = $1 AND achievement_key = 'activity_getting_active'", nova,
    )
    assert plays >= 25
    assert "Daily" in mis and "✅ paid" in mis
    assert "OG" in tit  # nova is player 3: an early adopter, revealed by !achievements
    assert "Hall of fame" in hof and "nova" in hof
    assert "new" in inbox and "Achievement unlocked!" in " ".join(
        r["title"] for r in await h.pool.fetch("SELECT title FROM user_notifications WHERE user_id = $1", nova)
    )
    paid_sets = await h.pool.fetchval("SELECT count(*) FROM mission_completions WHERE user_id = $1", nova)
    mission_rows = await h.pool.fetchval(
        "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = 'mission'", nova
    )
    assert paid_sets == mission_rows >= 1
    done = await h.pool.fetchval(
        "SELECT count(*) FROM user_achievements WHERE user_id = $1 AND is_completed", nova
    )
    notes = await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'achievement'", nova
    )
    assert done >= 1 and notes == done  # each paid once
    async with h.pool.acquire() as conn:
        assert (await run_audit(conn)).ok
