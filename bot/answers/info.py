"""What the read-only commands answer: profiles, cooldowns, boards, help.

A board's metric is the word players type; its column is the leaderboard counter it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.commanding import Declared
from bot.periods import Period
from game import Tier

__all__ = [
    "BalanceAnswer",
    "BoardEntry",
    "CooldownEntry",
    "CooldownsAnswer",
    "HelpAnswer",
    "HelpListAnswer",
    "HelpUnknownAnswer",
    "LeaderboardAnswer",
    "LevelAnswer",
    "Metric",
    "NotFoundAnswer",
    "ProfileAnswer",
    "RankAnswer",
    "RankLine",
    "TokensAnswer",
    "held_wealth",
]


class Metric(StrEnum):
    """What a board ranks by; the value is the word players type."""

    WEALTH = "wealth"
    XP = "xp"
    PLAYS = "plays"
    ROBS = "robs"
    CHATTERS = "chatters"
    DONATIONS = "donations"
    CHECKINS = "checkins"
    CRATES = "crates"

    @property
    def column(self) -> str:
        """The ``leaderboard_snapshots`` counter this metric reads."""
        return _COLUMNS[self]


_COLUMNS = {
    Metric.WEALTH: "wealth_earned",
    Metric.XP: "xp_earned",
    Metric.PLAYS: "play_count",
    Metric.ROBS: "rob_success_count",  # spec 06 "Rob Masters": successful robs
    Metric.CHATTERS: "messages_sent",
    Metric.DONATIONS: "total_contributed_cents",
    Metric.CHECKINS: "checkins",
    Metric.CRATES: "crates_opened",
}


@dataclass(frozen=True, slots=True)
class NotFoundAnswer:
    """A named player nobody goes by."""

    asked: str


@dataclass(frozen=True, slots=True)
class ProfileAnswer:
    name: str
    title: str | None
    tier: Tier
    wealth: int
    level: int
    xp_into: int
    xp_needed: int  # 0 at the level cap
    streak: int
    tokens: int
    token_cap: int
    faction: str | None
    jailed_until: datetime | None  # set only while jailed


@dataclass(frozen=True, slots=True)
class BalanceAnswer:
    name: str
    wealth: int


@dataclass(frozen=True, slots=True)
class LevelAnswer:
    name: str
    level: int
    tier: Tier
    xp_into: int
    xp_needed: int  # 0 at the level cap


@dataclass(frozen=True, slots=True)
class TokensAnswer:
    name: str
    tokens: int
    cap: int
    rob_cost: int
    checkin_tokens: int
    messages_per_token: int
    chat_tokens_per_day: int


@dataclass(frozen=True, slots=True)
class CooldownEntry:
    kind: str  # a CooldownKind value, or another command's cooldown name
    until: datetime
    target: str | None = None  # the rob target's name


@dataclass(frozen=True, slots=True)
class CooldownsAnswer:
    name: str
    entries: tuple[CooldownEntry, ...]
    jailed_until: datetime | None  # set only while jailed


@dataclass(frozen=True, slots=True)
class BoardEntry:
    rank: int
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class LeaderboardAnswer:
    period: Period
    metric: Metric
    entries: tuple[BoardEntry, ...]


@dataclass(frozen=True, slots=True)
class RankLine:
    period: Period
    rank: int | None  # None: not on this board
    value: int
    entries: int


@dataclass(frozen=True, slots=True)
class RankAnswer:
    name: str
    metric: Metric
    lines: tuple[RankLine, ...]


@dataclass(frozen=True, slots=True)
class HelpListAnswer:
    """Command names (without prefix) by who may use them; staff lists only for staff."""

    viewer: tuple[str, ...]
    moderator: tuple[str, ...]
    broadcaster: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # more commands: !help <topic>
    topic: str = ""  # set when this lists one topic's commands


@dataclass(frozen=True, slots=True)
class HelpAnswer:
    """One command explained; ``allowed`` False when the asker may not use it."""

    spec: Declared
    allowed: bool


@dataclass(frozen=True, slots=True)
class HelpUnknownAnswer:
    asked: str


def held_wealth(period: Period, metric: Metric) -> bool:
    """The lifetime wealth board ranks cash held now, not wealth earned."""
    return period is Period.LIFETIME and metric is Metric.WEALTH
