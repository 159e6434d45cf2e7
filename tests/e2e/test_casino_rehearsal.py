"""Console rehearsal of the whole issue: every game, the depot, a token, a lottery draw and a race
to settlement, !verify and `kingpin verify` reproduce the draw, and `kingpin audit` is clean."""

from __future__ import annotations

import argparse
import hashlib
from datetime import timedelta

from bot import verify
from bot.audit import run_audit
from bot.jobs.casino import draw_lottery_due, run_casino_jobs, settle_races
from game import Rules
from tests.e2e.test_items import ledger_matches
from tests.harness import Harness


async def test_console_rehearsal(h: Harness) -> None:
    rules: Rules = h.app.pipeline.game.rules
    for name in ("alice", "bob"):
        await h.say(f"{name}: !balance")
        await h.fund(name, 200_000)
    h.advance(seconds=10)
    assert "Return to player: slots 94.91% · blackjack 98.91% · flip 98.00%" in await h.say1("alice: !odds")
    h.advance(seconds=4)
    assert "Blackjack: RTP 98.91%" in await h.say1("alice: !odds bj")
    h.advance(seconds=4)
    assert "1 in 8,000" in await h.say1("alice: !odds jackpot")
    h.advance(seconds=4)
    assert "Rob: success" in await h.say1("alice: !odds rob")
    # slots, blackjack, a coin-flip duel
    assert (await h.say1("alice: !slots 500")).startswith("🎰")
    hand = await h.say1("alice: !bj 1000")
    while "!hit" in hand:
        h.advance(seconds=3)
        hand = await h.say1("alice: !stand")
    assert "Balance" in hand
    h.advance(seconds=31)
    await h.say("alice: !flip 2000 heads")
    flip_id = await h.pool.fetchval("SELECT flip_id FROM flip_challenges")
    duel = await h.say1(f"bob: !accept {flip_id}")
    assert "lands" in duel and "wins $3,920" in duel
    # lottery: both buy tickets; the draw happens at the deadline
    lotto = await h.say1("bob: !lotto")
    draw_id = await h.pool.fetchval("SELECT draw_id FROM lottery_draws WHERE status = 'open'")
    seed_hash = await h.pool.fetchval("SELECT encode(server_seed_hash, 'hex') FROM lottery_draws")
    assert f"draw #{draw_id}: pot $25,000, 0 tickets" in lotto and seed_hash in lotto
    h.advance(seconds=11)
    assert "bought ticket 3-7-12" in await h.say1("alice: !lottery 12 3 7")
    h.advance(seconds=11)
    assert "bought ticket 1-2-20" in await h.say1("bob: !lotto-buy 20 1 2")
    assert "not drawn yet" in await h.say1("bob: !verify lottery " + str(draw_id))
    # depot and a token
    h.advance(seconds=5)
    assert "xp_25 XP Boost 25%" in await h.say1("alice: !supplies boosts")
    assert "active for 1h" in await h.say1("alice: !buysupply xp_25")
    assert "XP Boost 25% ×1.25 (59m" in await h.say1("alice: !buffs")
    h.advance(seconds=6)
    assert "bought Bail Bond" in await h.say1("alice: !buyboost bail_bond")
    assert "Bail Bond ×1" in await h.say1("alice: !myitems")
    h.advance(seconds=6)
    assert "bought a heist token for $1,000" in await h.say1("alice: !buytoken")
    h.advance(seconds=6)
    assert "for $1,150" in await h.say1("alice: !gettoken")
    assert "play boost" in await h.say1("alice: !tokenboost")
    # a race on wagered, started by the broadcaster, settled by the job at its end
    started = await h.say1("boss [broadcaster]: !race start daily wagered 50000 top 2")
    assert started.startswith("🏁 Race #1 is on: most wagered wins! Prize $50,000 for the top 2")
    standings = await h.say1("bob: !race")
    assert "1. alice" in standings and "bob: #2" in standings and "behind #1" in standings
    assert "gstats" not in (stats := await h.say1("alice: !gstats")) and "slots: 1 bets" in stats
    # the day ends: jobs run for the slot (twice: the second run does nothing)
    h.advance(hours=13)
    slot = h.clock.now()
    first = await run_casino_jobs(h.pool, rules, slot)
    assert first["lottery_draw"] == 1 and first["race_settlement"] == 1
    again = await run_casino_jobs(h.pool, rules, slot)
    assert again == dict.fromkeys(again, 0)
    assert await draw_lottery_due(h.pool, rules, slot) == 0 and await settle_races(h.pool, rules, slot) == 0
    prizes = await h.pool.fetch("SELECT place, amount FROM race_results ORDER BY place")
    assert [tuple(p) for p in prizes] == [(1, 30_000), (2, 20_000)]
    assert await h.pool.fetchval("SELECT count(*) FROM wealth_ledger WHERE reason = 'race_prize'") == 2
    announced = await h.pool.fetch("SELECT kind, payload->>'text' AS text FROM outbox ORDER BY outbox_id")
    assert any(r["kind"] == "announce" and "is over" in r["text"] for r in announced)
    assert any(r["kind"] == "feed" and "Lottery draw #" in r["text"] for r in announced)
    # the draw is verifiable in chat, from the database and fully offline
    check = await h.say1(f"bob: !verify lottery {draw_id}")
    assert f"Draw #{draw_id} ✅ verified" in check
    drawn = await h.pool.fetchrow("SELECT server_seed, winning_numbers, pot FROM lottery_draws WHERE draw_id = $1", draw_id)
    seed = bytes(drawn["server_seed"])
    assert hashlib.sha256(seed).hexdigest() == seed_hash and seed.hex() in check
    async with h.pool.acquire() as conn:
        code, text = await verify.from_database(conn, draw_id, rules)
        assert code == 0 and "VERIFIED" in text
        report = await run_audit(conn)
    assert report.ok, report.lines()
    tickets = await h.pool.fetch("SELECT ticket_id, numbers FROM lottery_tickets ORDER BY ticket_id")
    args = argparse.Namespace(
        draw=draw_id, seed=seed.hex(), seed_hash=seed_hash,
        tickets=",".join(f"{t['ticket_id']}:{'-'.join(map(str, t['numbers']))}" for t in tickets),
        numbers="-".join(map(str, drawn["winning_numbers"])),
    )
    assert verify.offline(args, rules)[0] == 0
    tampered = argparse.Namespace(**{**vars(args), "numbers": "1-2-3" if args.numbers != "1-2-3" else "4-5-6"})
    assert verify.offline(tampered, rules)[0] == 1
    # the next draw opened with the pot rolled over (or reseeded after a win)
    nxt = await h.pool.fetchrow("SELECT draw_id, pot FROM lottery_draws WHERE status = 'open'")
    assert nxt["draw_id"] == draw_id + 1
    for name in ("alice", "bob"):
        assert await ledger_matches(h, name) == await h.wealth(name)
    h.advance(seconds=11)
    assert "Lottery draw" in await h.say1("bob: !lotto")
    assert timedelta(0) < timedelta(hours=1)
