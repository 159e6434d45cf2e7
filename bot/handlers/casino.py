"""The casino: !slots, !jackpot, !blackjack/!hit/!stand/!double, coin-flip duels, the lottery,
!gamblestats, !gamblers, !odds, !limit and !verify lottery.

Every bet runs in the command's one transaction: the player row is locked, the bet checked
(minimum, maximum, balance, daily loss limit), the stake leaves the wallet through the ledger
(``bet_*``), the fair roll decides, returns come back through the ledger (``win_*``,
``jackpot``), and the game rows (jackpot pool, hand, challenge, ticket) and gambling stats are
written beside them. A refusal writes nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from bot.announce import announce_moments
from bot.answers.casino import (
    BetRefused,
    BlackjackAnswer,
    FlipAnswer,
    FlipsAnswer,
    GamblersAnswer,
    GambleStatsAnswer,
    JackpotAnswer,
    LimitAnswer,
    LotteryAnswer,
    LottoAnswer,
    OddsAnswer,
    SlotsAnswer,
    VerifyAnswer,
)
from bot.commanding import Arg, UsageError, command, parse_amount
from bot.context import CommandCtx, Roll
from bot.handlers.common import commit_resolution, lock_actor
from bot.repository import Connection
from bot.repository import casino as repo
from bot.repository.effects import GameEventRow, apply_effects
from bot.repository.players import PlayerRow, lock_players, read_players
from game import Effect, LedgerReason, Resolved, Rules, WealthDelta
from game.casino.blackjack import Action, BlackjackHand, play_action, start_hand
from game.casino.coinflip import Side, flip_duel
from game.casino.goals import round_progress, round_result
from game.casino.limits import check_bet, effective_limit, set_limit
from game.casino.lottery import parse_picks, verify_lottery
from game.casino.odds import casino_odds, lottery_odds
from game.casino.slots import spin_slots
from game.checkin import game_day, next_game_day_start

TOPIC = "casino"  # listed under !help casino

__all__ = ["ensure_open_draw", "settle_blackjack_hand", "verify_draw"]

R = LedgerReason


# -- shared helpers ----------------------------------------------------------------------------


def _limit_amount(text: str) -> int:
    value = parse_amount(text)
    if value is None:
        raise UsageError(f"'{text[:20]}' is not a valid limit (a whole number of dollars above 0, or off).")
    return value


async def _check(
    ctx: CommandCtx, actor: PlayerRow, game: str, bet: int, min_bet: int
) -> BetRefused | None:
    today = await repo.gamble_today(ctx.conn, actor.user_id, ctx.day)
    lim = ctx.rules.casino.limits
    limit = effective_limit(today.limit, ctx.day, lim)
    refusal = check_bet(bet, min_bet=min_bet, wealth=actor.wealth, net_loss_today=today.net_loss,
                        limit=limit, rules=lim)
    if refusal is None:
        return None
    room = max(0, limit - max(0, today.net_loss))
    return BetRefused(actor.name, game, refusal, bet, min_bet, lim.max_bet, actor.wealth, room)


async def _round_goals(
    conn: Connection, user_id: int, game: str, staked: int, paid_back: int, *, jackpot: bool = False
) -> tuple[Effect, ...]:
    """Goal progress of one settled round; a won or lost round steps the stored win streak."""
    won = round_result(staked, paid_back)
    if won is None:
        return ()
    streak = await repo.step_win_streak(conn, user_id, won)
    return round_progress(user_id, game, won, streak=streak, jackpot=jackpot)


def _balance(applied: Any, actor: PlayerRow) -> int:
    return applied.wealth.get(actor.user_id, actor.wealth)


# -- slots -------------------------------------------------------------------------------------


@command("slots", aliases=("slot",), args=(Arg.amount(help="How much to bet"),), throttle=5,
         help="Spin three reels; three 7s win the progressive jackpot.")
async def slots(ctx: CommandCtx, amount: int) -> SlotsAnswer | BetRefused:
    bet = amount
    sr = ctx.rules.casino.slots
    actor = await lock_actor(ctx)
    refused = await _check(ctx, actor, "slots", bet, sr.min_bet)
    if refused:
        return refused
    rng = await ctx.rng()
    jackpot = await repo.lock_jackpot(ctx.conn, sr.jackpot_seed)
    spin = spin_slots(bet, jackpot.pool, rules=sr, rng=rng)
    uid = actor.user_id
    effects: list[Effect] = [WealthDelta(uid, -bet, R.BET_SLOTS)]
    line_win = spin.payout - spin.jackpot_paid
    if line_win:
        effects.append(WealthDelta(uid, line_win, R.WIN_SLOTS))
    if spin.jackpot_paid:
        effects.append(WealthDelta(uid, spin.jackpot_paid, R.JACKPOT))
    effects += await _round_goals(ctx.conn, uid, "slots", bet, spin.payout, jackpot=spin.jackpot_hit)
    applied = await commit_resolution(
        ctx, Resolved(spin, tuple(effects)), event_type="slots", actor=actor, success=spin.payout > 0,
        description=" ".join(spin.reels),
        details={"bet": bet, "reels": list(spin.reels), "payout": spin.payout, "jackpot": spin.jackpot_paid},
    )
    pool = sr.jackpot_seed if spin.jackpot_hit else jackpot.pool + spin.contribution
    await repo.set_jackpot(ctx.conn, pool, uid if spin.jackpot_hit else None, spin.jackpot_paid, ctx.now)
    await repo.record_gamble(ctx.conn, uid, "slots", ctx.day, bets=1, wagered=bet, won=spin.payout)
    return SlotsAnswer(actor.name, spin, _balance(applied, actor), pool)


@command("jackpot", listed=False, aliases=("jp",), throttle=10, help="The slots jackpot pool and its last winner.")
async def jackpot(ctx: CommandCtx) -> JackpotAnswer:
    sr = ctx.rules.casino.slots
    found = await repo.read_jackpot(ctx.conn, sr.jackpot_seed)
    return JackpotAnswer(found, len(sr.reel) ** 3 // sr.reel.count(sr.jackpot_symbol) ** 3)


# -- blackjack ---------------------------------------------------------------------------------


def _hand_effects(user_id: int, before: BlackjackHand | None, after: BlackjackHand) -> list[WealthDelta]:
    effects: list[WealthDelta] = []
    extra = after.bet - (before.bet if before else 0)
    if extra:
        effects.append(WealthDelta(user_id, -extra, R.BET_BLACKJACK))
    if after.done and after.payout:
        effects.append(WealthDelta(user_id, after.payout, R.WIN_BLACKJACK))
    return effects


async def settle_blackjack_hand(
    conn: Connection, row: repo.HandRow, *, rules: Rules, now: datetime, tier: str,
    source_platform: str = "system", source_event_id: str = "",
) -> tuple[BlackjackHand, int | None]:
    """Stand an idle hand (the auto-stand job, or a late action): pays and stores it."""
    hand = play_action(row.hand, Action.STAND, rules=rules.casino.blackjack)
    effects: list[Effect] = [*_hand_effects(row.user_id, row.hand, hand)]
    effects += await _round_goals(conn, row.user_id, "blackjack", hand.bet, hand.payout)
    event = GameEventRow(
        row.user_id, "blackjack_auto_stand", hand.payout - (hand.bet - row.hand.bet), 0, None, tier, None,
        hand.payout > hand.bet, False, {"hand": row.hand_id, "result": str(hand.result)},
        source_platform, source_event_id or f"blackjack-auto-stand:{row.hand_id}", row.seed_id, row.nonce,
    )
    day = game_day(now, rules)
    applied = await apply_effects(conn, effects, game_day=day, now=now, game_event=event, source="casino", rules=rules)
    await announce_moments(conn, applied.moments, now=now)  # no command reply carries them
    await repo.update_hand(conn, row.hand_id, hand, now)
    await repo.record_gamble(conn, row.user_id, "blackjack", day, bets=0, wagered=0, won=hand.payout)
    return hand, applied.wealth.get(row.user_id)


def _idle(row: repo.HandRow, ctx: CommandCtx) -> bool:
    return ctx.now >= row.acted_at + timedelta(minutes=ctx.rules.casino.blackjack.idle_minutes)


@command("blackjack", aliases=("bj", "21"), args=(Arg.amount(help="How much to bet"),), throttle=10,
         help="Deal a blackjack hand (3:2, dealer stands on soft 17, double on any two).")
async def blackjack(ctx: CommandCtx, amount: int) -> BlackjackAnswer | BetRefused:
    bet = amount
    br = ctx.rules.casino.blackjack
    actor = await lock_actor(ctx)
    current = await repo.lock_hand(ctx.conn, actor.user_id)
    if current is not None:
        if _idle(current, ctx):
            hand, balance = await settle_blackjack_hand(
                ctx.conn, current, rules=ctx.rules, now=ctx.now, tier=str(actor.tier).capitalize(),
                source_platform=ctx.platform.value, source_event_id=ctx.event.event_id,
            )
            return BlackjackAnswer(actor.name, hand, balance, auto_stood=True)
        return BlackjackAnswer(actor.name, current.hand, already=True)
    refused = await _check(ctx, actor, "blackjack", bet, br.min_bet)
    if refused:
        return refused
    rng = await ctx.rng()
    roll = ctx.roll
    assert roll is not None
    hand = start_hand(bet, rules=br, rng=rng)
    effects: list[Effect] = [*_hand_effects(actor.user_id, None, hand)]
    if hand.done:  # a natural, or the dealer's: settled at once
        effects += await _round_goals(ctx.conn, actor.user_id, "blackjack", hand.bet, hand.payout)
    applied = await commit_resolution(
        ctx, Resolved(hand, tuple(effects)), event_type="blackjack", actor=actor,
        success=None if not hand.done else hand.payout > hand.bet,
        details={"bet": bet, "player": list(hand.player), "dealer_up": hand.dealer[0],
                 "result": None if hand.result is None else hand.result.value},
    )
    await repo.insert_hand(ctx.conn, actor.user_id, hand, roll.seed_id, roll.nonce, ctx.now)
    await repo.record_gamble(ctx.conn, actor.user_id, "blackjack", ctx.day, bets=1, wagered=bet, won=hand.payout)
    return BlackjackAnswer(actor.name, hand, _balance(applied, actor))


async def _act(ctx: CommandCtx, action: Action) -> BlackjackAnswer:
    actor = await lock_actor(ctx)
    row = await repo.lock_hand(ctx.conn, actor.user_id)
    if row is None:
        return BlackjackAnswer(actor.name, None)
    if _idle(row, ctx):
        hand, balance = await settle_blackjack_hand(
            ctx.conn, row, rules=ctx.rules, now=ctx.now, tier=str(actor.tier).capitalize(),
            source_platform=ctx.platform.value, source_event_id=ctx.event.event_id,
        )
        return BlackjackAnswer(actor.name, hand, balance, auto_stood=True)
    if action is Action.DOUBLE:
        if not row.hand.can_double:
            return BlackjackAnswer(actor.name, row.hand, cannot_double=True)
        refused = await _check(ctx, actor, "blackjack", row.hand.bet, 0)
        if refused:
            return BlackjackAnswer(actor.name, row.hand, refused=refused)
    hand = play_action(row.hand, action, rules=ctx.rules.casino.blackjack)
    effects: list[Effect] = [*_hand_effects(actor.user_id, row.hand, hand)]
    if hand.done:
        effects += await _round_goals(ctx.conn, actor.user_id, "blackjack", hand.bet, hand.payout)
    ctx.rolls.append(Roll(row.seed_id, row.nonce))  # the hand's shoe came from this roll
    applied = await commit_resolution(
        ctx, Resolved(hand, tuple(effects)), event_type=f"blackjack_{action.value}", actor=actor,
        success=None if not hand.done else hand.payout > hand.bet,
        details={"hand": row.hand_id, "player": list(hand.player),
                 "result": None if hand.result is None else hand.result.value},
    )
    await repo.update_hand(ctx.conn, row.hand_id, hand, ctx.now)
    extra = hand.bet - row.hand.bet
    if extra or hand.done:
        await repo.record_gamble(ctx.conn, actor.user_id, "blackjack", ctx.day, bets=0, wagered=extra,
                                 won=hand.payout if hand.done else 0)
    return BlackjackAnswer(actor.name, hand, _balance(applied, actor))


@command("hit", listed=False, throttle=2, help="Blackjack: take a card.")
async def hit(ctx: CommandCtx) -> BlackjackAnswer:
    return await _act(ctx, Action.HIT)


@command("stand", listed=False, aliases=("stay",), throttle=2, help="Blackjack: stand.")
async def stand(ctx: CommandCtx) -> BlackjackAnswer:
    return await _act(ctx, Action.STAND)


@command("double", listed=False, aliases=("dd",), throttle=2, help="Blackjack: double the stake, take one card and stand.")
async def double(ctx: CommandCtx) -> BlackjackAnswer:
    return await _act(ctx, Action.DOUBLE)


# -- coin flips --------------------------------------------------------------------------------


@command(
    "flip", aliases=("coinflip", "cf"), throttle=30,
    args=(Arg.amount(help="Your stake"),
          Arg.choice("side", ("heads", "tails"), words={"h": "heads", "head": "heads", "t": "tails", "tail": "tails"},
                     help="Your side", error="'{value}' is not heads or tails.")),
    help="Challenge chat to a coin-flip duel (expires in 10 min).",
)
async def flip(ctx: CommandCtx, amount: int, side: str) -> FlipAnswer | BetRefused:
    stake, chosen = amount, Side(side)
    fr = ctx.rules.casino.flip
    actor = await lock_actor(ctx)
    refused = await _check(ctx, actor, "flip", stake, fr.min_bet)
    if refused:
        return refused
    expires = ctx.now + timedelta(minutes=fr.expire_minutes)
    flip_id = await repo.insert_flip(ctx.conn, actor.user_id, chosen.value, stake, ctx.now, expires)
    if flip_id is None:
        return FlipAnswer(actor.name, "already_open")
    escrow = WealthDelta(actor.user_id, -stake, R.FLIP_ESCROW, flip_id)
    applied = await commit_resolution(
        ctx, Resolved(flip_id, (escrow,)), event_type="flip_open", actor=actor,
        details={"flip": flip_id, "stake": stake, "side": chosen.value},
    )
    return FlipAnswer(actor.name, "created", flip_id, stake, chosen.value, expires, balance=_balance(applied, actor))


@command("accept", listed=False, aliases=("acceptflip",), throttle=5,
         args=(Arg.integer("challenge", minimum=1, maximum=999_999_999, label="challenge #",
                           help="The challenge number (!flips)", error="'{value}' is not a challenge number."),),
         help="Accept a coin-flip challenge.")
async def accept(ctx: CommandCtx, challenge: int) -> FlipAnswer | BetRefused:
    flip_id = challenge
    seen = await repo.get_flip(ctx.conn, flip_id)
    if seen is None:
        name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
        return FlipAnswer(name, "not_found", flip_id)
    players = await lock_players(ctx.conn, (ctx.actor_id, seen.challenger_id))
    actor = players[ctx.actor_id]
    if seen.challenger_id == actor.user_id:
        return FlipAnswer(actor.name, "own", flip_id)
    if seen.status != "open" or seen.expires_at <= ctx.now:
        return FlipAnswer(actor.name, "taken", flip_id, seen.stake, challenger=seen.challenger)
    refused = await _check(ctx, actor, "flip", seen.stake, 0)
    if refused:
        return refused
    claimed = await repo.claim_flip(ctx.conn, flip_id, actor.user_id, ctx.now)
    if claimed is None:  # another accept got there first
        return FlipAnswer(actor.name, "taken", flip_id, seen.stake, challenger=seen.challenger)
    stake, side = claimed[0], Side(claimed[1])
    rng = await ctx.rng()
    roll = ctx.roll
    assert roll is not None
    duel = flip_duel(stake, side, rules=ctx.rules.casino.flip, rng=rng)
    challenger = players[seen.challenger_id]
    winner = challenger if duel.challenger_wins else actor
    effects: list[Effect] = [
        WealthDelta(actor.user_id, -stake, R.FLIP_ESCROW, flip_id),
        WealthDelta(winner.user_id, duel.payout, R.WIN_FLIP, flip_id),
    ]
    for p in sorted((challenger, actor), key=lambda p: p.user_id):  # both rows are locked
        effects += await _round_goals(ctx.conn, p.user_id, "flip", stake, duel.payout if p is winner else 0)
    applied = await commit_resolution(
        ctx, Resolved(duel, tuple(effects)), event_type="flip_duel", actor=actor, target_id=challenger.user_id,
        success=not duel.challenger_wins,
        details={"flip": flip_id, "stake": stake, "landed": duel.landed.value, "winner": winner.user_id},
    )
    await repo.settle_flip(ctx.conn, flip_id, duel.landed.value, winner.user_id, duel.payout, duel.rake,
                           roll.seed_id, roll.nonce)
    for p in (challenger, actor):
        won = duel.payout if p is winner else 0
        await repo.record_gamble(ctx.conn, p.user_id, "flip", ctx.day, bets=1, wagered=stake, won=won)
    return FlipAnswer(actor.name, "accepted", flip_id, stake, side.value, duel=duel,
                      challenger=challenger.name, winner=winner.name, balance=_balance(applied, actor))


@command("flips", listed=False, aliases=("openflips",), throttle=10, help="Open coin-flip challenges.")
async def flips(ctx: CommandCtx) -> FlipsAnswer:
    return FlipsAnswer(tuple(await repo.open_flips(ctx.conn, ctx.now)))


@command("cancelflip", listed=False, throttle=5, help="Cancel your open coin-flip challenge (stake refunded).")
async def cancelflip(ctx: CommandCtx) -> FlipAnswer:
    actor = await lock_actor(ctx)
    closed = await repo.cancel_own_flip(ctx.conn, actor.user_id, ctx.now)
    if closed is None:
        return FlipAnswer(actor.name, "none_open")
    flip_id, stake = closed
    applied = await commit_resolution(
        ctx, Resolved(flip_id, (WealthDelta(actor.user_id, stake, R.FLIP_REFUND, flip_id),)),
        event_type="flip_cancel", actor=actor, details={"flip": flip_id},
    )
    return FlipAnswer(actor.name, "cancelled", flip_id, stake, balance=_balance(applied, actor))


# -- lottery -----------------------------------------------------------------------------------


async def ensure_open_draw(conn: Connection, rules: Rules, now: datetime) -> repo.OpenDraw:
    """The open draw, locked; opened (with a fresh committed seed) when there is none."""
    draw = await repo.lock_open_draw(conn)
    if draw is not None:
        return draw
    rollover, winners, draws = await repo.last_rollover(conn)
    # the house seeds the first pot and the pot after a win; otherwise the pot rolls over
    pot = rollover + (rules.casino.lottery.seed_pot if winners or not draws else 0)
    closes = next_game_day_start(now, rules)
    hours = rules.casino.lottery.draw_hours
    if hours != 24:
        closes = now + timedelta(hours=hours)
    await repo.create_draw(conn, secrets.token_bytes(32), now, closes, pot)
    draw = await repo.lock_open_draw(conn)
    assert draw is not None
    return draw


_PICK = "Pick 3 different numbers from 1 to 20."


@command("lottery", aliases=("lotto-buy",), throttle=10, strict=True,
         args=tuple(Arg.integer(f"n{i}", minimum=1, maximum=20, help=f"Number {i} (1-20)", error=_PICK) for i in (1, 2, 3)),
         help="Buy a lottery ticket: 3 different numbers from 1 to 20.")
async def lottery(ctx: CommandCtx, n1: int, n2: int, n3: int) -> LotteryAnswer | BetRefused:
    lr = ctx.rules.casino.lottery
    numbers = parse_picks([str(n1), str(n2), str(n3)], lr)
    if numbers is None:
        raise UsageError(f"Pick {lr.picks} different numbers from 1 to {lr.numbers}.")
    actor = await lock_actor(ctx)
    refused = await _check(ctx, actor, "lottery", lr.ticket_price, lr.ticket_price)
    if refused:
        return refused
    draw = await ensure_open_draw(ctx.conn, ctx.rules, ctx.now)
    if draw.closes_at <= ctx.now:
        return LotteryAnswer(actor.name, "closed", draw)
    held = await repo.user_tickets(ctx.conn, draw.draw_id, actor.user_id)
    if len(held) >= lr.max_tickets:
        return LotteryAnswer(actor.name, "too_many", draw, numbers, tickets_held=len(held))
    ticket_id, pot = await repo.buy_ticket(
        ctx.conn, draw.draw_id, actor.user_id, numbers, lr.ticket_price, int(lr.ticket_price * lr.pot_share), ctx.now
    )
    applied = await commit_resolution(
        ctx, Resolved(ticket_id, (WealthDelta(actor.user_id, -lr.ticket_price, R.LOTTERY_TICKET, draw.draw_id),)),
        event_type="lottery_ticket", actor=actor, details={"draw": draw.draw_id, "numbers": list(numbers)},
    )
    await repo.record_gamble(ctx.conn, actor.user_id, "lottery", ctx.day, bets=1, wagered=lr.ticket_price, won=0)
    draw = repo.OpenDraw(draw.draw_id, draw.seed_hash, draw.opens_at, draw.closes_at, pot)
    return LotteryAnswer(actor.name, "bought", draw, numbers, ticket_id, len(held) + 1, _balance(applied, actor))


@command("lotto", listed=False, aliases=("lottoinfo",), throttle=10, help="The current lottery draw: pot, tickets, deadline, seed hash.")
async def lotto(ctx: CommandCtx) -> LottoAnswer:
    lr = ctx.rules.casino.lottery
    draw = await repo.read_open_draw(ctx.conn)
    if draw is None:
        await ensure_open_draw(ctx.conn, ctx.rules, ctx.now)
        draw = await repo.read_open_draw(ctx.conn)
    assert draw is not None
    mine = await repo.user_tickets(ctx.conn, draw.draw_id, ctx.actor_id)

    return LottoAnswer(draw, lr.ticket_price, lottery_odds(lr), tuple(t.numbers for t in mine))


@command("verify", listed=False, args=(Arg.choice("what", ("lottery",), words={"lotto": "lottery"}, help="What to verify"),
                         Arg.integer("draw", minimum=1, maximum=999_999_999, label="draw #", help="The draw number")),
         help="Recompute a lottery draw from its revealed seed.")
async def verify(ctx: CommandCtx, what: str, draw: int) -> VerifyAnswer:
    return await verify_draw(ctx.conn, draw, ctx.rules)


async def verify_draw(conn: Connection, draw_id: int, rules: Rules) -> VerifyAnswer:
    """Recompute a drawn lottery from its revealed seed and its tickets (also the CLI's path)."""
    row = await repo.get_draw(conn, draw_id)
    if row is None or not row.drawn or row.server_seed is None:
        return VerifyAnswer(draw_id, row, None)
    tickets = await repo.draw_tickets(conn, draw_id)
    check = verify_lottery(row.server_seed, row.seed_hash, tickets, draw_id, row.numbers,
                           pot=row.pot, rules=rules.casino.lottery)
    return VerifyAnswer(draw_id, row, check, len(tickets))


# -- stats, odds, limits -----------------------------------------------------------------------


@command("gamblestats", listed=False, private=True, aliases=("gstats", "gamblingstat"), throttle=10,
         help="Your gambling per game: wagered, won, net, biggest win.")
async def gamblestats(ctx: CommandCtx) -> GambleStatsAnswer:
    name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
    return GambleStatsAnswer(name, tuple(await repo.gamble_stats(ctx.conn, ctx.actor_id)))


@command("gamblers", listed=False, aliases=("glb",), throttle=10,
         args=(Arg.choice("order", ("net", "wagered"), optional=True, default="net", help="Rank by"),),
         help="Gambling leaderboard by net winnings or amount wagered.")
async def gamblers(ctx: CommandCtx, order: str = "net") -> GamblersAnswer:
    return GamblersAnswer(order, tuple(await repo.gamble_board(ctx.conn, order)))

_TOPICS = ("slots", "jackpot", "blackjack", "flip", "lottery", "crates", "play", "rob")
_TOPIC_ALIASES = {"slot": "slots", "jp": "jackpot", "bj": "blackjack", "21": "blackjack", "coinflip": "flip",
                  "cf": "flip", "lotto": "lottery", "crate": "crates"}


@command("odds", private=True, aliases=("rtp",),
         args=(Arg.choice("game", _TOPICS, words=_TOPIC_ALIASES, optional=True, help="Which game or system"),),
         help="Published odds: each game's return to player, jackpot and lottery odds, crate and rob formulas.")
async def odds(ctx: CommandCtx, game: str | None = None) -> OddsAnswer:
    topic = game or "all"
    pool = 0
    if topic == "jackpot":
        pool = (await repo.read_jackpot(ctx.conn, ctx.rules.casino.slots.jackpot_seed)).pool
    return OddsAnswer(topic, casino_odds(ctx.rules.casino), ctx.rules, pool)


@command("limit", listed=False, private=True, aliases=("losslimit",),
         args=(Arg.word("amount", optional=True, label="amount|off", help="New daily loss limit (or off)"),),
         help="See or lower your daily gambling loss limit (a raise applies tomorrow).")
async def limit(ctx: CommandCtx, amount: str | None = None) -> LimitAnswer:
    lim = ctx.rules.casino.limits
    actor = await lock_actor(ctx)
    today = await repo.gamble_today(ctx.conn, actor.user_id, ctx.day)
    current = effective_limit(today.limit, ctx.day, lim)
    lost = max(0, today.net_loss)
    if amount is None:
        pending = today.limit.limit if today.limit.effective_from and today.limit.effective_from > ctx.day else None
        return LimitAnswer(actor.name, current, lost, pending=pending, house_max=lim.default_daily_loss_limit)
    word = amount.lower()
    value = lim.default_daily_loss_limit if word in ("off", "reset", "max") else _limit_amount(word)
    stored, at_once = set_limit(today.limit, value, ctx.day, lim)
    await repo.store_limit(ctx.conn, actor.user_id, stored)
    if at_once:
        return LimitAnswer(actor.name, stored.limit or 0, lost, changed=True, house_max=lim.default_daily_loss_limit)
    return LimitAnswer(actor.name, current, lost, changed=True, pending=stored.limit,
                       house_max=lim.default_daily_loss_limit)


