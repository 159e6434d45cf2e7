"""Casino, depot and race jobs: blackjack auto-stand, coin-flip expiry and refund, the lottery
draw, buff expiry and race settlement.

Until the scheduler (issue 14) lands these are plain async functions ``(pool, rules, slot)``
returning how many things they processed; each unit of work is its own transaction guarded by a
conditional update, so running a job twice for one slot (or two workers at once) does nothing
the second time. Announcements go through the outbox in the same transaction: a ``feed`` row
(Discord feed) and an ``announce`` row (to every connected chat; delivered by the
scheduler's announce path once it lands).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta

import asyncpg
import structlog

from bot.clock import Clock
from bot.format import money
from bot.handlers.casino import ensure_open_draw, settle_blackjack_hand
from bot.outbox import queue_announcement
from bot.repository import casino as repo
from bot.repository import depot
from bot.repository import races as race_repo
from bot.repository.effects import apply_effects, tier_label
from bot.repository.players import read_players
from game import LedgerReason, Rules, WealthDelta
from game.casino.lottery import draw_lottery
from game.checkin import game_day
from game.races import Standing, race_payouts

__all__ = [
    "CasinoTicker",
    "run_casino_jobs","auto_stand_hands", "draw_lottery_due", "expire_buffs", "expire_flips", "settle_races"]



log = structlog.get_logger("kingpin.casino")


async def announce(conn: asyncpg.Connection, key: str, title: str, text: str, *, kind: str) -> None:
    """A chat announcement and a feed post, once per ``key``, in the caller's transaction."""
    await queue_announcement(conn, key, title, text, moment=kind)


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
            await apply_effects(conn, (refund,), game_day=game_day(slot, rules), now=slot, source="casino")
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
            await apply_effects(conn, payouts, game_day=day, now=slot, source="casino")
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
        await announce(conn, f"lottery:{due.draw_id}", "🎟️ Lottery draw", text, kind="lottery_draw")
        await ensure_open_draw(conn, rules, slot)
    return 1


async def expire_buffs(pool: asyncpg.Pool, slot: datetime) -> int:
    """Deactivate buffs whose time is up (reads already ignore them; this keeps rows honest)."""
    async with pool.acquire() as conn, conn.transaction():
        return await depot.expire_buffs(conn, slot)


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
                await apply_effects(conn, moves, game_day=game_day(slot, rules), now=slot, source="race")
            for place, (s, amount) in enumerate(paid, 1):
                await race_repo.results(conn, race_id, place, s.user_id, s.score, amount)
            podium = ", ".join(f"{i}. {names[s.user_id]} {money(a)}" for i, (s, a) in enumerate(paid, 1))
            text = (f"🏁 Race #{race_id} ({race.metric}) is over! {podium}" if paid
                    else f"🏁 Race #{race_id} ({race.metric}) ended with nobody on the board.")
            await announce(conn, f"race:{race_id}", "🏁 Race results", text, kind="race_result")
            done += 1
    return done


async def run_casino_jobs(pool: asyncpg.Pool, rules: Rules, slot: datetime) -> dict[str, int]:
    """Every casino job for one slot, in order (what the scheduler runs every few minutes)."""
    return {
        "blackjack_auto_stand": await auto_stand_hands(pool, rules, slot),
        "flip_expiry": await expire_flips(pool, rules, slot),
        "lottery_draw": await draw_lottery_due(pool, rules, slot),
        "buff_expiry": await expire_buffs(pool, slot),
        "race_settlement": await settle_races(pool, rules, slot),
    }


class CasinoTicker:
    """Runs :func:`run_casino_jobs` every ``interval`` seconds on ``clock`` (production only).

    A stand-in until the scheduler (issue 14) runs these jobs on their crons; safe beside it,
    since every job is idempotent per slot and per row.
    """

    def __init__(self, pool: asyncpg.Pool, rules: Rules, clock: Clock, *, interval: float = 60.0) -> None:
        self._pool, self._rules, self._clock, self._interval = pool, rules, clock, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="casino-jobs")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                done = await run_casino_jobs(self._pool, self._rules, self._clock.now())
                if any(done.values()):
                    log.info("casino.jobs", **done)
            except (asyncpg.PostgresError, OSError) as exc:
                log.warning("casino.jobs_failed", error=repr(exc))
            await asyncio.sleep(self._interval)
