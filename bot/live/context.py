"""What the live flows are given: the game, the time, and where the action came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.context import Game
from game import game_day

__all__ = ["LiveCtx"]


@dataclass(frozen=True, slots=True)
class LiveCtx:
    """``source_platform``/``source_event_id`` tag the game events written (``system`` for jobs)."""

    game: Game
    now: datetime
    source_platform: str = "system"
    source_event_id: str | None = None
    prefix: str = "!"

    @property
    def day(self) -> date:
        return game_day(self.now, self.game.rules)

    @property
    def key(self) -> str:
        """A stable base for once-only outbox keys of this action."""
        return f"{self.source_platform}:{self.source_event_id or self.now.isoformat()}"
