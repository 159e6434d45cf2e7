"""What the core loop's commands answer: !play, !rob, !bail, !checkin."""

from __future__ import annotations

from dataclasses import dataclass

from bot.repository.effects import Applied
from game import (
    BailResult,
    CheckinResult,
    PlayResult,
    Rejected,
    Resolved,
    RobResult,
)

__all__ = [
    "BailAnswer",
    "CheckinAnswer",
    "PlayAnswer",
    "RobAnswer",
]


@dataclass(frozen=True, slots=True)
class PlayAnswer:
    name: str
    outcome: Resolved[PlayResult] | Rejected
    applied: Applied | None = None
    bail: int = 0


@dataclass(frozen=True, slots=True)
class RobAnswer:
    name: str
    target: str
    outcome: Resolved[RobResult] | Rejected
    item_name: str | None = None


@dataclass(frozen=True, slots=True)
class BailAnswer:
    name: str
    outcome: Resolved[BailResult] | Rejected


@dataclass(frozen=True, slots=True)
class CheckinAnswer:
    name: str
    outcome: Resolved[CheckinResult] | Rejected
    applied: Applied | None = None
