"""Daily and weekly missions (pure): assignment, tier scaling, the set reward.

* A player gets ``daily_count`` (3) daily and ``weekly_count`` (2) weekly missions per period.
  Each slot rolls a difficulty by the spec weights with the fair RNG (DECISION 31), then picks
  a template of that difficulty uniformly, at most one per category and one luck-based per set;
  when no template of the rolled difficulty fits, any unused fitting template is taken, and
  only then variety is ignored. No template twice in a period.
* Scaling (locked at assignment): reward = floor(base × tier multiplier); objective =
  ceil(base × multiplier) **except calendar-bound objectives** (check-ins: one a day can never
  reach two), which never scale (DECISION 30) and are capped to what the rest of the period
  still allows, so a mission assigned mid-week is still completable.
* When every mission of a set is complete the set pays automatically, once: the sum of the
  scaled rewards + the flat bonus (+ a Common crate for the weekly set), wealth within the
  period's cap (base first, the bonus from what remains).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from game.crates import place_crate
from game.effects import Effect, LedgerReason, NoticeKind, Notification, WealthDelta
from game.goals import GoalRules
from game.model import CrateSource, ItemTier
from game.progression import gain_xp
from game.rng import Rng
from game.rules import Rules

__all__ = [
    "CALENDAR_BOUND",
    "DIFFICULTIES",
    "Assigned",
    "MissionTemplate",
    "MissionType",
    "SetReward",
    "assign",
    "calendar_objective",
    "scaled_objective",
    "scaled_reward",
    "set_reward",
    "set_reward_effects",
]

DIFFICULTIES = ("easy", "medium", "hard")
# Objectives a player can advance at most once per game day.
CALENDAR_BOUND = frozenset({"checkin_today", "checkin_week", "checkin_streak"})


class MissionType(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class MissionTemplate:
    key: str
    mission_type: MissionType
    category: str
    difficulty: str
    name: str
    description: str
    objective_type: str
    base_value: int
    luck_based: bool
    reward_wealth: int
    reward_xp: int


@dataclass(frozen=True, slots=True)
class Assigned:
    template: MissionTemplate
    objective: int
    reward_wealth: int
    reward_xp: int
    progress: int = 0


def scaled_objective(template: MissionTemplate, multiplier: float) -> int:
    if template.objective_type in CALENDAR_BOUND:
        return template.base_value
    return max(1, math.ceil(round(template.base_value * multiplier, 6)))


def scaled_reward(base: int, multiplier: float) -> int:
    return math.floor(round(base * multiplier, 6))


def calendar_objective(base: int, *, done: int, days_left: int, checked_in_today: bool) -> int:
    """A calendar-bound objective for a mission assigned with ``days_left`` days of the period
    to go (today included): never more than the check-ins already made plus those still
    possible."""
    possible = done + days_left - (1 if checked_in_today else 0)
    return max(1, min(base, possible))


def assign(
    templates: Sequence[MissionTemplate],
    mission_type: MissionType,
    *,
    multiplier: float,
    rules: GoalRules,
    rng: Rng,
) -> list[Assigned]:
    """Pick and scale one set of missions of ``mission_type`` (see the module docstring)."""
    pool = sorted((t for t in templates if t.mission_type is mission_type), key=lambda t: t.key)
    count = rules.daily_count if mission_type is MissionType.DAILY else rules.weekly_count
    weights = (
        rules.daily_difficulty_weights if mission_type is MissionType.DAILY else rules.weekly_difficulty_weights
    )
    picked: list[MissionTemplate] = []
    for _ in range(min(count, len(pool))):
        difficulty = DIFFICULTIES[rng.weighted_index(weights)]
        left = [t for t in pool if t not in picked]
        fits = [t for t in left if _varied(t, picked)]
        choices = [t for t in fits if t.difficulty == difficulty] or fits or left
        picked.append(rng.choice(choices))
    return [
        Assigned(t, scaled_objective(t, multiplier), scaled_reward(t.reward_wealth, multiplier),
                 scaled_reward(t.reward_xp, multiplier))
        for t in picked
    ]


def _varied(template: MissionTemplate, picked: Sequence[MissionTemplate]) -> bool:
    if any(p.category == template.category for p in picked):
        return False
    return not (template.luck_based and any(p.luck_based for p in picked))


@dataclass(frozen=True, slots=True)
class SetReward:
    base_wealth: int
    base_xp: int
    bonus_wealth: int
    bonus_xp: int
    crate: str | None

    @property
    def wealth(self) -> int:
        return self.base_wealth + self.bonus_wealth

    @property
    def xp(self) -> int:
        return self.base_xp + self.bonus_xp


def set_reward(
    rewards: Sequence[tuple[int, int]],
    mission_type: MissionType,
    *,
    rules: GoalRules,
    claimed_in_period: int = 0,
) -> SetReward:
    """The pay of a complete set: ``rewards`` are the missions' (wealth, xp); wealth within the
    period cap minus ``claimed_in_period`` (base first, then the bonus); XP is not capped."""
    daily = mission_type is MissionType.DAILY
    cap = (rules.daily_wealth_cap if daily else rules.weekly_wealth_cap) - claimed_in_period
    room = max(0, cap)
    base = min(sum(w for w, _ in rewards), room)
    bonus = min(rules.daily_bonus_wealth if daily else rules.weekly_bonus_wealth, room - base)
    return SetReward(
        base_wealth=base,
        base_xp=sum(x for _, x in rewards),
        bonus_wealth=bonus,
        bonus_xp=rules.daily_bonus_xp if daily else rules.weekly_bonus_xp,
        crate=None if daily else (rules.weekly_bonus_crate or None),
    )


def set_reward_effects(
    user_id: int,
    reward: SetReward,
    *,
    xp: int,
    level: int,
    crates_held: int,
    crates_escrowed: int,
    rules: Rules,
    now: datetime,
) -> list[Effect]:
    """Pay a complete set: wealth (ledger reason ``mission``), XP (level recomputed), the weekly
    crate (held, else escrow, else lost — the normal crate placement) and a notification."""
    effects: list[Effect] = []
    if reward.wealth > 0:
        effects.append(WealthDelta(user_id, reward.wealth, LedgerReason.MISSION))
    effects += gain_xp(user_id, xp, level, reward.xp, rules.progression)
    if reward.crate:
        effects += place_crate(
            user_id, ItemTier(reward.crate), CrateSource.MISSION,
            held=crates_held, escrowed=crates_escrowed, rules=rules, now=now,
        )[1]
    effects.append(Notification(user_id, NoticeKind.MISSION_COMPLETE, (("wealth", reward.wealth), ("xp", reward.xp))))
    return effects
