"""What the faction commands answer: !factions, !faction (join/leave/territory), !territories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game.factions import BuffType, JoinCheck

__all__ = [
    "FactionInfo",
    "FactionList",
    "FactionMap",
    "JoinAnswer",
    "LeaveAnswer",
    "MapRow",
    "MoveAnswer",
    "MyFaction",
]


@dataclass(frozen=True, slots=True)
class FactionInfo:
    name: str
    emoji: str
    members: int
    territories: int


@dataclass(frozen=True, slots=True)
class FactionList:
    factions: tuple[FactionInfo, ...]
    min_level: int


@dataclass(frozen=True, slots=True)
class MyFaction:
    name: str
    faction: FactionInfo | None  # None: not in a faction
    territory: str | None = None
    week_points: int = 0
    buffs: tuple[tuple[BuffType, float], ...] = ()
    held: tuple[str, ...] = ()
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class JoinAnswer:
    name: str
    check: JoinCheck | None  # None: no faction by that name
    asked: str
    faction: str | None = None
    territory: str | None = None
    until: datetime | None = None
    min_level: int = 20
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaveAnswer:
    name: str
    faction: str | None  # None: was in no faction
    rejoin_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MoveAnswer:
    name: str
    territory: str | None  # None: unknown territory name
    asked: str
    moved: bool = False
    member: bool = True
    next_move: datetime | None = None


@dataclass(frozen=True, slots=True)
class MapRow:
    territory: str
    contested: bool
    owner: str | None
    buff: BuffType
    rate: float
    leader_today: str | None


@dataclass(frozen=True, slots=True)
class FactionMap:
    rows: tuple[MapRow, ...]
