"""What !link answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.events import Platform

__all__ = [
    "LinkCode",
    "LinkRefusal",
    "Linked",
]


@dataclass(frozen=True, slots=True)
class LinkCode:
    name: str
    code: str
    expires_at: datetime
    platform: Platform
    private: bool = True  # the code must reach only the person who asked


@dataclass(frozen=True, slots=True)
class LinkRefusal:
    """``kind``: unknown, used, expired, same_platform, self, already_linked (``platform`` set)."""

    name: str
    kind: str
    platform: Platform | None = None


@dataclass(frozen=True, slots=True)
class Linked:
    name: str  # the surviving character's name
    absorbed: str
    platform: Platform  # where the code was issued
    wealth: int  # moved into the survivor
    xp_gained: int
    level: int
    items: int
    crates: int
    titles: int
    tokens: int
    folded: bool  # the absorbed character had no progress
