"""What !race answers (rendered by ``bot.render.races``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.repository import races as repo

__all__ = ["RaceStandings", "RaceStarted"]


@dataclass(frozen=True, slots=True)
class RaceStarted:
    race: repo.RaceRow
    refused: str = ""  # too_many


@dataclass(frozen=True, slots=True)
class RaceStandings:
    name: str
    races: tuple[repo.RaceRow, ...]
    race: repo.RaceRow | None = None
    top: tuple[repo.ScoreRow, ...] = ()
    place: int | None = None  # the caller's
    score: int = 0
    gap: int = 0  # to the place above
    not_found: int | None = None
