"""The casino engine: exact RTP of every game, blackjack rules on a table of hands, coin flips,
the lottery draw and its verification, bet limits, race splits and supply prices."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from game.casino.blackjack import (
    Action,
    BlackjackHand,
    HandResult,
    deal,
    double_down,
    hand_total,
    hit,
    play_action,
    stand,
    start_hand,
)
from game.casino.coinflip import Side, flip_duel, flip_payout
from game.casino.limits import BetRefusal, LossLimit, check_bet, effective_limit, set_limit
from game.casino.lottery import (
    Ticket,
    draw_lottery,
    lottery_client_seed,
    parse_picks,
    verify_lottery,
    winning_numbers,
)
from game.casino.odds import best_action, blackjack_rtp, casino_odds, lottery_odds
from game.casino.rules import (
    BlackjackRules,
    CasinoRules,
    FlipRules,
    LimitRules,
    LotteryRules,
    RaceRules,
    SlotsRules,
)
from game.casino.slots import jackpot_odds, line_multiplier, slots_base_rtp, spin_slots
from game.races import Standing, parse_duration, race_payouts
from game.rng import FairRng, SeededRng, hash_server_seed
from game.supplies import Buff, SupplyRefusal, buff_after_purchase, token_price

SR, BR, FR, LR = SlotsRules(), BlackjackRules(), FlipRules(), LotteryRules()


# -- slots -------------------------------------------------------------------------------------


def test_slots_rtp_by_exact_enumeration_of_every_reel_stop() -> None:
    # 20 stops a reel, 8,000 lines: the table returns 7,433 bets per 8,000 staked
    assert slots_base_rtp(SR) == Fraction(7433, 8000)
    assert jackpot_odds(SR) == Fraction(1, 8000)
    total = casino_odds(CasinoRules())["slots"].rtp
    assert total == Fraction(7433, 8000) + Fraction(1, 50)  # 94.9125 % long run
    assert abs(float(total) - 0.949125) < 1e-12


def test_slots_payout_table() -> None:
    seven, bell, cherry, lemon = "7️⃣", "🔔", "🍒", "🍋"
    assert line_multiplier((seven, seven, seven), SR) == 50
    assert line_multiplier((bell, bell, bell), SR) == 25
    assert line_multiplier((cherry, lemon, cherry), SR) == 3
    assert line_multiplier((cherry, cherry, cherry), SR) == 10
    assert line_multiplier((cherry, lemon, lemon), SR) == 0


def test_slots_spin_feeds_and_pays_the_jackpot() -> None:
    hits = 0
    for nonce in range(20_000):
        spin = spin_slots(1_000, 50_000, rules=SR, rng=FairRng(b"s" * 32, "c", nonce))
        assert spin.contribution == 20
        if spin.jackpot_hit:
            hits += 1
            assert spin.reels == ("7️⃣",) * 3 and spin.payout == 50 * 1_000 + 50_020
        else:
            assert spin.jackpot_paid == 0 and spin.payout == 1_000 * line_multiplier(spin.reels, SR)
    assert 0 < hits < 10  # 1 in 8,000


def test_slots_simulation_agrees_with_the_enumeration() -> None:
    rng = SeededRng(18)
    n, returned = 200_000, 0
    for _ in range(n):
        returned += spin_slots(100, 0, rules=SR, rng=rng).payout - 0
    # the pool is 0 here, so a jackpot pays the table's 50× plus this bet's 2 % share
    assert abs(returned / (100 * n) - 0.929125) < 0.02


# -- blackjack ---------------------------------------------------------------------------------


def shoe(*cards: int) -> tuple[int, ...]:
    return tuple(cards) + (10,) * (52 - len(cards))


def test_blackjack_rtp_exact() -> None:
    rtp = blackjack_rtp(BR)
    assert isinstance(rtp, Fraction)
    assert abs(float(rtp) - 0.989133) < 1e-6  # house edge 1.087 %
    h17 = blackjack_rtp(BlackjackRules(dealer_hits_soft_17=True))
    assert h17 < rtp  # hitting soft 17 favours the house
    six_five = blackjack_rtp(BlackjackRules(blackjack_pays=(6, 5)))
    assert abs(float(rtp - six_five) - 0.3 * 2 * 4 / 169) < 0.002  # 3:2 vs 6:5 ≈ 1.4 %


def test_blackjack_simulation_with_optimal_play_agrees_with_the_exact_figure() -> None:
    rng = SeededRng(2026)
    rounds, net = 60_000, 0
    for _ in range(rounds):
        hand = start_hand(2, rules=BR, rng=rng)
        while not hand.done:
            hand = play_action(hand, best_action(hand.player, hand.dealer[0], BR), rules=BR)
        net += hand.payout - hand.bet  # the stake doubles on a double
    assert abs(net / (2 * rounds) - (float(blackjack_rtp(BR)) - 1)) < 0.015


@pytest.mark.parametrize(
    ("cards", "actions", "result", "payout"),
    [
        ((1, 9, 13, 7), (), HandResult.BLACKJACK, 250),  # A+K vs 9/7 → 3:2
        ((10, 1, 8, 13), (), HandResult.DEALER_BLACKJACK, 0),  # dealer peeks A+K
        ((1, 1, 12, 13), (), HandResult.PUSH, 100),  # both blackjack
        ((10, 10, 8, 7), (Action.STAND,), HandResult.WIN, 200),  # 18 vs 17 (stands)
        ((10, 10, 7, 8), (Action.STAND,), HandResult.LOSE, 0),  # 17 vs 18
        ((10, 10, 8, 8), (Action.STAND,), HandResult.PUSH, 100),  # 18 vs 18
        ((10, 6, 6, 10, 10), (Action.HIT,), HandResult.BUST, 0),  # 16 + 10
        ((10, 6, 6, 10, 5), (Action.HIT,), HandResult.WIN, 200),  # 21 stands itself; dealer 16+10
        ((10, 1, 6, 6, 2), (Action.STAND,), HandResult.LOSE, 0),  # dealer A+6 = soft 17 stands over 16
        ((5, 6, 6, 10, 10), (Action.DOUBLE,), HandResult.WIN, 400),  # 11 doubles to 21 vs 16+10
        ((5, 9, 4, 8, 2), (Action.DOUBLE,), HandResult.LOSE, 0),  # 9 + 2 = 11 vs 17
        ((2, 6, 3, 10, 2, 2, 2, 10, 10), (Action.HIT,) * 4, HandResult.WIN, 200),  # 5→21 in 4 hits; dealer 16+10 busts
    ],
)
def test_blackjack_table_of_hands(
    cards: tuple[int, ...], actions: tuple[Action, ...], result: HandResult, payout: int
) -> None:
    hand = deal(100, shoe(*cards), rules=BR)
    for action in actions:
        hand = play_action(hand, action, rules=BR)
    if not hand.done:
        hand = stand(hand, rules=BR)
    assert hand.result is result, hand
    assert hand.payout == payout


def test_blackjack_soft_17_and_table_corrections() -> None:
    # dealer A+6 = soft 17 stands; player 10+6 = 16 stands and loses
    hand = stand(deal(100, shoe(10, 1, 6, 6), rules=BR), rules=BR)
    assert hand_total(hand.dealer) == (17, True) and hand.result is HandResult.LOSE
    # with H17 the dealer draws to soft 17
    h17 = BlackjackRules(dealer_hits_soft_17=True)
    drew = stand(deal(100, shoe(10, 1, 6, 6, 4), rules=h17), rules=h17)
    assert len(drew.dealer) == 3 and hand_total(drew.dealer)[0] == 21 and drew.result is HandResult.LOSE
    # a 3:2 blackjack on an odd bet floors the half dollar
    assert deal(101, shoe(1, 9, 13, 7), rules=BR).payout == 101 + 151


def test_blackjack_state_round_trips_and_refuses_late_actions() -> None:
    hand = deal(300, shoe(10, 9, 2, 7, 5), rules=BR)
    again = BlackjackHand.from_json(hand.to_json())
    assert again == hand and not again.done and again.can_double
    after = hit(again, rules=BR)
    assert not after.can_double
    with pytest.raises(ValueError):
        double_down(after, rules=BR)
    done = stand(after, rules=BR)
    with pytest.raises(ValueError):
        hit(done, rules=BR)


# -- coin flip, lottery ------------------------------------------------------------------------


def test_flip_is_even_and_rakes_two_percent() -> None:
    assert flip_payout(500, FR) == (980, 20)
    heads = sum(flip_duel(500, Side.HEADS, rules=FR, rng=FairRng(b"f" * 32, "c", n)).challenger_wins for n in range(4000))
    assert 1850 < heads < 2150
    assert casino_odds(CasinoRules())["flip"].rtp == Fraction(49, 50)
    assert Side.parse("T") is Side.TAILS and Side.parse("edge") is None


def test_lottery_draw_is_reproducible_and_verifiable() -> None:
    seed = hashlib.sha256(b"draw-7").digest()
    tickets = [Ticket(1, (3, 9, 14), 11), Ticket(2, (1, 2, 3), 12)]
    first = draw_lottery(seed, tickets, 7, 10_000, rules=LR)
    assert first == draw_lottery(seed, list(reversed(tickets)), 7, 10_000, rules=LR)
    assert first.client_seed == hashlib.sha256(b"1:3-9-14\n2:1-2-3").hexdigest()
    combined = hashlib.sha256(seed + first.client_seed.encode() + b"7").digest()
    assert first.combined == combined.hex() and first.numbers == winning_numbers(combined, LR)
    assert len(set(first.numbers)) == 3 and all(1 <= n <= 20 for n in first.numbers)
    check = verify_lottery(seed, hash_server_seed(seed), tickets, 7, first.numbers, rules=LR)
    assert check.ok
    assert not verify_lottery(seed, "00" * 32, tickets, 7, first.numbers, rules=LR).ok
    # a winning ticket splits the pot; the odd dollar rolls over
    winners = [Ticket(5, first.numbers, 1), Ticket(6, first.numbers, 2), Ticket(9, (4, 5, 6), 3)]
    split = draw_lottery(seed, winners, 7, 10_001, rules=LR)
    if split.numbers == first.numbers:  # the ticket list is part of the seed, so numbers may move
        assert split.share == 5_000 and split.rollover == 1
    nobody = draw_lottery(seed, [], 7, 10_000, rules=LR)
    assert nobody.client_seed == hashlib.sha256(b"").hexdigest() and nobody.rollover == 10_000


def test_lottery_picks_and_odds() -> None:
    assert parse_picks(["12", "3", "7"], LR) == (3, 7, 12)
    for bad in (["1", "1", "2"], ["0", "2", "3"], ["21", "2", "3"], ["a", "2", "3"], ["1", "2"], ["-1", "2", "3"]):
        assert parse_picks(bad, LR) is None
    assert lottery_odds(LR) == 1140
    assert lottery_client_seed([Ticket(2, (3, 1, 2))]) == hashlib.sha256(b"2:1-2-3").hexdigest()


# -- limits, races, supplies -------------------------------------------------------------------


def test_bet_limits() -> None:
    lim = LimitRules()
    ok = {"min_bet": 100, "wealth": 10_000, "net_loss_today": 0, "limit": 5_000, "rules": lim}
    assert check_bet(100, **ok) is None
    assert check_bet(99, **ok) is BetRefusal.BELOW_MIN
    assert check_bet(10_001, **ok) is BetRefusal.CANNOT_AFFORD
    assert check_bet(2_000_000, **{**ok, "wealth": 10**9, "limit": 10**9}) is BetRefusal.ABOVE_MAX
    assert check_bet(1_000, **{**ok, "net_loss_today": 4_500}) is BetRefusal.LOSS_LIMIT
    today = date(2026, 1, 5)
    lowered, now = set_limit(LossLimit(), 1_000, today, lim)
    assert now and effective_limit(lowered, today, lim) == 1_000
    raised, now = set_limit(lowered, 50_000, today, lim)
    assert not now and effective_limit(raised, today, lim) == 1_000
    assert effective_limit(raised, today + timedelta(days=1), lim) == 50_000


def test_race_split_and_durations() -> None:
    rr = RaceRules()
    standings = [Standing(1, 50), Standing(2, 900), Standing(3, 900), Standing(4, 0)]
    paid = race_payouts(10_001, standings, 3, rr)
    assert [(s.user_id, a) for s, a in paid] == [(2, 5_001), (3, 3_000), (1, 2_000)]
    assert parse_duration(["custom", "3d", "wagered"], rr) == (3, 2)
    assert parse_duration(["weekly"], rr) == (7, 1)
    assert parse_duration(["custom", "99d"], rr) is None and parse_duration(["hourly"], rr) is None


def test_token_price_rises_and_boosts_extend() -> None:
    sr = CasinoRules().supplies
    assert [token_price(n, sr) for n in range(4)] == [1_000, 1_150, 1_322, 1_520]
    now = datetime(2026, 1, 5, tzinfo=UTC)
    first = buff_after_purchase(None, "xp", 1.25, 60, now)
    assert isinstance(first, Buff) and first.expires_at == now + timedelta(minutes=60)
    again = buff_after_purchase(first, "xp", 1.25, 60, now)
    assert isinstance(again, Buff) and again.expires_at == now + timedelta(minutes=120)
    assert buff_after_purchase(first, "xp", 1.5, 60, now) is SupplyRefusal.OTHER_STRENGTH
