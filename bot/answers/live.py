"""What the live commands answer: the crown, the hall of fame, heists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.repository.live import HallRow, HeistStats, Standing

__all__ = ["HallAnswer", "HeistInfo", "HeistModAnswer", "HeistStatsAnswer", "JuiceAnswer"]


@dataclass(frozen=True, slots=True)
class JuiceAnswer:
    live: bool
    holder: str | None = None
    top: tuple[Standing, ...] = ()
    total_cents: int = 0
    buffs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HallAnswer:
    by_wins: tuple[HallRow, ...]
    by_total: tuple[HallRow, ...]


@dataclass(frozen=True, slots=True)
class HeistInfo:
    """``state``: open, next, paused (offline), off (moderator), no_session."""

    state: str
    prompt: str = ""
    ends_at: datetime | None = None
    next_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class HeistModAnswer:
    """``change``: fired, busy, no_session, off, on."""

    name: str
    change: str
    prompt: str = ""
    time_limit: int = 0


@dataclass(frozen=True, slots=True)
class HeistStatsAnswer:
    name: str
    found: bool
    stats: HeistStats | None = None
