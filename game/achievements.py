"""Achievements (pure): rewards on completion, announcements by tier, what `!achievements` shows.

The catalogue is content (``game/content/achievements.json``, DECISION 23: the 43-list plus the
play-count, business, bust and bail ladders and the per-session spend ladder — 62), loaded into
the ``achievements`` table; progress lives in ``user_achievements`` and is fed by the counters
of ``game.counters``. Completion is exactly once (the repository's conditional update) and pays,
in the acting transaction: wealth (ledger reason ``achievement``), XP (level recomputed), bonds,
the title (Platinum+ only, DECISION 24) and a notification.

Announcements: Bronze/Silver notify the player only; Gold and up get a chat line; Platinum and
up also go to the Discord feed (``GoalRules.chat_min_achievement_tier`` / ``feed_min…``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.counters import ACHIEVEMENT_COUNTER, PENDING, Counter
from game.effects import (
    BondDelta,
    Effect,
    LedgerReason,
    NoticeKind,
    Notification,
    TitleUnlocked,
    WealthDelta,
)
from game.goals import GoalRules
from game.progression import gain_xp
from game.rules import ProgressionRules

__all__ = [
    "TIERS",
    "AchievementView",
    "Completed",
    "announces_in_chat",
    "announces_in_feed",
    "nearest",
    "progress_bar",
    "reward_effects",
    "shown_name",
]

TIERS = ("bronze", "silver", "gold", "platinum", "legendary")
TIER_EMOJI = {"bronze": "🥉", "silver": "🥈", "gold": "🥇", "platinum": "💎", "legendary": "👑"}


def _rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def announces_in_chat(tier: str, rules: GoalRules) -> bool:
    return _rank(tier) >= _rank(rules.chat_min_achievement_tier)


def announces_in_feed(tier: str, rules: GoalRules) -> bool:
    return _rank(tier) >= _rank(rules.feed_min_achievement_tier)


@dataclass(frozen=True, slots=True)
class Completed:
    """An achievement one player just completed (as the repository's conditional update
    returned it)."""

    user_id: int
    key: str
    name: str
    tier: str
    reward_wealth: int
    reward_xp: int
    reward_bonds: int
    reward_title: str | None


def reward_effects(
    done: Sequence[Completed], *, xp: int, level: int, rules: ProgressionRules
) -> list[Effect]:
    """The rewards of ``done`` (one player's completions, in order) for a player at ``xp`` and
    stored ``level``; the XP of several completions is added in one step (one level change)."""
    if not done:
        return []
    uid = done[0].user_id
    effects: list[Effect] = []
    wealth = sum(d.reward_wealth for d in done)
    if wealth > 0:
        effects.append(WealthDelta(uid, wealth, LedgerReason.ACHIEVEMENT))
    effects += gain_xp(uid, xp, level, sum(d.reward_xp for d in done), rules)
    bonds = sum(d.reward_bonds for d in done)
    if bonds > 0:
        effects.append(BondDelta(uid, bonds))
    for d in done:
        if d.reward_title:
            effects.append(TitleUnlocked(uid, d.reward_title, "achievement"))
        effects.append(
            Notification(uid, NoticeKind.ACHIEVEMENT, (("achievement", d.name), ("tier", d.tier)))
        )
    return effects


@dataclass(frozen=True, slots=True)
class AchievementView:
    """One achievement as one player sees it."""

    key: str
    name: str
    description: str
    tier: str
    requirement_type: str
    requirement: int
    progress: int
    completed: bool
    hidden: bool
    held_by: float | None = None  # fraction of active players holding it (rarity job)

    @property
    def counter(self) -> Counter | None:
        return ACHIEVEMENT_COUNTER.get(self.requirement_type)

    @property
    def coming_with(self) -> str | None:
        """The system this achievement waits for, when its counter is not live yet."""
        counter = self.counter
        return PENDING.get(counter) if counter is not None else "a future update"

    @property
    def secret(self) -> bool:
        """Shown as ??? until unlocked: hidden ones, and those whose system has not landed."""
        return not self.completed and (self.hidden or self.coming_with is not None)


def shown_name(view: AchievementView) -> str:
    return "???" if view.secret else view.name


def progress_bar(progress: int, requirement: int, width: int = 5) -> str:
    """``▰▰▰▱▱ 3/5`` (progress capped at the requirement)."""
    shown = max(0, min(progress, requirement))
    filled = (shown * width) // requirement if requirement > 0 else width
    return f"{'▰' * filled}{'▱' * (width - filled)} {shown:,}/{requirement:,}"


def nearest(views: Iterable[AchievementView], n: int = 3) -> list[AchievementView]:
    """The ``n`` unfinished, visible achievements closest to completion (then easiest tier)."""
    open_ = [v for v in views if not v.completed and not v.secret]
    open_.sort(key=lambda v: (-min(v.progress, v.requirement) / v.requirement, _rank(v.tier), v.requirement, v.key))
    return open_[:n]
