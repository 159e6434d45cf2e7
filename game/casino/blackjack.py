"""Blackjack against the house, one hand per player, state as a plain serialisable value.

Cards are ranks 1…13 (1 ace, 11–13 jack/queen/king worth 10). A hand's cards all come from
its *shoe*: ``shoe_cards`` ranks drawn ``rng.below(13) + 1`` in order from the hand's fair
roll at the deal (an infinite deck: every card independent). Deal order: player, dealer,
player, dealer (the second dealer card is the hole card); every later card is the next unused
one. The hand stores the shoe, so a restart mid-hand loses nothing and the roll re-derives
every card.

Rules (`BlackjackRules`): the dealer peeks, so a dealer blackjack ends the hand at once (a
player blackjack pushes it); a player blackjack pays 3:2; the dealer stands on soft 17; double
on any first two cards (stake doubled, one card, stand); no split, insurance or surrender; a
hand that reaches 21 stands by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from game.casino.rules import BlackjackRules
from game.rng import Rng

__all__ = [
    "Action",
    "BlackjackHand",
    "HandResult",
    "card_label",
    "deal",
    "deal_shoe",
    "double_down",
    "hand_total",
    "hit",
    "stand",
]


class Action(StrEnum):
    HIT = "hit"
    STAND = "stand"
    DOUBLE = "double"


class HandResult(StrEnum):
    BLACKJACK = "blackjack"
    WIN = "win"
    PUSH = "push"
    LOSE = "lose"
    BUST = "bust"
    DEALER_BLACKJACK = "dealer_blackjack"


_LABELS = {1: "A", 11: "J", 12: "Q", 13: "K"}


def card_label(rank: int) -> str:
    return _LABELS.get(rank, str(rank))


def card_value(rank: int) -> int:
    return min(rank, 10)


def hand_total(cards: tuple[int, ...]) -> tuple[int, bool]:
    """(best total, soft?) — soft when an ace counts 11."""
    total = sum(card_value(c) for c in cards)
    if 1 in cards and total + 10 <= 21:
        return total + 10, True
    return total, False


def is_blackjack(cards: tuple[int, ...]) -> bool:
    return len(cards) == 2 and hand_total(cards)[0] == 21


def deal_shoe(rng: Rng, rules: BlackjackRules) -> tuple[int, ...]:
    return tuple(rng.below(13) + 1 for _ in range(rules.shoe_cards))


@dataclass(frozen=True, slots=True)
class BlackjackHand:
    bet: int  # the stake in play (doubled after a double)
    shoe: tuple[int, ...]
    player: tuple[int, ...]
    dealer: tuple[int, ...]
    doubled: bool = False
    result: HandResult | None = None  # None while the player is to act
    payout: int = 0  # returned to the player when settled, stake included

    @property
    def done(self) -> bool:
        return self.result is not None

    @property
    def next_card(self) -> int:
        return len(self.player) + len(self.dealer)

    @property
    def can_double(self) -> bool:
        return not self.done and len(self.player) == 2

    def to_json(self) -> dict[str, Any]:
        return {
            "bet": self.bet, "shoe": list(self.shoe), "player": list(self.player),
            "dealer": list(self.dealer), "doubled": self.doubled,
            "result": None if self.result is None else self.result.value, "payout": self.payout,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BlackjackHand:
        result = data.get("result")
        return cls(
            int(data["bet"]), tuple(data["shoe"]), tuple(data["player"]), tuple(data["dealer"]),
            bool(data.get("doubled")), None if result is None else HandResult(result),
            int(data.get("payout", 0)),
        )


def _draw(hand: BlackjackHand) -> int:
    if hand.next_card >= len(hand.shoe):
        raise ValueError("the shoe ran out")  # cannot happen with 52 cards (≤ 21 + 17 used)
    return hand.shoe[hand.next_card]


def deal(bet: int, shoe: tuple[int, ...], *, rules: BlackjackRules) -> BlackjackHand:
    hand = BlackjackHand(bet, shoe, (shoe[0], shoe[2]), (shoe[1], shoe[3]))
    player_bj, dealer_bj = is_blackjack(hand.player), is_blackjack(hand.dealer)
    if dealer_bj:
        return _settle(hand, HandResult.PUSH if player_bj else HandResult.DEALER_BLACKJACK, rules)
    if player_bj:
        return _settle(hand, HandResult.BLACKJACK, rules)
    return hand


def hit(hand: BlackjackHand, *, rules: BlackjackRules) -> BlackjackHand:
    if hand.done:
        raise ValueError("hand is over")
    hand = replace(hand, player=(*hand.player, _draw(hand)))
    total, _ = hand_total(hand.player)
    if total > 21:
        return _settle(hand, HandResult.BUST, rules)
    if total == 21:
        return stand(hand, rules=rules)
    return hand


def double_down(hand: BlackjackHand, *, rules: BlackjackRules) -> BlackjackHand:
    if not hand.can_double:
        raise ValueError("can only double on the first two cards")
    hand = replace(hand, bet=hand.bet * 2, doubled=True, player=(*hand.player, _draw(hand)))
    if hand_total(hand.player)[0] > 21:
        return _settle(hand, HandResult.BUST, rules)
    return stand(hand, rules=rules)


def _dealer_draws(total: int, soft: bool, rules: BlackjackRules) -> bool:
    return total < 17 or (total == 17 and soft and rules.dealer_hits_soft_17)


def stand(hand: BlackjackHand, *, rules: BlackjackRules) -> BlackjackHand:
    if hand.done:
        raise ValueError("hand is over")
    while _dealer_draws(*hand_total(hand.dealer), rules):
        hand = replace(hand, dealer=(*hand.dealer, _draw(hand)))
    player, dealer = hand_total(hand.player)[0], hand_total(hand.dealer)[0]
    if dealer > 21 or player > dealer:
        return _settle(hand, HandResult.WIN, rules)
    if player == dealer:
        return _settle(hand, HandResult.PUSH, rules)
    return _settle(hand, HandResult.LOSE, rules)


def payout_for(result: HandResult, bet: int, rules: BlackjackRules) -> int:
    num, den = rules.blackjack_pays
    match result:
        case HandResult.BLACKJACK:
            return bet + bet * num // den
        case HandResult.WIN:
            return 2 * bet
        case HandResult.PUSH:
            return bet
        case _:
            return 0


def _settle(hand: BlackjackHand, result: HandResult, rules: BlackjackRules) -> BlackjackHand:
    return replace(hand, result=result, payout=payout_for(result, hand.bet, rules))


def play_action(hand: BlackjackHand, action: Action, *, rules: BlackjackRules) -> BlackjackHand:
    match action:
        case Action.HIT:
            return hit(hand, rules=rules)
        case Action.STAND:
            return stand(hand, rules=rules)
        case Action.DOUBLE:
            return double_down(hand, rules=rules)


def start_hand(bet: int, *, rules: BlackjackRules, rng: Rng) -> BlackjackHand:
    return deal(bet, deal_shoe(rng, rules), rules=rules)
