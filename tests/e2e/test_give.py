"""!give through the console and the pipeline: fee, cap, refusals, concurrency, the ledger."""

from __future__ import annotations

import asyncio
import itertools

from bot.events import ChatMessage, Platform, Sender
from bot.pipeline import Pipeline
from tests.e2e.test_integrity import ledger_problems
from tests.harness import Harness

_ids = itertools.count(1)


async def _ledger(h: Harness, name: str) -> list[tuple[str, int]]:
    rows = await h.pool.fetch(
        "SELECT reason, amount FROM wealth_ledger WHERE user_id = $1 AND reason LIKE 'give%' ORDER BY ledger_id",
        await h.user_id(name),
    )
    return [(r["reason"], r["amount"]) for r in rows]


async def test_give_moves_cash_and_burns_the_fee_through_the_ledger(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: !checkin")
    await h.fund("alice", 10_000)
    reply = await h.say1("alice: !give @bob 2.5k")
    assert reply == "🤝 alice sent $2,500 to bob (fee $125). You have $7,575 left. Sent today: $2,500/$50,000."
    assert (await h.wealth("alice"), await h.wealth("bob")) == (7_575, 2_700)
    assert await _ledger(h, "alice") == [("give_sent", -2_500), ("give_fee", -125)]
    assert await _ledger(h, "bob") == [("give_received", 2_500)]
    event = await h.pool.fetchrow(
        "SELECT event_type, target_user_id, wealth_change, details FROM game_events WHERE event_type = 'give'"
    )
    assert (event["target_user_id"], event["wealth_change"]) == (await h.user_id("bob"), -2_625)
    h.advance(seconds=2)
    assert "sent $100 to bob (fee $5)" in await h.say1("alice: !pay bob 100")
    h.advance(seconds=2)
    assert "sent $1,000 to bob (fee $50)" in await h.say1("alice: !transfer bob 1,000")
    assert await ledger_problems(h) == []


async def test_give_refuses_with_clear_replies_and_moves_nothing(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: !checkin")
    lines = {
        "alice: !give": "ℹ️ Usage: !give <user> <amount>",
        "alice: !give bob": "ℹ️ The amount must be a positive whole number up to $1,000,000,000,000 (the wealth cap), like 2500, 2.5k or 1m. Usage: !give <user> <amount>",
        "alice: !give bob -5": "ℹ️ The amount must be a positive whole number up to $1,000,000,000,000 (the wealth cap), like 2500, 2.5k or 1m. Usage: !give <user> <amount>",
        "alice: !give bob 0.5": "ℹ️ The amount must be a positive whole number up to $1,000,000,000,000 (the wealth cap), like 2500, 2.5k or 1m. Usage: !give <user> <amount>",
        "alice: !give alice 10": "🤨 alice, giving to yourself just costs you the fee. No.",
        "alice: !give nobody_here 10": "❌ alice, I don't know that player.",
        "alice: !give bob 200": "💸 alice, you can't cover that: it takes $210 with the fee.",
        "alice: !give bob 50001": "🧾 alice, that's over the daily giving cap. You can still send $50,000 today.",
    }
    for line, expected in lines.items():
        h.advance(seconds=2)
        assert await h.say1(line) == expected, line
    assert (await h.wealth("alice"), await h.wealth("bob")) == (200, 200)
    assert await _ledger(h, "alice") == []
    h.advance(seconds=2)
    await h.say1("mod [mod]: !jail alice 30")
    h.advance(seconds=2)
    jailed = await h.say1("alice: !give bob 10")
    assert jailed.startswith("🚔 alice, no transfers from jail: you're locked up for another 29m ")
    h.advance(seconds=2)
    assert "sent $10 to alice" in await h.say1("bob: !give alice 10")  # a jailed player can receive


async def test_the_daily_cap_counts_every_give_and_resets_next_game_day(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: !checkin", "carol: !checkin")
    await h.fund("alice", 200_000)
    assert "Sent today: $30,000/$50,000" in await h.say1("alice: !give bob 30k")
    h.advance(seconds=2)
    assert "You can still send $20,000 today." in await h.say1("alice: !give carol 20001")
    h.advance(seconds=2)
    assert "Sent today: $50,000/$50,000" in await h.say1("alice: !give carol 20k")
    h.advance(seconds=2)
    assert "You've hit today's limit." in await h.say1("alice: !give carol 1")
    h.advance(days=1)
    assert "Sent today: $1/$50,000" in await h.say1("alice: !give carol 1")


def _chat(h: Harness, name: str, text: str) -> ChatMessage:
    return ChatMessage(
        platform=Platform.TWITCH, event_id=f"give-{next(_ids)}", channel="chan",
        sender=Sender(user_id=f"tw-{name}", login=name, display_name=name),
        text=text, received_at=h.clock.now(),
    )


async def test_concurrent_gives_never_overdraw_or_pass_the_cap(h: Harness) -> None:
    """Many bot processes (each its own in-memory throttle) deliver one sender's gives at once."""
    app = h.app
    pipelines = [
        Pipeline(app.pool, game=app.game, clock=h.clock, fairness=app.fairness) for _ in range(12)
    ]
    names = [f"friend{i}" for i in range(12)]
    await asyncio.gather(*(app.pipeline(_chat(h, n, "!checkin")) for n in ["giver", *names]))
    giver = await h.pool.fetchval("SELECT user_id FROM users WHERE twitch_user_id = 'tw-giver'")
    await h.fund_user(giver, 31_300)  # 31,500 with the check-in: six gives of 5,000 + 250 fee
    h.advance(seconds=5)
    results = await asyncio.gather(
        *(p(_chat(h, "giver", f"!give {n} 5k")) for p, n in zip(pipelines, names, strict=True))
    )
    texts = [r.text for replies in results for r in replies]
    sent = [t for t in texts if "sent $5,000" in t]
    assert len(sent) == 6 and len(texts) == 12
    assert all("can't cover that" in t for t in texts if t not in sent)
    assert await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", giver) == 0
    assert await ledger_problems(h) == []
    # and the cap holds under the same race
    await h.fund_user(giver, 1_000_000)
    h.advance(seconds=5)
    results = await asyncio.gather(
        *(p(_chat(h, "giver", f"!give {n} 5k")) for p, n in zip(pipelines, names, strict=True))
    )
    sent_today = await h.pool.fetchval(
        "SELECT -sum(amount) FROM wealth_ledger WHERE user_id = $1 AND reason = 'give_sent'", giver
    )
    assert sent_today == 50_000
    assert await ledger_problems(h) == []
