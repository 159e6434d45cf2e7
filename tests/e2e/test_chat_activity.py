"""Plain chat through the real pipeline and the batched flush: counters, boards, chat tokens,
and the flush never waiting for a row a command holds (issue 21)."""

from __future__ import annotations

from bot.periods import periods_for
from game import DEFAULT_RULES, game_day
from tests.harness import Harness

_PER_TOKEN = DEFAULT_RULES.tokens.chat_messages_per_token
_PER_DAY = DEFAULT_RULES.tokens.chat_tokens_per_day


async def _chat(h: Harness, name: str, count: int) -> None:
    """``count`` plain chat lines from ``name`` without flushing between them."""
    for i in range(count):
        await h.chat.handle_line(f"{name}: hello {i}")


async def _tokens(h: Harness, uid: int) -> int:
    return int(await h.pool.fetchval("SELECT COALESCE(max(balance), 0) FROM heist_tokens WHERE user_id = $1", uid))


async def _counts(h: Harness, uid: int) -> dict[str, int]:
    rows = await h.pool.fetch("SELECT period_type, messages FROM chat_counts WHERE user_id = $1", uid)
    return {r["period_type"]: r["messages"] for r in rows}


async def test_chat_counts_every_period_and_the_lifetime_counter(h: Harness) -> None:
    await _chat(h, "alice", 3)
    await h.app.activity.flush()
    await _chat(h, "alice", 2)
    await _chat(h, "bob", 1)
    await h.app.activity.flush()
    alice, bob = await h.user_id("alice"), await h.user_id("bob")
    assert await _counts(h, alice) == {p: 5 for p in ("daily", "weekly", "monthly", "annual", "lifetime")}
    assert (await _counts(h, bob))["weekly"] == 1
    assert await h.pool.fetchval("SELECT messages_sent FROM users WHERE user_id = $1", alice) == 5
    # commands are not chat messages, and the board is read from the chat counters
    assert await h.say1("carol: !lb daily chatters") == "🏆 Daily Top Chatters: 👑 alice 5 msgs · 2. bob 1 msg"


async def test_chat_tokens_are_granted_per_threshold_up_to_the_daily_limit(h: Harness) -> None:
    await _chat(h, "dave", _PER_TOKEN - 1)
    await h.app.activity.flush()
    dave = await h.user_id("dave")
    assert await _tokens(h, dave) == 0
    await _chat(h, "dave", 1)  # the threshold
    report = await h.app.activity.flush()
    assert report.tokens_granted == 1
    assert await _tokens(h, dave) == 1
    # one batch crossing every remaining threshold and more: the daily limit holds
    await _chat(h, "dave", _PER_TOKEN * (_PER_DAY + 2))
    await h.app.activity.flush()
    assert await _tokens(h, dave) == _PER_DAY
    # the next day counts afresh
    h.advance(days=1)
    await _chat(h, "dave", _PER_TOKEN)
    await h.app.activity.flush()
    assert await _tokens(h, dave) == _PER_DAY + 1


async def test_a_flush_does_not_wait_for_a_command_holding_the_chatters_row(h: Harness) -> None:
    await _chat(h, "erin", 1)
    await h.app.activity.flush()
    erin = await h.user_id("erin")
    day = game_day(h.clock.now(), h.app.game.rules)
    async with h.pool.acquire() as blocker:
        tx = blocker.transaction()
        await tx.start()
        # what a command does first: lock the player's row
        await blocker.fetch("SELECT user_id FROM users WHERE user_id = $1 FOR UPDATE", erin)
        await _chat(h, "erin", _PER_TOKEN - 1)  # the day reaches the first threshold
        await _chat(h, "frank", 2)
        report = await h.app.activity.flush()  # would hang here if the flush waited
        assert report.messages == _PER_TOKEN + 1
        assert report.tokens_granted == 0  # erin's grant waits for her row
        types, starts, _ = periods_for(day)
        counted = await h.pool.fetchval(
            "SELECT messages FROM chat_counts WHERE user_id = $1 AND period_type = 'daily' AND period_start = $2",
            erin,
            starts[types.index("daily")],
        )
        assert counted == _PER_TOKEN  # the board counts at once
        assert await h.pool.fetchval("SELECT messages_sent FROM users WHERE user_id = $1", erin) == 1
        await tx.rollback()
    # the next flush grants the token and carries the lifetime count, with no new chat from erin
    report = await h.app.activity.flush()
    assert report.tokens_granted == 1
    assert await _tokens(h, erin) == 1
    assert await h.pool.fetchval("SELECT messages_sent FROM users WHERE user_id = $1", erin) == _PER_TOKEN
    # and never twice
    await _chat(h, "erin", 1)
    await h.app.activity.flush()
    assert await _tokens(h, erin) == 1


async def test_a_chatter_at_the_token_cap_loses_the_threshold_as_before(h: Harness) -> None:
    await _chat(h, "gina", 1)
    await h.app.activity.flush()
    gina = await h.user_id("gina")
    cap = DEFAULT_RULES.tokens.balance_cap
    await h.pool.execute(
        "INSERT INTO heist_tokens (user_id, balance, lifetime_earned) VALUES ($1, $2, $2)", gina, cap
    )
    await _chat(h, "gina", _PER_TOKEN - 1)
    await h.app.activity.flush()
    assert await _tokens(h, gina) == cap
    await h.pool.execute("UPDATE heist_tokens SET balance = 0, lifetime_spent = lifetime_earned WHERE user_id = $1", gina)
    await _chat(h, "gina", _PER_TOKEN)  # the second threshold of the day
    await h.app.activity.flush()
    assert await _tokens(h, gina) == 1  # the first one, swallowed by the cap, is not given back


async def test_a_redelivered_chat_line_counts_once_and_remembered_ids_stay_bounded(h: Harness) -> None:
    from datetime import UTC, datetime

    from bot.activity import ActivityBuffer
    from bot.events import ChatMessage, Platform, Sender

    buffer = ActivityBuffer(h.pool, rules=h.app.game.rules, clock=h.clock, seen_ids=100)
    sender = Sender(user_id="tw-hank", login="hank", display_name="Hank")

    def line(event_id: str) -> ChatMessage:
        return ChatMessage(
            platform=Platform.TWITCH, event_id=event_id, channel="c", sender=sender, text="hi",
            received_at=datetime(2026, 1, 5, tzinfo=UTC),
        )

    buffer.add(line("m-1"))
    buffer.add(line("m-1"))  # redelivered
    assert buffer.pending_messages == 1
    for i in range(1_000):
        buffer.add(line(f"n-{i}"))
    assert 50 <= buffer.remembered_ids <= 100
    buffer.add(line("n-999"))  # the newest are still remembered
    assert buffer.pending_messages == 1_001
    report = await buffer.flush()
    assert report.messages == 1_001
