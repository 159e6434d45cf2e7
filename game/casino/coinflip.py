"""Coin-flip duels: one fair coin (``rng.below(2)``: 0 heads, 1 tails), winner takes the pot
less the house rake."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from game.casino.rules import FlipRules
from game.rng import Rng

__all__ = ["FlipDuel", "Side", "flip_duel", "flip_payout"]


class Side(StrEnum):
    HEADS = "heads"
    TAILS = "tails"

    @classmethod
    def parse(cls, text: str) -> Side | None:
        t = text.strip().lower()
        if t in ("heads", "head", "h"):
            return cls.HEADS
        if t in ("tails", "tail", "t"):
            return cls.TAILS
        return None

    @property
    def other(self) -> Side:
        return Side.TAILS if self is Side.HEADS else Side.HEADS


@dataclass(frozen=True, slots=True)
class FlipDuel:
    landed: Side
    challenger_wins: bool
    pot: int
    rake: int
    payout: int  # to the winner


def flip_payout(stake: int, rules: FlipRules) -> tuple[int, int]:
    """(payout to the winner, rake) for two stakes of ``stake``."""
    pot = 2 * stake
    rake = int(pot * rules.rake)
    return pot - rake, rake


def flip_duel(stake: int, challenger_side: Side, *, rules: FlipRules, rng: Rng) -> FlipDuel:
    landed = Side.HEADS if rng.below(2) == 0 else Side.TAILS
    payout, rake = flip_payout(stake, rules)
    return FlipDuel(landed, landed is challenger_side, 2 * stake, rake, payout)
