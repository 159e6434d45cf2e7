"""Answers of achievements, titles, missions, the hall of fame and notifications, and the
epilogue a command's reply carries (what it completed, unseen notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.repository.progression import Moment
from bot.repository.titles import OwnedTitle
from game.achievements import TIERS, AchievementView
from game.missions import MissionType

__all__ = [
    "AchievementsAnswer",
    "Epilogue",
    "HallAnswer",
    "HallEntry",
    "MissionLine",
    "MissionSetView",
    "MissionsAnswer",
    "NoticeLine",
    "NotificationsAnswer",
    "TitlesAnswer",
    "WithEpilogue",
]


@dataclass(frozen=True, slots=True)
class AchievementsAnswer:
    name: str
    views: tuple[AchievementView, ...]
    found: bool = True

    @property
    def completed(self) -> int:
        return sum(v.completed for v in self.views)

    def per_tier(self) -> list[tuple[str, int, int]]:
        return [
            (t, sum(v.completed for v in self.views if v.tier == t), sum(v.tier == t for v in self.views))
            for t in TIERS
        ]


@dataclass(frozen=True, slots=True)
class TitlesAnswer:
    name: str
    titles: tuple[OwnedTitle, ...]
    action: str = "list"  # list | worn | cleared | not_owned | none_worn
    title: str | None = None


@dataclass(frozen=True, slots=True)
class MissionLine:
    name: str
    description: str
    progress: int
    objective: int
    completed: bool
    reward_wealth: int


@dataclass(frozen=True, slots=True)
class MissionSetView:
    mission_type: MissionType
    lines: tuple[MissionLine, ...]
    expires_at: datetime | None
    paid: bool


@dataclass(frozen=True, slots=True)
class MissionsAnswer:
    name: str
    sets: tuple[MissionSetView, ...]


@dataclass(frozen=True, slots=True)
class HallEntry:
    record: str
    value: int
    holder: str
    achieved_at: datetime
    previous_holder: str | None
    previous_value: int | None


@dataclass(frozen=True, slots=True)
class HallAnswer:
    entries: tuple[HallEntry, ...]
    wanted: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeLine:
    kind: str
    title: str
    message: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NotificationsAnswer:
    name: str
    lines: tuple[NoticeLine, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Epilogue:
    """Lines after a command's reply: what it completed, and unseen notifications waiting."""

    moments: tuple[Moment, ...] = ()
    unseen: int = 0

    def __bool__(self) -> bool:
        return bool(self.moments or self.unseen)


@dataclass(frozen=True, slots=True)
class WithEpilogue:
    """A command's answer followed by its epilogue lines."""

    answer: object
    epilogue: Epilogue

    @property
    def private(self) -> bool:
        return bool(getattr(self.answer, "private", False))
