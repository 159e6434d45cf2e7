"""Replies for the casino: slots, jackpot, blackjack, coin flips, lottery, stats, odds, limits."""

from __future__ import annotations

from fractions import Fraction

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
from bot.format import duration, money
from bot.render.base import View, render
from game.casino.blackjack import BlackjackHand, HandResult, card_label, hand_total
from game.casino.limits import BetRefusal
from game.casino.odds import GameOdds
from game.casino.slots import jackpot_odds

__all__: list[str] = []


def pct(value: Fraction | float, places: int = 2) -> str:
    return f"{float(value) * 100:.{places}f}%"


@render.register
def _refused(answer: BetRefused, view: View) -> str:
    n = answer.name
    match answer.reason:
        case BetRefusal.BELOW_MIN:
            return f"🎲 {n}, the minimum {answer.game} bet is {money(answer.min_bet)}."
        case BetRefusal.ABOVE_MAX:
            return f"🎲 {n}, the maximum bet is {money(answer.max_bet)}."
        case BetRefusal.CANNOT_AFFORD:
            return f"💸 {n}, you need {money(answer.bet)} but have {money(answer.wealth)}."
        case BetRefusal.LOSS_LIMIT:
            return (f"🛑 {n}, that bet could take you past your daily loss limit "
                    f"({money(answer.room)} left today; {view.prefix}limit).")


@render.register
def _slots(answer: SlotsAnswer, view: View) -> str:
    s = answer.spin
    reels = " | ".join(s.reels)
    if s.jackpot_hit:
        return (f"🎰 [ {reels} ] 💥 JACKPOT! {answer.name} wins {money(s.payout)} "
                f"(incl. the {money(s.jackpot_paid)} pool)! Balance: {money(answer.balance)}")
    if s.payout:
        return (f"🎰 [ {reels} ] {answer.name} wins {money(s.payout)} ({s.multiplier}×). "
                f"Balance: {money(answer.balance)} · jackpot {money(answer.pool)}")
    return f"🎰 [ {reels} ] {answer.name} lost {money(s.bet)}. Balance: {money(answer.balance)} · jackpot {money(answer.pool)}"


@render.register
def _jackpot(answer: JackpotAnswer, view: View) -> str:
    j = answer.jackpot
    last = ""
    if j.last_winner and j.last_won_amount is not None:
        ago = f" {duration(view.now - j.last_won_at)} ago" if j.last_won_at else ""
        last = f" Last won by {j.last_winner} ({money(j.last_won_amount)}{ago})."
    return f"💰 Slots jackpot: {money(j.pool)} — three 7️⃣ win it (1 in {answer.odds:,} spins).{last}"


def _cards(cards: tuple[int, ...]) -> str:
    return " ".join(card_label(c) for c in cards)


def _hand_line(hand: BlackjackHand) -> str:
    player = f"{_cards(hand.player)} ({hand_total(hand.player)[0]})"
    if hand.done:
        dealer = f"{_cards(hand.dealer)} ({hand_total(hand.dealer)[0]})"
    else:
        dealer = f"{card_label(hand.dealer[0])} ?"
    return f"You: {player} · Dealer: {dealer}"


_RESULT = {
    HandResult.BLACKJACK: "Blackjack! Paid 3:2",
    HandResult.WIN: "You win",
    HandResult.PUSH: "Push, stake back",
    HandResult.LOSE: "Dealer wins",
    HandResult.BUST: "Bust",
    HandResult.DEALER_BLACKJACK: "Dealer blackjack",
}


@render.register
def _blackjack(answer: BlackjackAnswer, view: View) -> str:
    p, n, hand = view.prefix, answer.name, answer.hand
    if hand is None:
        return f"🃏 {n}, you have no hand in play. Deal one with {p}blackjack <amount>."
    if answer.refused is not None:
        return render(answer.refused, view)
    if answer.cannot_double:
        return f"🃏 {n}, you can only double on your first two cards. {_hand_line(hand)}"
    if answer.already:
        return f"🃏 {n}, finish your hand first: {_hand_line(hand)} — {p}hit, {p}stand or {p}double"
    head = f"🃏 {n} ({money(hand.bet)}{', doubled' if hand.doubled else ''}): {_hand_line(hand)}"
    if not hand.done:
        options = f"{p}hit · {p}stand" + (f" · {p}double" if hand.can_double else "")
        return f"{head} — {options}"
    assert hand.result is not None
    auto = " (stood automatically after 5 min)" if answer.auto_stood else ""
    won = f" +{money(hand.payout)}" if hand.payout else ""
    balance = f" Balance: {money(answer.balance)}" if answer.balance is not None else ""
    return f"{head} — {_RESULT[hand.result]}{won}{auto}.{balance}"


@render.register
def _flip(answer: FlipAnswer, view: View) -> str:
    p, n = view.prefix, answer.name
    match answer.kind:
        case "created":
            left = duration(answer.expires_at - view.now) if answer.expires_at else ""
            return (f"🪙 {n} flips {money(answer.stake)} on {answer.side}! "
                    f"{p}accept {answer.flip_id} to take the other side (expires in {left}).")
        case "already_open":
            return f"🪙 {n}, you already have an open challenge ({p}cancelflip to withdraw it)."
        case "not_found":
            return f"🪙 {n}, there is no challenge #{answer.flip_id} ({p}flips lists the open ones)."
        case "own":
            return f"🪙 {n}, you can't accept your own challenge."
        case "taken":
            return f"🪙 {n}, challenge #{answer.flip_id} is no longer open."
        case "cancelled":
            return f"🪙 {n} withdrew challenge #{answer.flip_id}: {money(answer.stake)} refunded. Balance: {money(answer.balance or 0)}"
        case "none_open":
            return f"🪙 {n}, you have no open challenge."
    duel = answer.duel
    assert duel is not None
    return (f"🪙 {answer.challenger} ({answer.side}) vs {n}: it lands {duel.landed.value}! "
            f"{answer.winner} wins {money(duel.payout)} (rake {money(duel.rake)}).")


@render.register
def _flips(answer: FlipsAnswer, view: View) -> str:
    if not answer.flips:
        return f"🪙 No open challenges. Start one: {view.prefix}flip <amount> <heads|tails>"
    parts = [f"#{f.flip_id} {f.challenger} {money(f.stake)} on {f.side} ({duration(f.expires_at - view.now)})"
             for f in answer.flips]
    return f"🪙 Open flips: {' · '.join(parts)} — {view.prefix}accept <#>"


def _nums(numbers: tuple[int, ...]) -> str:
    return "-".join(str(x) for x in numbers)


@render.register
def _lottery(answer: LotteryAnswer, view: View) -> str:
    n, d = answer.name, answer.draw
    match answer.kind:
        case "closed":
            return f"🎟️ {n}, draw #{d.draw_id if d else '?'} is closed and about to be drawn. Try again in a minute."
        case "too_many":
            return f"🎟️ {n}, you hold the most tickets allowed in this draw ({answer.tickets_held})."
    assert d is not None
    return (f"🎟️ {n} bought ticket {_nums(answer.numbers)} for draw #{d.draw_id} "
            f"(you hold {answer.tickets_held}). Pot {money(d.pot)}, drawn in {duration(d.closes_at - view.now)}. "
            f"Balance: {money(answer.balance or 0)}")


@render.register
def _lotto(answer: LottoAnswer, view: View) -> str:
    d = answer.draw
    left = duration(d.closes_at - view.now) if d.closes_at > view.now else "now"
    mine = f" Yours: {', '.join(_nums(t) for t in answer.mine)}." if answer.mine else ""
    return (f"🎟️ Lottery draw #{d.draw_id}: pot {money(d.pot)}, {d.tickets} tickets, drawn in {left}. "
            f"Ticket {money(answer.ticket_price)} ({view.prefix}lottery n1 n2 n3, 1-20), 1 in {answer.odds:,} wins. "
            f"Seed hash {d.seed_hash}.{mine}")


@render.register
def _verify(answer: VerifyAnswer, view: View) -> str:
    row = answer.row
    if row is None:
        return f"🔍 There is no lottery draw #{answer.draw_id}."
    if answer.check is None:
        return f"🔍 Draw #{answer.draw_id} is not drawn yet. Committed seed hash: {row.seed_hash}"
    c = answer.check
    assert row.server_seed is not None
    verdict = "✅ verified" if c.ok else f"❌ MISMATCH: {c.reason}"
    numbers = _nums(c.draw.numbers) if c.draw else "?"
    return (f"🔍 Draw #{answer.draw_id} {verdict}: numbers {numbers} from seed {row.server_seed.hex()} "
            f"(sha256 {row.seed_hash[:16]}…), {answer.tickets} tickets, client seed {row.client_seed}. "
            f"Recompute: kingpin verify lottery {answer.draw_id}")


@render.register
def _gstats(answer: GambleStatsAnswer, view: View) -> str:
    if not answer.stats:
        return f"🎲 {answer.name}, no bets yet. {view.prefix}odds shows every game's odds."
    parts = [f"{s.game}: {s.bets} bets, wagered {money(s.wagered)}, won {money(s.won)}, "
             f"net {'+' if s.net >= 0 else '-'}{money(abs(s.net))}, best {money(s.biggest_win)}"
             for s in answer.stats]
    return f"🎲 {answer.name} — " + " | ".join(parts)


@render.register
def _gamblers(answer: GamblersAnswer, view: View) -> str:
    if not answer.lines:
        return "🎲 Nobody has gambled yet."
    if answer.order == "wagered":
        parts = [f"{i}. {x.name} {money(x.wagered)}" for i, x in enumerate(answer.lines, 1)]
        return "🎲 Top wagered: " + " · ".join(parts)
    parts = [f"{i}. {x.name} {'+' if x.net >= 0 else '-'}{money(abs(x.net))}" for i, x in enumerate(answer.lines, 1)]
    return "🎲 Top gamblers by net: " + " · ".join(parts)


def _game(o: GameOdds) -> str:
    return f"RTP {pct(o.rtp)}, house edge {pct(o.house_edge)}"


@render.register
def _odds(answer: OddsAnswer, view: View) -> str:
    o, r = answer.odds, answer.rules
    c = r.casino
    match answer.topic:
        case "slots":
            s = c.slots
            table = ", ".join(f"{sym * 3} {m}×" for sym, m in s.triples)
            return (f"🎰 Slots: {_game(o['slots'])} (table {pct(dict(o['slots'].detail)['table'], 3)} + "
                    f"{pct(s.jackpot_share, 0)} of each bet to the jackpot). Pays: {table}, two 🍒 {s.two_cherries}×; "
                    f"wins {pct(dict(o['slots'].detail)['hit_rate'], 1)} of spins. Bets {money(s.min_bet)}-{money(c.limits.max_bet)}.")
        case "jackpot":
            return (f"💰 Jackpot: three 7️⃣ = 1 in {int(1 / jackpot_odds(c.slots)):,} spins; pool {money(answer.jackpot_pool)}, "
                    f"fed {pct(c.slots.jackpot_share, 0)} of every slots bet, restarts at {money(c.slots.jackpot_seed)}.")
        case "blackjack":
            return (f"🃏 Blackjack: {_game(o['blackjack'])} with perfect play (exact). Infinite deck, dealer peeks and "
                    f"stands on soft 17, blackjack 3:2, double any two cards, no split. Bets {money(c.blackjack.min_bet)}+.")
        case "flip":
            return (f"🪙 Coin flip: 50/50, winner takes the pot less {pct(c.flip.rake, 0)} rake ({_game(o['flip'])}). "
                    f"Min {money(c.flip.min_bet)}, challenges expire after {c.flip.expire_minutes} min.")
        case "lottery":
            lo = c.lottery
            return (f"🎟️ Lottery: 1 in {dict(o['lottery'].detail)['odds']:,} tickets match all {lo.picks} numbers (1-{lo.numbers}). "
                    f"{pct(lo.pot_share, 0)} of each {money(lo.ticket_price)} ticket goes to the pot; winners split it, "
                    f"no winner rolls it over. Provably fair: {view.prefix}verify lottery <draw>.")
        case "crates":
            names = ("common", "uncommon", "rare", "legendary")
            parts = [f"{t}: weapon {pct(w[0], 0)}/armor {pct(w[1], 0)}/cash {pct(w[2], 0)}/title {pct(w[3], 0)}"
                     for t, w in zip(names, r.crates.drop_weights, strict=True)]
            return "📦 Crate drops — " + " · ".join(parts)
        case "play":
            p = r.play
            return (f"🎬 Play: {pct(p.bust_chance, 0)} bust (jail {p.jail_minutes} min), else {pct(p.negative_chance, 0)} a "
                    f"losing event, otherwise a winning one; crate {pct(p.crate_chance, 0)} a play. Cash × tier multiplier, capped.")
        case "rob":
            b = r.rob
            return (f"🔫 Rob: success = {pct(b.base_rate, 0)} + weapon − armor (each ≤ {pct(b.gear_cap, 0)}) "
                    f"+ {pct(b.level_step, 0)}/level gap (≤ {pct(b.level_cap, 0)}), kept within "
                    f"{pct(b.final_min, 0)}-{pct(b.final_max, 0)}; steals {b.steal_min_ppm / 10_000:.0f}-{b.steal_max_ppm / 10_000:.0f}% "
                    f"of their cash, insurance refunds part.")
    parts = [f"{g} {pct(x.rtp)}" for g, x in o.items()]
    return f"📊 Return to player: {' · '.join(parts)}. {view.prefix}odds <game> for tables."


@render.register
def _limit(answer: LimitAnswer, view: View) -> str:
    n = answer.name
    pending = f" Raise to {money(answer.pending)} applies tomorrow." if answer.pending is not None else ""
    if answer.changed and answer.pending is None:
        return f"🛑 {n}, your daily loss limit is now {money(answer.limit)} (lost today: {money(answer.lost_today)})."
    if answer.changed:
        return f"🛑 {n}, your limit stays {money(answer.limit)} today.{pending}"
    return (f"🛑 {n}: daily loss limit {money(answer.limit)}, lost today {money(answer.lost_today)}.{pending} "
            f"{view.prefix}limit <amount> to lower it (house max {money(answer.house_max)}).")
