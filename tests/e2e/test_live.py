"""The live stream end to end through the console: sessions, the crown, heists, the reward."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pytest_asyncio
from pydantic import SecretStr

from bot.audit import run_audit
from bot.config import Settings
from bot.runner import parse_clock, run_console
from tests.e2e.test_console_script import two_databases  # noqa: F401  (fixture)
from tests.harness import Harness, harness

MOD = "carol [mod]"


@pytest_asyncio.fixture(loop_scope="session")
async def h(db_url: str) -> AsyncIterator[Harness]:
    """The console with the scheduler: /advance runs the jobs (heists, standings, grace)."""
    async with harness(db_url, scheduled=True) as running:
        yield running


async def open_answer(h: Harness) -> str:
    answer = await h.pool.fetchval("SELECT correct_answer FROM heist_events WHERE status = 'open'")
    assert answer is not None, "no heist open"
    return answer


async def test_rehearsal_crown_changes_heist_won_winner_paid_audit_clean(h: Harness) -> None:
    """The done-when rehearsal: live, three supporters, 20 minutes, a heist won, session ended."""
    await h.say("/live Friday night")
    assert any("session started" in a for a in h.announced)
    await h.say("alice: /sub")  # $5: first contributor, crowned
    await h.say("bob: /bits 600")  # $6 > $5: takes it
    await h.say("dave: /bits 600")  # $6 = $6: a tie keeps bob
    await h.say("alice: /sub 3")  # $30 total: takes it back
    crowns = [a for a in h.announced if a.startswith("👑 NEW JUICERNAUT")]
    assert len(crowns) == 3
    assert "alice is crowned" in crowns[0] and "bob takes the crown from alice" in crowns[1]
    assert "alice takes the crown from bob with $30.00" in crowns[2] and "2x XP | 3x Loot" in crowns[2]
    assert "👑 Juicernaut: alice" in await h.say1("erin: !juice")

    await h.say("/advance 20m")
    alerts = [a for a in h.announced if "HEIST ALERT" in a]
    assert len(alerts) == 1
    answer = await open_answer(h)
    await h.say(f"erin: {answer}")
    won = [a for a in h.announced if "cracked the heist" in a]
    assert len(won) == 1 and won[0].startswith("🏆 erin cracked the heist")
    erin = await h.user_id("erin")
    assert await h.pool.fetchval("SELECT heist_wins FROM users WHERE user_id = $1", erin) == 1
    assert await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1 AND source = 'heist'", erin) == 1
    assert "erin: 1 heist won" in await h.say1("erin: !heiststats")

    alice = await h.user_id("alice")
    before = await h.wealth("alice")
    assert "ended" in await h.say1(f"{MOD}: !endsession")
    summary = h.announced[-1]
    assert "Session over: Friday night" in summary and "$42.00 from 3 contributors" in summary
    assert "1/1 heist cracked" in summary and "Juicernaut: alice ($30.00" in summary
    # $30 → the $30–49.99 tier: $15,000, 2,000 XP and a Rare crate through the crate award.
    assert await h.wealth("alice") == before + 15_000
    paid = await h.pool.fetchrow(
        "SELECT amount, reference FROM wealth_ledger WHERE user_id = $1 AND reason = 'juicernaut'", alice
    )
    assert paid["amount"] == 15_000
    crate = await h.pool.fetchval("SELECT crate_tier FROM user_crates WHERE user_id = $1 AND source = 'juicernaut'", alice)
    assert crate == "rare"
    row = await h.pool.fetchrow("SELECT * FROM juicernaut_winners")
    assert row["user_id"] == alice and row["total_contributed_cents"] == 3_000 and row["contributions_count"] == 2
    assert row["reward_wealth"] == 15_000 and row["reward_xp"] == 2_000 and row["bonus_crate_tier"] == "rare"
    assert row["time_held_minutes"] == 20  # crowned at +1 s, lost at +2 s, back at +4 s, ended ~20 min later
    # The crown (and its buffs) left with the session.
    assert await h.pool.fetchval("SELECT current_juicernaut_user_id FROM streaming_sessions") is None
    assert "No stream session" in await h.say1("erin: !juice")
    assert "alice 1×" in await h.say1("erin: !juicehall")
    feed = [r[0] for r in await h.pool.fetch("SELECT payload->>'kind' FROM outbox WHERE kind = 'feed' ORDER BY outbox_id")]
    heist_crate = await h.pool.fetchval("SELECT crate_tier FROM heist_events")
    rare_win = ["heist_win"] if heist_crate in ("rare", "legendary") else []
    assert feed == ["session_start", "crown_change", "crown_change", "crown_change", *rare_win, "session_end"]
    async with h.pool.acquire() as conn:
        report = await run_audit(conn)
    assert report.ok, report.lines()


async def test_seeded_rehearsal_announces_the_same_heist(two_databases: tuple[str, str]) -> None:  # noqa: F811
    script = "/live Seeded\nalice: !play\n/advance 20m\n"

    async def transcript(dsn: str) -> str:
        out = io.StringIO()
        settings = Settings(_env_file=None, database_url=SecretStr(dsn))
        await run_console(settings, script=None, seed=7, clock=parse_clock("2026-01-01T12:00:00Z"), out=out,
                          lines=script.splitlines())
        return out.getvalue()

    first, second = [await transcript(dsn) for dsn in two_databases]
    alerts = [re.findall(r"HEIST ALERT.*", t) for t in (first, second)]
    assert len(alerts[0]) == 1 and alerts[0] == alerts[1]


async def test_typing_the_seeded_heist_answer_wins_it(db_url: str) -> None:
    async with harness(db_url, seed=7, scheduled=True) as h:
        await h.say("/live Seeded", "alice: !play", "bob: hello chat", "/advance 20m")  # chat seen just before
        answer = await open_answer(h)
        await h.say("bob: wrong answer", f"bob: {answer}")
        assert any(a.startswith("🏆 bob cracked the heist") for a in h.announced)
        assert await h.say(f"alice: {answer}") == []  # closed: nothing to answer any more


async def test_heist_timeout_reveals_the_answer_and_heist_command(h: Harness) -> None:
    await h.say("/live")
    assert "Next heist in about" in await h.say1("bob: !heist")
    await h.say("/advance 16m")
    answer = await open_answer(h)
    assert "Heist open" in await h.say1("bob: !heist")
    await h.say("/advance 3m")  # every time limit is at most 120 s
    assert any(a.startswith("⌛ Time's up!") and answer in a for a in h.announced)
    assert await h.say(f"bob: {answer}") == []
    assert await h.pool.fetchval("SELECT status FROM heist_events") == "expired"
    # Next one is planned 60–120 minutes after the first fired.
    plan = await h.pool.fetchval("SELECT next_heist_at - (SELECT started_at FROM heist_events) FROM heist_schedule")
    assert 60 <= plan.total_seconds() / 60 <= 120


async def test_attempts_are_limited_to_five_per_minute(h: Harness) -> None:
    await h.say("/live", f"{MOD}: !heist now")
    answer = await open_answer(h)
    await h.say(*(f"bob: guess {i}" for i in range(5)))
    await h.say(f"bob: {answer}")  # the sixth try inside 60 s is ignored
    assert not any("cracked" in a for a in h.announced)
    await h.say(f"dave: {answer}")
    assert any(a.startswith("🏆 dave cracked the heist") for a in h.announced)


async def test_offline_pauses_the_heist_timer_and_restart_keeps_the_plan(db_url: str) -> None:
    async with harness(db_url, scheduled=True) as h:
        await h.say("/live")  # first heist due at +15 min
        await h.say("/advance 5m", "/offline", "/advance 30m")
        assert not [a for a in h.announced if "HEIST ALERT" in a]
        assert "paused" in await h.say1("bob: !heist")
        await h.say("/live")  # back: 10 minutes of the wait are left
        plan = await h.pool.fetchval("SELECT next_heist_at FROM heist_schedule")
        assert 9 * 60 <= (plan - h.clock.now()).total_seconds() <= 10 * 60
        start = h.clock.now()
    # A restart (a new process on the same database) keeps the plan.
    async with harness(db_url, start=start, scheduled=True) as again:
        await again.say("/advance 8m")
        assert not [a for a in again.announced if "HEIST ALERT" in a]
        await again.say("/advance 3m")
        assert len([a for a in again.announced if "HEIST ALERT" in a]) == 1


async def test_grace_period_ends_the_session_and_pays_the_holder(h: Harness) -> None:
    await h.say("/live", "alice: /bits 100", "/offline", "/advance 3h")  # the check runs hourly
    assert any("session ends in 4 h" in a for a in h.announced)
    assert await h.pool.fetchval("SELECT is_active FROM streaming_sessions") is True
    await h.say("/advance 4h")
    assert await h.pool.fetchval("SELECT is_active FROM streaming_sessions") is False
    assert any("Session over" in a and "Juicernaut: alice" in a for a in h.announced)
    assert await h.pool.fetchval("SELECT reward_wealth FROM juicernaut_winners") == 1_000


async def test_heists_off_and_on(h: Harness) -> None:
    await h.say("/live")
    assert "moderators" in await h.say1("bob: !heist off")
    assert "off" in await h.say1(f"{MOD}: !heist off")
    await h.say("/advance 20m")
    assert not [a for a in h.announced if "HEIST ALERT" in a]
    assert "back on" in await h.say1(f"{MOD}: !heist on")
    await h.say("/advance 2h")
    assert [a for a in h.announced if "HEIST ALERT" in a]


async def test_crown_holder_buffs_apply_and_leave_on_dethrone(h: Harness) -> None:
    await h.say("/live", "alice: !checkin", "bob: !checkin", "alice: /bits 100")
    bob = await h.user_id("bob")
    await h.fund_user(bob, 10_000)
    assert "can't be robbed" in await h.say1("bob: !rob alice")
    await h.say("bob: /bits 200")  # bob takes the crown: alice loses the immunity, bob has it
    h.advance(minutes=1)
    assert "can't be robbed" in await h.say1("alice: !rob bob")
    assert "can't be robbed" not in await h.say1("bob: !rob alice")



async def test_standings_post_every_thirty_minutes_once_per_slot(h: Harness) -> None:
    await h.say("/live", "alice: /bits 300", "bob: /bits 100", "/advance 31m")
    posts = [a for a in h.announced if a.startswith("👑 Juicernaut standings")]
    assert len(posts) == 1 and "1. alice $3.00 | 2. bob $1.00" in posts[0] and "Session total $4.00" in posts[0]
    await h.say("bob: hello", "bob: again")  # same slot: no second post
    assert len([a for a in h.announced if a.startswith("👑 Juicernaut standings")]) == 1


async def test_level_ups_and_checkins_are_queued_for_the_batch_flush(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: !checkin")
    rows = await h.pool.fetch("SELECT event_type, payload, batch_key, process_after FROM event_batch_queue ORDER BY queue_id")
    assert [r["event_type"] for r in rows] == ["checkin", "checkin"]
    assert rows[0]["batch_key"] == rows[1]["batch_key"]  # one 60-second window
    assert rows[0]["payload"] == {"single": "✅ alice checked in (streak 1).", "item": "alice (1)", "many": "players checked in"}


async def test_juicehall_ranks_by_wins_then_total(h: Harness) -> None:
    for who, bits in (("alice", 100), ("bob", 5_000), ("alice", 200)):
        await h.say("/live", f"{who}: /bits {bits}", f"{MOD}: !endsession")
    hall = await h.say1("erin: !juicehall")
    assert "most wins: alice 2×" in hall and "| bob 1×" in hall
    assert "Most contributed: bob $50.00 | alice $3.00" in hall


async def test_crown_doubles_support_xp_for_the_holder(h: Harness) -> None:
    await h.say("/live")
    assert "+100 XP" in await h.say1("alice: /sub")  # crowned by this sub
    assert "+200 XP" in await h.say1("alice: /sub")  # the holder's 2x XP
    assert "+100 XP" in await h.say1("bob: /sub")  # a tie: bob gets no crown, no buff


async def test_simulcast_goes_offline_only_when_the_last_platform_does(h: Harness) -> None:
    from bot.events import Platform, StreamOffline, StreamOnline

    def status(cls: type, platform: Platform, n: int) -> object:
        return cls(platform=platform, event_id=f"status-{n}", channel="chan", received_at=h.clock.now())

    assert await h.app.pipeline(status(StreamOnline, Platform.KICK, 1))  # starts the session
    assert await h.app.pipeline(status(StreamOnline, Platform.TWITCH, 2)) == ()  # joins it
    assert await h.app.pipeline(status(StreamOffline, Platform.KICK, 3)) == ()  # Twitch still live
    row = await h.pool.fetchrow("SELECT offline_since, live_platforms FROM streaming_sessions")
    assert row["offline_since"] is None and row["live_platforms"] == ["twitch"]
    assert await h.app.pipeline(status(StreamOffline, Platform.TWITCH, 4))  # the last one: offline
    assert await h.pool.fetchval("SELECT paused_at IS NOT NULL FROM heist_schedule")
    assert await h.app.pipeline(status(StreamOnline, Platform.TWITCH, 5))  # back: resumes
    row = await h.pool.fetchrow("SELECT offline_since, live_platforms, is_active FROM streaming_sessions")
    assert row["offline_since"] is None and row["live_platforms"] == ["twitch"] and row["is_active"]
    assert await h.pool.fetchval("SELECT count(*) FROM streaming_sessions") == 1
