"""The published odds: each game's exact return to player (RTP) from the same figures the games
use, for ``!odds``, the docs and the tests.

* Slots: every combination of reel stops is enumerated (``slots_base_rtp``); the jackpot share
  goes back to players through the pool in the long run, so the long-run RTP is the table's
  return plus the share.
* Blackjack: exact expected value of optimal play for the infinite deck the game deals from,
  by recursion over (hard total, ace held) with exact fractions; the dealer's final totals are
  conditioned on "no dealer blackjack" because the dealer peeks. ``best_action`` is the
  strategy that reaches it (used by the simulation test).
* Coin flip: the pot less the rake, an even coin.
* Lottery: the odds of a ticket matching all numbers; the pot share is what returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from math import comb

from game.casino.blackjack import Action, hand_total
from game.casino.rules import BlackjackRules, CasinoRules, FlipRules, LotteryRules
from game.casino.slots import jackpot_odds, slots_base_rtp, slots_hit_rate

__all__ = [
    "GameOdds",
    "best_action",
    "blackjack_rtp",
    "casino_odds",
    "flip_rtp",
    "lottery_odds",
]

_P = {v: Fraction(4 if v == 10 else 1, 13) for v in range(1, 11)}


def _best(hard: int, ace: bool) -> int:
    return hard + 10 if ace and hard + 10 <= 21 else hard


@cache
def _dealer_from(hard: int, ace: bool, h17: bool) -> tuple[tuple[int, Fraction], ...]:
    """Final dealer totals (22 = bust) from a dealer hand of ``hard`` with/without an ace."""
    best = _best(hard, ace)
    soft = ace and hard + 10 <= 21
    if best > 21:
        return ((22, Fraction(1)),)
    if best > 17 or (best == 17 and not (soft and h17)):
        return ((best, Fraction(1)),)
    out: dict[int, Fraction] = {}
    for v, p in _P.items():
        for total, q in _dealer_from(hard + v, ace or v == 1, h17):
            out[total] = out.get(total, Fraction(0)) + p * q
    return tuple(sorted(out.items()))


@cache
def _dealer_given_up(up: int, h17: bool) -> tuple[tuple[int, Fraction], ...]:
    """Dealer finals for upcard value ``up``, given the dealer does not hold blackjack."""
    allowed = {v: p for v, p in _P.items() if not ((up == 1 and v == 10) or (up == 10 and v == 1))}
    norm = sum(allowed.values())
    out: dict[int, Fraction] = {}
    for v, p in allowed.items():
        for total, q in _dealer_from(up + v, up == 1 or v == 1, h17):
            out[total] = out.get(total, Fraction(0)) + p / norm * q
    return tuple(sorted(out.items()))


def _stand_ev(best: int, up: int, h17: bool) -> Fraction:
    if best > 21:
        return Fraction(-1)
    ev = Fraction(0)
    for total, q in _dealer_given_up(up, h17):
        if total > 21 or best > total:
            ev += q
        elif best < total:
            ev -= q
    return ev


@cache
def _play_ev(hard: int, ace: bool, up: int, h17: bool) -> Fraction:
    """EV of a non-initial decision (stand or hit) with optimal play afterwards."""
    best = _best(hard, ace)
    if best > 21:
        return Fraction(-1)
    stand = _stand_ev(best, up, h17)
    if best == 21:
        return stand  # the game stands a 21 by itself
    return max(stand, _hit_ev(hard, ace, up, h17))


@cache
def _hit_ev(hard: int, ace: bool, up: int, h17: bool) -> Fraction:
    return sum((p * _play_ev(hard + v, ace or v == 1, up, h17) for v, p in _P.items()), Fraction(0))


@cache
def _double_ev(hard: int, ace: bool, up: int, h17: bool) -> Fraction:
    return 2 * sum(
        (p * _stand_ev(_best(hard + v, ace or v == 1), up, h17) for v, p in _P.items()), Fraction(0)
    )


def _initial_ev(hard: int, ace: bool, up: int, h17: bool) -> Fraction:
    best = _best(hard, ace)
    if best == 21:
        return _stand_ev(21, up, h17)
    return max(_stand_ev(best, up, h17), _hit_ev(hard, ace, up, h17), _double_ev(hard, ace, up, h17))


@cache
def _blackjack_ev(h17: bool, num: int, den: int) -> Fraction:
    bj_pay = Fraction(num, den)
    ev = Fraction(0)
    p_player_bj = 2 * _P[1] * _P[10]
    for up, pu in _P.items():
        p_dealer_bj = _P[10] if up == 1 else _P[1] if up == 10 else Fraction(0)
        ev += pu * p_dealer_bj * (-(1 - p_player_bj))
        no_bj = Fraction(0)
        for c1, p1 in _P.items():
            for c2, p2 in _P.items():
                if {c1, c2} == {1, 10}:
                    no_bj += p1 * p2 * bj_pay
                else:
                    no_bj += p1 * p2 * _initial_ev(c1 + c2, c1 == 1 or c2 == 1, up, h17)
        ev += pu * (1 - p_dealer_bj) * no_bj
    return ev


def blackjack_rtp(rules: BlackjackRules) -> Fraction:
    """Exact RTP of optimal play (1 + expected value per unit staked at the deal)."""
    return 1 + _blackjack_ev(rules.dealer_hits_soft_17, *rules.blackjack_pays)


def best_action(player: tuple[int, ...], dealer_up: int, rules: BlackjackRules) -> Action:
    """The optimal action for ``player`` cards against the dealer's up card (ranks 1…13)."""
    h17 = rules.dealer_hits_soft_17
    up = min(dealer_up, 10)
    hard = sum(min(c, 10) for c in player)
    ace = 1 in player
    best, _ = hand_total(player)
    stand = _stand_ev(best, up, h17)
    options = [(stand, Action.STAND), (_hit_ev(hard, ace, up, h17), Action.HIT)]
    if len(player) == 2:
        options.append((_double_ev(hard, ace, up, h17), Action.DOUBLE))
    return max(options, key=lambda o: o[0])[1]


def flip_rtp(rules: FlipRules) -> Fraction:
    return 1 - Fraction(rules.rake).limit_denominator(10_000)


def lottery_odds(rules: LotteryRules) -> int:
    """One ticket in this many matches all the numbers."""
    return comb(rules.numbers, rules.picks)


@dataclass(frozen=True, slots=True)
class GameOdds:
    game: str
    rtp: Fraction  # long-run return to player
    min_bet: int
    max_bet: int
    detail: tuple[tuple[str, Fraction | int], ...] = ()

    @property
    def house_edge(self) -> Fraction:
        return 1 - self.rtp


def casino_odds(rules: CasinoRules) -> dict[str, GameOdds]:
    s, b, f, lo, lim = rules.slots, rules.blackjack, rules.flip, rules.lottery, rules.limits
    share = Fraction(s.jackpot_share).limit_denominator(10_000)
    pot_share = Fraction(lo.pot_share).limit_denominator(10_000)
    return {
        "slots": GameOdds(
            "slots", slots_base_rtp(s) + share, s.min_bet, lim.max_bet,
            (("table", slots_base_rtp(s)), ("jackpot_share", share), ("jackpot_odds", jackpot_odds(s)),
             ("hit_rate", slots_hit_rate(s))),
        ),
        "blackjack": GameOdds("blackjack", blackjack_rtp(b), b.min_bet, lim.max_bet),
        "flip": GameOdds("flip", flip_rtp(f), f.min_bet, lim.max_bet),
        "lottery": GameOdds(
            "lottery", pot_share, lo.ticket_price, lo.ticket_price,
            (("odds", lottery_odds(lo)),),
        ),
    }
