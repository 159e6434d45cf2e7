"""Casino, depot and race jobs: blackjack auto-stand, coin-flip expiry and refund, the lottery
draw, buff expiry and race settlement.

Each is a plain async function ``(pool, rules, slot)`` returning how many things it processed,
declared below as a scheduler job (``atomic=False``: each unit of work is its own transaction
guarded by a conditional update, so running a slot twice, or two workers at once, does nothing
the second time). Buff expiry is the scheduler's own ``buff_expiry`` job (``bot/jobs/cleanup``).
Announcements use :func:`bot.announce.announce` in the unit's transaction (chat + feed).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from bot.announce import announce, announce_moments
from bot.format import money
from bot.handlers.casino import ensure_open_draw, settle_blackjack_hand
from bot.repository import casino as repo
from bot.repository import races as race_repo
from bot.repository.effects import apply_effects, tier_label
from bot.repository.players import read_players
from bot.scheduler import CatchUp, JobCtx, job
from game import LedgerReason, Rules, WealthDelta
from game.casino.goals import round_progress
from game.casino.lottery import draw_lottery
from game.checkin import game_day
from game.races import Standing, race_payouts

__all__ = [
    "run_casino_jobs","auto_stand_hands", "draw_lottery_due", "expire_flips", "settle_races"]



async def _announce(conn: asyncpg.Connection, key: str, title: str, text: str) -> None:
    """A chat announcement and a feed post, once per ``key``, in the caller's transaction."""
    await announce(conn, text, feed=True, title=title, key=key)


async def auto_stand_hands(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> int:
    before = slot - timedelta(minutes=rules.casino.blackjack.idle_minutes)
    async with pool.acquire() as conn:
        idle = await repo.idle_hands(conn, before)
    done = 0
    for hand_id, user_id in idle:
        async with pool.acquire() as conn, conn.transaction():
            row = await repo.lock_hand_by_id(conn, hand_id)
            if row is None or row.acted_at > before:
                continue
            tier = tier_label((await read_players(conn, (user_id,)))[user_id].tier)
            await settle_blackjack_hand(conn, row, rules=rules, now=slot, tier=tier,
                                        source_event_id=f"blackjack-auto-stand:{hand_id}")
            done += 1
    return done


async def expire_flips(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> int:
    async with pool.acquire() as conn:
        due = await repo.due_flips(conn, slot)
    done = 0
    for flip_id in due:
        async with pool.acquire() as conn, conn.transaction():
            closed = await repo.expire_flip(conn, flip_id, slot)
            if closed is None:
                continue
            challenger, stake = closed
            refund = WealthDelta(challenger, stake, LedgerReason.FLIP_REFUND, flip_id)
            await apply_effects(conn, (refund,), game_day=game_day(slot, rules), now=slot, source="casino", rules=rules)
            done += 1
    return done


async def draw_lottery_due(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> int:
    """Draw the open lottery if its deadline has passed, pay the winners, open the next draw."""
    lr = rules.casino.lottery
    async with pool.acquire() as conn, conn.transaction():
        due = await repo.lock_due_draw(conn, slot)
        if due is None:
            return 0
        tickets = await repo.draw_tickets(conn, due.draw_id)
        result = draw_lottery(due.server_seed, tickets, due.draw_id, due.pot, rules=lr)
        if not await repo.record_draw(conn, due.draw_id, result.client_seed, result.combined, result.numbers,
                                      len(result.winners), result.share, result.rollover, slot):
            return 0
        day = game_day(slot, rules)
        payouts = [WealthDelta(t.user_id, result.share, LedgerReason.WIN_LOTTERY, due.draw_id)
                   for t in result.winners if result.share]
        if payouts:
            wins = [g for p in payouts for g in round_progress(p.user_id, "lottery", True, streak=None)]
            applied = await apply_effects(conn, [*payouts, *wins], game_day=day, now=slot, source="casino",
                                          rules=rules)
            await announce_moments(conn, applied.moments, now=slot)
        for p in payouts:
            await repo.record_gamble(conn, p.user_id, "lottery", day, bets=0, wagered=0, won=p.amount)
        numbers = "-".join(str(n) for n in result.numbers)
        if result.winners:
            names = await read_players(conn, {t.user_id for t in result.winners})
            who = ", ".join(sorted({names[t.user_id].name for t in result.winners}))
            text = (f"🎟️ Lottery draw #{due.draw_id}: {numbers}! {who} win {money(result.share)} per ticket. "
                    f"Seed revealed: !verify lottery {due.draw_id}")
        else:
            text = (f"🎟️ Lottery draw #{due.draw_id}: {numbers}. No winner: {money(result.rollover)} rolls over. "
                    f"Seed revealed: !verify lottery {due.draw_id}")
        await _announce(conn, f"lottery:{due.draw_id}", "🎟️ Lottery draw", text)
        await ensure_open_draw(conn, rules, slot)
    return 1


async def settle_races(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> int:
    """Pay every race that ended by ``slot``, once (``races/settle`` is conditional)."""
    async with pool.acquire() as conn:
        due = await race_repo.due(conn, slot)
    done = 0
    for race_id in due:
        async with pool.acquire() as conn, conn.transaction():
            race = await race_repo.settle(conn, race_id, slot)
            if race is None:
                continue
            scores = await race_repo.standings(conn, race.metric, race.starts_on, race.ends_on)
            names = {s.user_id: s.name for s in scores}
            paid = race_payouts(race.prize, [Standing(s.user_id, s.score) for s in scores], race.places,
                                rules.casino.races)
            moves = [WealthDelta(s.user_id, amount, LedgerReason.RACE_PRIZE, race_id) for s, amount in paid if amount]
            if moves:
                await apply_effects(conn, moves, game_day=game_day(slot, rules), now=slot, source="race", rules=rules)
            for place, (s, amount) in enumerate(paid, 1):
                await race_repo.results(conn, race_id, place, s.user_id, s.score, amount)
            podium = ", ".join(f"{i}. {names[s.user_id]} {money(a)}" for i, (s, a) in enumerate(paid, 1))
            text = (f"🏁 Race #{race_id} ({race.metric}) is over! {podium}" if paid
                    else f"🏁 Race #{race_id} ({race.metric}) ended with nobody on the board.")
            await _announce(conn, f"race:{race_id}", "🏁 Race results", text)
            done += 1
    return done


async def run_casino_jobs(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> dict[str, int]:
    """Every casino job for one slot, in order (tests and one-off runs)."""
    return {
        "blackjack_auto_stand": await auto_stand_hands(pool, rules, slot),
        "flip_expiry": await expire_flips(pool, rules, slot),
        "lottery_draw": await draw_lottery_due(pool, rules, slot),
        "race_settlement": await settle_races(pool, rules, slot),
    }



# -- declared jobs (the scheduler runs them; each minute, the latest missed slot once) -------

_MINUTE = timedelta(minutes=1)


@job("blackjack_auto_stand", every=_MINUTE, catch_up=CatchUp.LATEST, atomic=False)
async def blackjack_auto_stand(ctx: JobCtx, slot: datetime) -> int:
    """Stand blackjack hands left alone for 5 minutes."""
    return await auto_stand_hands(ctx.pool, ctx.rules, slot)


@job("flip_expiry", every=_MINUTE, catch_up=CatchUp.LATEST, atomic=False)
async def flip_expiry(ctx: JobCtx, slot: datetime) -> int:
    """Expire coin-flip challenges after 10 minutes and refund the challenger."""
    return await expire_flips(ctx.pool, ctx.rules, slot)


@job("lottery_draw", every=_MINUTE, catch_up=CatchUp.LATEST, atomic=False)
async def lottery_draw(ctx: JobCtx, slot: datetime) -> int:
    """Draw the lottery whose deadline passed, pay its winners and open the next draw."""
    return await draw_lottery_due(ctx.pool, ctx.rules, slot)


@job("race_settlement", every=_MINUTE, catch_up=CatchUp.LATEST, atomic=False)
async def race_settlement(ctx: JobCtx, slot: datetime) -> int:
    """Pay every race that has ended, once, and announce the results."""
    return await settle_races(ctx.pool, ctx.rules, slot)
