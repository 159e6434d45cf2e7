"""The core loop through the console: check-in, play, rob, bail, supports, stream status."""

from __future__ import annotations

from tests.harness import Harness


async def test_checkin_pays_once_a_day(h: Harness) -> None:
    first = await h.say1("alice: !checkin")
    assert "day 1 streak" in first and "+$200" in first
    # inside the 3 s throttle (each line moves the clock 1 s): told once, then ignored
    assert await h.say("alice: !checkin") == ["⏳ alice, slow down: 2 s."]
    assert await h.say("alice: !checkin") == []
    h.advance(seconds=3)
    again = await h.say1("alice: !checkin")
    assert "already checked in" in again
    assert await h.wealth("alice") == 200
    h.advance(days=1)
    assert "day 2 streak" in await h.say1("alice: !checkin")
    assert await h.wealth("alice") == 500


async def test_play_moves_wealth_through_the_ledger(h: Harness) -> None:
    await h.say("alice: !checkin")
    for _ in range(5):
        h.advance(minutes=10)
        await h.say("alice: !play")
    uid = await h.user_id("alice")
    wealth, ledger = await h.pool.fetchrow(
        "SELECT u.wealth, (SELECT coalesce(sum(amount), 0) FROM wealth_ledger WHERE user_id = u.user_id) "
        "FROM users u WHERE user_id = $1",
        uid,
    )
    assert wealth == ledger
    plays = await h.pool.fetchval("SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'play'", uid)
    assert plays >= 1
    fair = await h.pool.fetchval(
        "SELECT count(*) FROM game_events WHERE user_id = $1 AND rng_seed_id IS NOT NULL", uid
    )
    assert fair == plays


async def test_rob_needs_a_token_and_a_known_target(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: hi")
    assert "don't know that player" in await h.say1("alice: !rob nobody_here")
    h.advance(seconds=2)
    assert "robbing yourself" in await h.say1("alice: !rob alice")
    h.advance(seconds=2)
    bob_broke = await h.say1("alice: !rob bob")
    assert "broke" in bob_broke
    # alice has one token from her check-in; bob has none
    await h.fund("alice", 10_000)
    assert "heist token" in await h.say1("bob: !rob alice")
    assert await h.wealth("alice") == 10_200


async def test_unknown_commands_are_ignored_and_bad_args_get_usage(h: Harness) -> None:
    assert await h.say("alice: !definitelynotacommand") == []
    usage = await h.say1("alice: !rob")
    assert "Usage: !rob <user>" in usage


async def test_supports_pay_once(h: Harness) -> None:
    replies = await h.say("/as dave", "/sub", "/gift 5", "/bits 500", "/raid 40")
    assert len(replies) == 4
    assert await h.wealth("dave") == 500 + 2_500 + 500 + 400
    events = await h.pool.fetchval("SELECT count(*) FROM monetization_events")
    assert events == 4


async def test_one_session_for_every_stream_online_and_offline_only_pauses_it(h: Harness) -> None:
    assert "started" in await h.say1("/live Friday")
    assert await h.say("/live again") == []  # already live: the same session
    assert "offline" in await h.say1("/offline")
    assert await h.pool.fetchval("SELECT count(*) FROM streaming_sessions WHERE is_active") == 1
    assert "Back online" in await h.say1("/live Friday")
    assert await h.pool.fetchval("SELECT count(*) FROM streaming_sessions") == 1
