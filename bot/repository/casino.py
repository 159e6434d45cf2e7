"""Casino rows: the jackpot, blackjack hands, coin-flip challenges, lottery draws and tickets,
gambling stats and loss limits. Money itself moves only through the wallet/ledger path
(``bot.repository.effects``); these statements hold the game state beside it, in the same
transaction. Conditional updates decide races: a challenge is claimed by exactly one accept
(``flip_claim``), a draw is drawn once (``record_draw``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from bot.sql import QUERIES
from game.casino.blackjack import BlackjackHand
from game.casino.limits import LossLimit
from game.casino.lottery import Ticket

__all__ = [
    "DrawRow",
    "FlipRow",
    "GambleStat",
    "GambleToday",
    "HandRow",
    "Jackpot",
    "OpenDraw",
]

Q = QUERIES


@dataclass(frozen=True, slots=True)
class Jackpot:
    pool: int
    last_winner: str | None
    last_won_amount: int | None
    last_won_at: datetime | None


def _jackpot(r: asyncpg.Record) -> Jackpot:
    return Jackpot(r["pool"], r["last_winner"], r["last_won_amount"], r["last_won_at"])


async def lock_jackpot(conn: asyncpg.Connection, seed: int) -> Jackpot:
    await conn.execute(Q["casino/jackpot_ensure"], seed)
    return _jackpot(await conn.fetchrow(Q["casino/jackpot_lock"]))


async def read_jackpot(conn: asyncpg.Connection, seed: int) -> Jackpot:
    r = await conn.fetchrow(Q["casino/jackpot_read"])
    return Jackpot(seed, None, None, None) if r is None else _jackpot(r)


async def set_jackpot(
    conn: asyncpg.Connection, pool: int, winner: int | None, amount: int, now: datetime
) -> None:
    await conn.execute(Q["casino/jackpot_set"], pool, winner, amount, now)


# -- gambling stats and limits -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GambleToday:
    wagered: int
    won: int
    limit: LossLimit

    @property
    def net_loss(self) -> int:
        return self.wagered - self.won


async def gamble_today(conn: asyncpg.Connection, user_id: int, day: date) -> GambleToday:
    r = await conn.fetchrow(Q["gamble/today"], user_id, day)
    limit = LossLimit(r["daily_loss_limit"], r["previous_limit"], r["effective_from"])
    return GambleToday(r["wagered"], r["won"], limit)


async def record_gamble(
    conn: asyncpg.Connection, user_id: int, game: str, day: date, *, bets: int, wagered: int, won: int
) -> None:
    await conn.execute(Q["gamble/record"], user_id, game, day, bets, wagered, won)


async def step_win_streak(conn: asyncpg.Connection, user_id: int, won: bool) -> int:
    """Step the player's casino win streak after a won or lost round; the new streak."""
    streak: int = await conn.fetchval(Q["gamble/step_streak"], user_id, won)
    return streak


async def store_limit(conn: asyncpg.Connection, user_id: int, limit: LossLimit) -> None:
    await conn.execute(Q["gamble/set_limit"], user_id, limit.limit, limit.previous, limit.effective_from)


@dataclass(frozen=True, slots=True)
class GambleStat:
    game: str
    bets: int
    wagered: int
    won: int
    biggest_win: int

    @property
    def net(self) -> int:
        return self.won - self.wagered


async def gamble_stats(conn: asyncpg.Connection, user_id: int) -> list[GambleStat]:
    return [GambleStat(r["game"], r["bets"], r["wagered"], r["won"], r["biggest_win"])
            for r in await conn.fetch(Q["gamble/stats"], user_id)]


@dataclass(frozen=True, slots=True)
class BoardLine:
    name: str
    wagered: int
    won: int
    net: int


async def gamble_board(conn: asyncpg.Connection, order: str, limit: int = 10) -> list[BoardLine]:
    return [BoardLine(r["name"], r["wagered"], r["won"], r["net"])
            for r in await conn.fetch(Q["gamble/board"], order, limit)]


# -- blackjack -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandRow:
    hand_id: int
    user_id: int
    hand: BlackjackHand
    seed_id: int
    nonce: int
    acted_at: datetime


def _state(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


async def lock_hand(conn: asyncpg.Connection, user_id: int) -> HandRow | None:
    r = await conn.fetchrow(Q["casino/hand_lock"], user_id)
    if r is None:
        return None
    return HandRow(r["hand_id"], user_id, BlackjackHand.from_json(_state(r["state"])),
                   r["rng_seed_id"], r["rng_nonce"], r["acted_at"])


async def lock_hand_by_id(conn: asyncpg.Connection, hand_id: int) -> HandRow | None:
    r = await conn.fetchrow(Q["casino/hand_lock_by_id"], hand_id)
    if r is None:
        return None
    return HandRow(r["hand_id"], r["user_id"], BlackjackHand.from_json(_state(r["state"])),
                   r["rng_seed_id"], r["rng_nonce"], r["acted_at"])


def _hand_params(hand: BlackjackHand) -> tuple[int, dict[str, Any], str, str | None, int]:
    status = "settled" if hand.done else "playing"
    result = None if hand.result is None else hand.result.value
    return hand.bet, hand.to_json(), status, result, hand.payout


async def insert_hand(
    conn: asyncpg.Connection, user_id: int, hand: BlackjackHand, seed_id: int, nonce: int, now: datetime
) -> int:
    return await conn.fetchval(Q["casino/hand_insert"], user_id, *_hand_params(hand), seed_id, nonce, now)


async def update_hand(conn: asyncpg.Connection, hand_id: int, hand: BlackjackHand, now: datetime) -> bool:
    return await conn.fetchval(Q["casino/hand_update"], hand_id, *_hand_params(hand), now) is not None


async def idle_hands(conn: asyncpg.Connection, before: datetime, limit: int = 500) -> list[tuple[int, int]]:
    return [(r["hand_id"], r["user_id"]) for r in await conn.fetch(Q["casino/hands_idle"], before, limit)]


# -- coin flips ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlipRow:
    flip_id: int
    challenger: str
    side: str
    stake: int
    expires_at: datetime
    challenger_id: int = 0
    status: str = "open"


async def insert_flip(
    conn: asyncpg.Connection, user_id: int, side: str, stake: int, now: datetime, expires: datetime
) -> int | None:
    return await conn.fetchval(Q["casino/flip_insert"], user_id, side, stake, now, expires)


async def get_flip(conn: asyncpg.Connection, flip_id: int) -> FlipRow | None:
    r = await conn.fetchrow(Q["casino/flip_get"], flip_id)
    if r is None:
        return None
    return FlipRow(r["flip_id"], r["challenger"], r["side"], r["stake"], r["expires_at"],
                   r["challenger_id"], r["status"])


async def claim_flip(conn: asyncpg.Connection, flip_id: int, acceptor: int, now: datetime) -> tuple[int, str] | None:
    """Take an open challenge for ``acceptor``: its (stake, side called), or None if it is gone."""
    r = await conn.fetchrow(Q["casino/flip_claim"], flip_id, acceptor, now)
    return None if r is None else (r["stake"], r["side"])


async def settle_flip(
    conn: asyncpg.Connection, flip_id: int, landed: str, winner: int, payout: int, rake: int,
    seed_id: int, nonce: int,
) -> None:
    await conn.execute(Q["casino/flip_settle"], flip_id, landed, winner, payout, rake, seed_id, nonce)


async def cancel_own_flip(conn: asyncpg.Connection, user_id: int, now: datetime) -> tuple[int, int] | None:
    r = await conn.fetchrow(Q["casino/flip_close_own"], user_id, now)
    return None if r is None else (r["flip_id"], r["stake"])


async def expire_flip(conn: asyncpg.Connection, flip_id: int, slot: datetime) -> tuple[int, int] | None:
    r = await conn.fetchrow(Q["casino/flip_expire"], flip_id, slot)
    return None if r is None else (r["challenger_id"], r["stake"])


async def due_flips(conn: asyncpg.Connection, slot: datetime, limit: int = 500) -> list[int]:
    return [r["flip_id"] for r in await conn.fetch(Q["casino/flips_due"], slot, limit)]


async def open_flips(conn: asyncpg.Connection, now: datetime, limit: int = 10) -> list[FlipRow]:
    return [FlipRow(r["flip_id"], r["challenger"], r["side"], r["stake"], r["expires_at"])
            for r in await conn.fetch(Q["casino/flips_open"], now, limit)]


# -- lottery -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenDraw:
    draw_id: int
    seed_hash: str
    opens_at: datetime
    closes_at: datetime
    pot: int
    tickets: int = 0


async def lock_open_draw(conn: asyncpg.Connection) -> OpenDraw | None:
    r = await conn.fetchrow(Q["lottery/open_lock"])
    if r is None:
        return None
    return OpenDraw(r["draw_id"], bytes(r["server_seed_hash"]).hex(), r["opens_at"], r["closes_at"], r["pot"])


async def read_open_draw(conn: asyncpg.Connection) -> OpenDraw | None:
    r = await conn.fetchrow(Q["lottery/open_read"])
    if r is None:
        return None
    return OpenDraw(r["draw_id"], bytes(r["server_seed_hash"]).hex(), r["opens_at"], r["closes_at"],
                    r["pot"], r["tickets"])


async def last_rollover(conn: asyncpg.Connection) -> tuple[int, int, int]:
    """(rollover, winners of the latest drawn draw, draws ever opened)."""
    r = await conn.fetchrow(Q["lottery/last_rollover"])
    return r["rollover"], r["winners"], r["draws"]


async def create_draw(
    conn: asyncpg.Connection, server_seed: bytes, opens: datetime, closes: datetime, pot: int
) -> int | None:
    return await conn.fetchval(Q["lottery/create"], server_seed, opens, closes, pot)


async def buy_ticket(
    conn: asyncpg.Connection, draw_id: int, user_id: int, numbers: tuple[int, ...], price: int,
    to_pot: int, now: datetime,
) -> tuple[int, int]:
    r = await conn.fetchrow(Q["lottery/buy_ticket"], draw_id, user_id, list(numbers), price, to_pot, now)
    return r["ticket_id"], r["pot"]


async def user_tickets(conn: asyncpg.Connection, draw_id: int, user_id: int) -> list[Ticket]:
    return [Ticket(r["ticket_id"], tuple(r["numbers"]), user_id)
            for r in await conn.fetch(Q["lottery/user_tickets"], draw_id, user_id)]


async def draw_tickets(conn: asyncpg.Connection, draw_id: int) -> list[Ticket]:
    return [Ticket(r["ticket_id"], tuple(r["numbers"]), r["user_id"])
            for r in await conn.fetch(Q["lottery/tickets"], draw_id)]


@dataclass(frozen=True, slots=True)
class DueDraw:
    draw_id: int
    server_seed: bytes
    closes_at: datetime
    pot: int


async def lock_due_draw(conn: asyncpg.Connection, slot: datetime) -> DueDraw | None:
    r = await conn.fetchrow(Q["lottery/due"], slot)
    return None if r is None else DueDraw(r["draw_id"], bytes(r["server_seed"]), r["closes_at"], r["pot"])


async def record_draw(
    conn: asyncpg.Connection, draw_id: int, client_seed: str, combined: str, numbers: tuple[int, ...],
    winners: int, share: int, rollover: int, slot: datetime,
) -> bool:
    return await conn.fetchval(
        Q["lottery/record_draw"], draw_id, client_seed, combined, list(numbers), winners, share, rollover, slot
    ) is not None


@dataclass(frozen=True, slots=True)
class DrawRow:
    draw_id: int
    drawn: bool
    server_seed: bytes | None
    seed_hash: str
    pot: int
    client_seed: str | None
    combined: str | None
    numbers: tuple[int, ...]
    winners: int
    share: int
    rollover: int
    closes_at: datetime


async def get_draw(conn: asyncpg.Connection, draw_id: int) -> DrawRow | None:
    r = await conn.fetchrow(Q["lottery/drawn"], draw_id)
    if r is None:
        return None
    return DrawRow(
        r["draw_id"], r["status"] == "drawn", None if r["server_seed"] is None else bytes(r["server_seed"]),
        bytes(r["server_seed_hash"]).hex(), r["pot"], r["client_seed"], r["combined"],
        tuple(r["winning_numbers"] or ()), r["winners"] or 0, r["share"] or 0, r["rollover"] or 0,
        r["closes_at"],
    )
