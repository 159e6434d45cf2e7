"""Races: a timed contest on one metric with a prize split among the top places (pure).

A race covers whole game days: from the start of the game day it was started to ``ends_at``
(daily: the next game-day start; weekly 7 days; monthly 30 days; custom N days). Standings
rank players by the metric (highest first, ties to the earlier-joined player id); players
with 0 are not placed. Places are paid from the split table; a place nobody reached is not paid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from game.casino.rules import RaceRules

__all__ = ["RaceMetric", "Standing", "parse_duration", "race_payouts"]


class RaceMetric(StrEnum):
    WAGERED = "wagered"
    WON = "won"
    PLAYS = "plays"
    ROBS = "robs"
    MESSAGES = "messages"
    CONTRIBUTED = "contributed"


@dataclass(frozen=True, slots=True)
class Standing:
    user_id: int
    score: int


_CUSTOM = re.compile(r"^(\d{1,3})d$")


def parse_duration(words: Sequence[str], rules: RaceRules) -> tuple[int, int] | None:
    """``("daily",)`` → (1 day, words used); ``("custom", "3d")`` → (3, 2); else None."""
    if not words:
        return None
    head = words[0].lower()
    fixed = {"daily": 1, "weekly": 7, "monthly": 30}
    if head in fixed:
        return fixed[head], 1
    if head == "custom" and len(words) > 1:
        m = _CUSTOM.match(words[1].lower())
        if m and 1 <= int(m[1]) <= rules.max_custom_days:
            return int(m[1]), 2
    return None


def race_payouts(prize: int, standings: Sequence[Standing], places: int, rules: RaceRules) -> list[tuple[Standing, int]]:
    """(standing, amount) for each paid place, best first."""
    split = rules.split(places)
    if split is None:
        raise ValueError(f"no split table for {places} places")
    ranked = sorted((s for s in standings if s.score > 0), key=lambda s: (-s.score, s.user_id))
    amounts = [int(prize * share) for share in split]
    amounts[0] += prize - sum(amounts)
    return [(s, amounts[i]) for i, s in enumerate(ranked[: len(split)])]
