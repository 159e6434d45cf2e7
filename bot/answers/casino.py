"""What the casino commands answer (rendered by ``bot.render.casino``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.repository import casino as repo
from game import Rules
from game.casino.blackjack import BlackjackHand
from game.casino.coinflip import FlipDuel
from game.casino.limits import BetRefusal
from game.casino.lottery import LotteryCheck
from game.casino.odds import GameOdds
from game.casino.slots import SlotsSpin

__all__ = [
    "BetRefused", "BlackjackAnswer", "FlipAnswer", "FlipsAnswer", "GambleStatsAnswer", "GamblersAnswer",
    "JackpotAnswer", "LimitAnswer", "LottoAnswer", "LotteryAnswer", "OddsAnswer", "SlotsAnswer", "VerifyAnswer",
]


@dataclass(frozen=True, slots=True)
class BetRefused:
    name: str
    game: str
    reason: BetRefusal
    bet: int
    min_bet: int = 0
    max_bet: int = 0
    wealth: int = 0
    room: int = 0  # what the loss limit still allows today


@dataclass(frozen=True, slots=True)
class SlotsAnswer:
    name: str
    spin: SlotsSpin
    balance: int
    pool: int


@dataclass(frozen=True, slots=True)
class JackpotAnswer:
    jackpot: repo.Jackpot
    odds: int  # 1 in N spins


@dataclass(frozen=True, slots=True)
class BlackjackAnswer:
    name: str
    hand: BlackjackHand | None
    balance: int | None = None
    already: bool = False  # a hand is in play: finish it first
    auto_stood: bool = False  # left alone too long: stood by itself
    cannot_double: bool = False
    refused: BetRefused | None = None


@dataclass(frozen=True, slots=True)
class FlipAnswer:
    name: str
    kind: str  # created | already_open | accepted | not_found | own | taken | cancelled | none_open
    flip_id: int = 0
    stake: int = 0
    side: str = ""
    expires_at: datetime | None = None
    duel: FlipDuel | None = None
    challenger: str = ""
    winner: str = ""
    balance: int | None = None


@dataclass(frozen=True, slots=True)
class FlipsAnswer:
    flips: tuple[repo.FlipRow, ...]


@dataclass(frozen=True, slots=True)
class LotteryAnswer:
    name: str
    kind: str  # bought | closed | too_many
    draw: repo.OpenDraw | None
    numbers: tuple[int, ...] = ()
    ticket_id: int = 0
    tickets_held: int = 0
    balance: int | None = None


@dataclass(frozen=True, slots=True)
class LottoAnswer:
    draw: repo.OpenDraw
    ticket_price: int
    odds: int
    mine: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class VerifyAnswer:
    draw_id: int
    row: repo.DrawRow | None
    check: LotteryCheck | None
    tickets: int = 0


@dataclass(frozen=True, slots=True)
class GambleStatsAnswer:
    name: str
    stats: tuple[repo.GambleStat, ...]


@dataclass(frozen=True, slots=True)
class GamblersAnswer:
    order: str
    lines: tuple[repo.BoardLine, ...]


@dataclass(frozen=True, slots=True)
class OddsAnswer:
    topic: str
    odds: dict[str, GameOdds]
    rules: Rules
    jackpot_pool: int = 0


@dataclass(frozen=True, slots=True)
class LimitAnswer:
    name: str
    limit: int
    lost_today: int
    changed: bool = False
    pending: int | None = None  # a raise that applies tomorrow
    house_max: int = 0
