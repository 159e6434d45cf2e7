"""Every casino figure in one frozen value (`CasinoRules`, the ``casino`` field of `Rules`).

Money is whole dollars; shares are fractions. The RTP of each game follows from these figures
(see ``game.casino.odds``) and is pinned by tests and written in docs/game-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "BlackjackRules",
    "CasinoRules",
    "FlipRules",
    "LimitRules",
    "LotteryRules",
    "RaceRules",
    "SlotsRules",
    "SupplyRules",
]


@dataclass(frozen=True, slots=True)
class SlotsRules:
    """Three identical reels of ``reel`` stops. A line pays ``bet × multiplier`` (stake included).

    Three of a kind pays ``triples[symbol]``; exactly two cherries pay ``two_cherries``; three
    jackpot symbols pay their triple multiplier *and* the whole progressive pool.
    ``jackpot_share`` of every bet (floored) feeds the pool; after a win the pool restarts at
    ``jackpot_seed`` (house money)."""

    min_bet: int = 100
    reel: tuple[str, ...] = (
        "🍒", "🍒", "🍒", "🍒", "🍒",
        "🍋", "🍋", "🍋", "🍋", "🍋",
        "🍊", "🍊", "🍊", "🍊",
        "🍇", "🍇", "🍇",
        "🔔", "🔔",
        "7️⃣",
    )
    triples: tuple[tuple[str, int], ...] = (
        ("7️⃣", 50), ("🔔", 25), ("🍇", 20), ("🍊", 12), ("🍋", 10), ("🍒", 10),
    )
    cherry: str = "🍒"
    two_cherries: int = 3
    jackpot_symbol: str = "7️⃣"
    jackpot_share: float = 0.02
    jackpot_seed: int = 10_000


@dataclass(frozen=True, slots=True)
class BlackjackRules:
    """Infinite deck (every card drawn independently, 4/13 tens), dealer peeks for blackjack,
    stands on soft 17, blackjack pays 3:2 (the half-dollar floored), double on any first two
    cards (one card, then stand), no split, no insurance, no surrender."""

    min_bet: int = 100
    dealer_hits_soft_17: bool = False
    blackjack_pays: tuple[int, int] = (3, 2)
    shoe_cards: int = 52  # cards derived per hand from its fair roll (a hand never needs more)
    idle_minutes: int = 5  # a hand left alone this long stands automatically


@dataclass(frozen=True, slots=True)
class FlipRules:
    """Coin-flip duel: the challenger's stake is escrowed at once, the acceptor's on accept; the
    winner takes the pot less ``rake`` (the house's share, a money sink)."""

    min_bet: int = 500
    rake: float = 0.02
    expire_minutes: int = 10


@dataclass(frozen=True, slots=True)
class LotteryRules:
    """Pick ``picks`` distinct numbers from 1…``numbers``; all must match (any order) to win.

    ``pot_share`` of each ticket goes to the pot (the rest is the house's); the first draw is
    seeded with ``seed_pot``. Winners split the pot (floored; the odd dollars roll over);
    no winner rolls the whole pot over. One draw every ``draw_hours``."""

    ticket_price: int = 1_000
    numbers: int = 20
    picks: int = 3
    pot_share: float = 0.9
    seed_pot: int = 25_000
    max_tickets: int = 10
    draw_hours: int = 24


@dataclass(frozen=True, slots=True)
class LimitRules:
    """A bet is at most ``max_bet``; a player's net loss in a game day (stakes − returns) may
    not exceed their daily loss limit (``default_daily_loss_limit`` unless they set one
    lower with !limit; a raise takes effect the next game day)."""

    max_bet: int = 1_000_000
    default_daily_loss_limit: int = 5_000_000


@dataclass(frozen=True, slots=True)
class SupplyRules:
    """Heist tokens bought with wealth: ``floor(token_base × token_growth^(bought today))``,
    at most ``tokens_per_day`` a game day and never above the token balance cap."""

    token_base: int = 1_000
    token_growth: float = 1.15
    tokens_per_day: int = 10


@dataclass(frozen=True, slots=True)
class RaceRules:
    """Race prize splits by the number of paid places (fractions; the rounding remainder goes to
    first place) and how long a custom race may run."""

    splits: tuple[tuple[int, tuple[float, ...]], ...] = (
        (1, (1.0,)),
        (2, (0.6, 0.4)),
        (3, (0.5, 0.3, 0.2)),
        (5, (0.4, 0.25, 0.15, 0.12, 0.08)),
        (10, (0.25, 0.18, 0.13, 0.10, 0.08, 0.07, 0.06, 0.05, 0.04, 0.04)),
    )
    default_places: int = 3
    max_custom_days: int = 60
    max_running: int = 5

    def split(self, places: int) -> tuple[float, ...] | None:
        return dict(self.splits).get(places)


@dataclass(frozen=True, slots=True)
class CasinoRules:
    slots: SlotsRules = field(default_factory=SlotsRules)
    blackjack: BlackjackRules = field(default_factory=BlackjackRules)
    flip: FlipRules = field(default_factory=FlipRules)
    lottery: LotteryRules = field(default_factory=LotteryRules)
    limits: LimitRules = field(default_factory=LimitRules)
    supplies: SupplyRules = field(default_factory=SupplyRules)
    races: RaceRules = field(default_factory=RaceRules)
