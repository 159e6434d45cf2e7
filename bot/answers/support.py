"""What supports and stream status changes answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.events import SupportKind

__all__ = [
    "StreamAnswer",
    "SupportAnswer",
]


@dataclass(frozen=True, slots=True)
class SupportAnswer:
    name: str | None  # None: anonymous
    kind: SupportKind
    amount: int
    tier: int
    wealth: int
    xp: int
    level_up: int | None = None
    crowned: bool = False  # this support took the Juicernaut crown


@dataclass(frozen=True, slots=True)
class StreamAnswer:
    started: bool
    title: str = ""
    resumed: bool = False  # back online within the grace period
    grace_hours: int = 0  # offline: hours the session waits
