"""The crown, the casino and factions feed their achievements (issue 16's producer API)."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.goals_driver import achieved
from tests.harness import Harness
from tests.jobs.helpers import run_at

MOD = "carol [mod]"


async def _progress(h: Harness, name: str, key: str) -> int:
    value = await h.pool.fetchval(
        "SELECT ua.current_progress FROM user_achievements ua JOIN achievements a USING (achievement_id) "
        "WHERE ua.user_id = $1 AND a.achievement_key = $2",
        await h.user_id(name), key,
    )
    return int(value or 0)


async def _streak(h: Harness, name: str) -> int:
    return int(await h.pool.fetchval("SELECT gamble_win_streak FROM users WHERE user_id = $1", await h.user_id(name)))


async def test_holding_the_crown_at_the_end_unlocks_juicernaut_victor(h: Harness) -> None:
    await h.say("/live", "alice: /bits 100", "bob: hi", f"{MOD}: !endsession")
    assert await achieved(h, "alice", "juicernaut_victor")
    assert not await achieved(h, "bob", "juicernaut_victor")
    await h.say("/live", "alice: /bits 100", f"{MOD}: !endsession")
    assert await _progress(h, "alice", "juicernaut_champion") == 2


async def test_a_flip_duel_feeds_the_winner_and_resets_the_loser(h: Harness) -> None:
    await h.say("erin: hi", "frank: hi")
    for who in ("erin", "frank"):
        await h.fund(who, 10_000)
        await h.pool.execute("UPDATE users SET gamble_win_streak = 4 WHERE user_id = $1", await h.user_id(who))
    await h.say1("erin: !flip 1000 heads")
    flip_id = await h.pool.fetchval("SELECT flip_id FROM flip_challenges")
    h.advance(seconds=5)
    await h.say(f"frank: !accept {flip_id}")
    winner_id = await h.pool.fetchval("SELECT winner_id FROM flip_challenges")
    winner, loser = ("erin", "frank") if winner_id == await h.user_id("erin") else ("frank", "erin")
    assert await _streak(h, winner) == 5 and await _streak(h, loser) == 0
    assert await achieved(h, winner, "special_hot_hand")  # five won rounds in a row
    assert not await achieved(h, loser, "special_hot_hand")
    assert await _progress(h, winner, "special_beginners_luck") == 1
    assert await _progress(h, loser, "special_beginners_luck") == 0


async def test_a_slots_spin_steps_the_streak_by_what_it_paid_back(h: Harness) -> None:
    await h.say("gina: hi")
    await h.fund("gina", 10_000)
    await h.pool.execute("UPDATE users SET gamble_win_streak = 2 WHERE user_id = $1", await h.user_id("gina"))
    for _ in range(6):
        h.advance(seconds=6)
        before = await _streak(h, "gina")
        wins_before = await _progress(h, "gina", "special_beginners_luck")
        await h.say1("gina: !slots 100")
        paid = await h.pool.fetchval(
            "SELECT (details->>'payout')::bigint FROM game_events WHERE event_type = 'slots' "
            "ORDER BY game_event_id DESC LIMIT 1"
        )
        won = paid > 100
        expected = before + 1 if won else (before if paid == 100 else 0)
        assert await _streak(h, "gina") == expected, paid
        assert await _progress(h, "gina", "special_beginners_luck") == wins_before + (1 if won else 0)


async def test_factions_feed_joined_up_loyalty_and_captures(h: Harness) -> None:
    await h.say("ann: !checkin", "streamer [broadcaster]: !givexp ann 20000")
    h.advance(seconds=5)
    assert "joined" in (await h.say("ann: !faction join circuit"))[-1]
    assert await achieved(h, "ann", "faction_joined_up")
    uid = await h.user_id("ann")
    await h.pool.execute("UPDATE users SET joined_faction_at = joined_faction_at - interval '31 days' WHERE user_id = $1", uid)
    await h.say("ann: !play", "ann: gg")
    now = h.clock.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert await run_at(h.app, "territory_evaluation", midnight) is not None
    assert await achieved(h, "ann", "faction_loyal_member")  # 31 whole days in the faction
    assert await _progress(h, "ann", "faction_turf_war") == 1  # her territory was taken by her faction
    # the next night nothing changes hands: no second capture
    assert await run_at(h.app, "territory_evaluation", midnight + timedelta(days=1)) is not None
    assert await _progress(h, "ann", "faction_turf_war") == 1


async def test_a_paid_mission_set_scores_the_members_faction(h: Harness) -> None:
    from tests.e2e.goals_driver import complete_mission

    await h.say("ann: !checkin", "streamer [broadcaster]: !givexp ann 20000")
    h.advance(seconds=5)
    assert "joined" in (await h.say("ann: !faction join circuit"))[-1]
    for who in ("ann", "bob"):  # bob is in no faction: his set scores nothing
        h.advance(seconds=5)
        await h.say1(f"{who}: !missions")
        rows = await h.pool.fetch(
            "SELECT template_id, objective_type FROM user_missions WHERE user_id = $1 AND mission_type = 'daily'",
            await h.user_id(who),
        )
        before = await h.pool.fetchval("SELECT COALESCE(sum(missions), 0) FROM territory_scores")
        for r in rows:
            await complete_mission(h, who, r["template_id"], r["objective_type"])
        assert await h.pool.fetchval("SELECT count(*) FROM mission_completions WHERE user_id = $1",
                                     await h.user_id(who)) == 1
        after = await h.pool.fetchval("SELECT COALESCE(sum(missions), 0) FROM territory_scores")
        assert after - before == (1 if who == "ann" else 0)
    points = await h.pool.fetchval(
        "SELECT sum(s.total_score) FROM territory_scores s JOIN factions f USING (faction_id) WHERE s.missions > 0"
    )
    assert points >= 25  # the set's 25 points, besides whatever her actions scored the same day
