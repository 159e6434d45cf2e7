"""Slots: three reels, a payout table and a progressive jackpot.

A spin rolls one stop per reel (``rng.below(len(reel))`` three times, left to right). The
payout is ``bet × multiplier`` (stake included) plus, on three jackpot symbols, the whole pool.
``jackpot_share`` of every bet (floored) feeds the pool before the spin is paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from game.casino.rules import SlotsRules
from game.rng import Rng

__all__ = ["SlotsSpin", "line_multiplier", "slots_base_rtp", "slots_hit_rate", "spin_slots"]


@dataclass(frozen=True, slots=True)
class SlotsSpin:
    bet: int
    reels: tuple[str, str, str]
    multiplier: int
    jackpot_hit: bool
    contribution: int  # added to the pool from this bet
    jackpot_paid: int  # the pool won (0 unless jackpot_hit)
    payout: int  # everything returned to the player, stake included

    @property
    def net(self) -> int:
        return self.payout - self.bet


def line_multiplier(reels: tuple[str, str, str], rules: SlotsRules) -> int:
    a, b, c = reels
    if a == b == c:
        return dict(rules.triples).get(a, 0)
    if reels.count(rules.cherry) == 2:
        return rules.two_cherries
    return 0


def spin_slots(bet: int, pool: int, *, rules: SlotsRules, rng: Rng) -> SlotsSpin:
    """One spin of ``bet`` against a pool of ``pool`` (before this bet's contribution)."""
    n = len(rules.reel)
    reels = (rules.reel[rng.below(n)], rules.reel[rng.below(n)], rules.reel[rng.below(n)])
    contribution = int(bet * rules.jackpot_share)
    mult = line_multiplier(reels, rules)
    hit = reels[0] == reels[1] == reels[2] == rules.jackpot_symbol
    jackpot = pool + contribution if hit else 0
    return SlotsSpin(bet, reels, mult, hit, contribution, jackpot, bet * mult + jackpot)


def _lines(rules: SlotsRules) -> product[tuple[str, str, str]]:
    return product(rules.reel, rules.reel, rules.reel)


def slots_base_rtp(rules: SlotsRules) -> Fraction:
    """Exact return of the payout table (jackpot pool excluded), by enumerating every stop."""
    total = sum(line_multiplier(line, rules) for line in _lines(rules))
    return Fraction(total, len(rules.reel) ** 3)


def slots_hit_rate(rules: SlotsRules) -> Fraction:
    hits = sum(1 for line in _lines(rules) if line_multiplier(line, rules) > 0)
    return Fraction(hits, len(rules.reel) ** 3)


def jackpot_odds(rules: SlotsRules) -> Fraction:
    k = rules.reel.count(rules.jackpot_symbol)
    return Fraction(k, len(rules.reel)) ** 3
