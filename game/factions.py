"""Factions and territories (spec 12): joining, scoring, daily control, buffs, weekly rewards.

Pure rules over plain values; the repository reads scores and members and applies the results.
Every figure is in :class:`FactionRules`; every edge the spec leaves open is decided here and in
``docs/game-rules.md`` ("Factions"):

* **Week**: Monday 00:00 to Sunday 24:00 in the game timezone (DECISION 1). The payout runs at the
  week's end (Monday 00:00, right after Sunday's evaluation), so Sunday counts like any day.
* **Standard territory**: the strictly highest score wins. All zero → the owner keeps it. A tie
  at the top → the owner keeps it if it is among the tied, otherwise it goes neutral (nobody
  earned it outright, and the owner was outscored).
* **Contested territory**: the top score must be at least ``contested_ratio`` × the runner-up's;
  a sole scorer (runner-up 0) captures. All zero → the owner keeps it. Otherwise neutral.
* **Week winner**: most territories held at payout; a tie breaks on the week's points; still tied
  → no winner bonus and no top-3 crates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

__all__ = [
    "Activity",
    "BuffType",
    "FactionRules",
    "JoinCheck",
    "MemberWeek",
    "TerritoryBuffs",
    "TerritoryControl",
    "WeeklyPayout",
    "can_join",
    "evaluate_territory",
    "pick_territory",
    "territory_buffs",
    "week_start",
    "weekly_rewards",
]


class Activity(StrEnum):
    MESSAGE = "messages"
    PLAY = "plays"
    ROB = "robs"
    MISSION = "missions"
    CHECKIN = "checkins"


class BuffType(StrEnum):
    XP = "xp"
    WEALTH = "wealth"
    ALL_REWARDS = "all_rewards"
    CRATE_DROP = "crate_drop"
    ROB_SUCCESS = "rob_success"
    DEFENSE = "defense"
    BUSINESS_REVENUE = "business_revenue"
    SHOP_DISCOUNT = "shop_discount"


@dataclass(frozen=True, slots=True)
class FactionRules:
    min_level: int = 20
    switch_cooldown_days: int = 7  # after leaving, before joining any faction
    reward_lockout_days: int = 7  # after joining (a switch), no weekly share
    territory_move_hours: int = 24  # between two `!faction territory` moves
    # Points per activity, scored for the member's faction on the member's territory (spec 12 §6).
    points_message: int = 1
    points_play: int = 10
    points_rob: int = 20
    points_mission: int = 25
    points_checkin: int = 15
    contested_ratio: float = 2.0
    weekly_wealth: int = 2_000  # per controlled territory
    weekly_xp: int = 200
    contested_multiplier: float = 1.5
    winner_bonus: float = 0.25
    min_weekly_points: int = 100  # to share in the pool
    top_contributors: int = 3  # of the winner faction, each gets a crate
    top_contributor_crate: str = "rare"  # DECISION 40

    @property
    def switch_cooldown(self) -> timedelta:
        return timedelta(days=self.switch_cooldown_days)

    @property
    def reward_lockout(self) -> timedelta:
        return timedelta(days=self.reward_lockout_days)

    @property
    def territory_move_cooldown(self) -> timedelta:
        return timedelta(hours=self.territory_move_hours)

    def points(self, activity: Activity) -> int:
        return {
            Activity.MESSAGE: self.points_message,
            Activity.PLAY: self.points_play,
            Activity.ROB: self.points_rob,
            Activity.MISSION: self.points_mission,
            Activity.CHECKIN: self.points_checkin,
        }[activity]


def week_start(day: date) -> date:
    """Monday of the week containing ``day`` (DECISION 1: every weekly thing starts Monday)."""
    return day - timedelta(days=day.weekday())


# -- membership ----------------------------------------------------------------------------------


class JoinCheck(StrEnum):
    OK = "ok"
    LEVEL = "level"  # below the minimum level
    MEMBER = "member"  # already in a faction
    COOLDOWN = "cooldown"  # left too recently


def can_join(
    *,
    level: int,
    faction_id: int | None,
    left_at: datetime | None,
    now: datetime,
    rules: FactionRules,
) -> tuple[JoinCheck, datetime | None]:
    """Whether a player may join a faction now; with ``COOLDOWN`` also when they may."""
    if faction_id is not None:
        return JoinCheck.MEMBER, None
    if level < rules.min_level:
        return JoinCheck.LEVEL, None
    if left_at is not None and now < left_at + rules.switch_cooldown:
        return JoinCheck.COOLDOWN, left_at + rules.switch_cooldown
    return JoinCheck.OK, None


def pick_territory(member_counts: Mapping[int, int], order: Sequence[int]) -> int:
    """A new member's territory: the one with the fewest members of their faction among all
    territories (DECISION 32); ties go to the first in display ``order``."""
    if not order:
        raise ValueError("no territories")
    return min(order, key=lambda tid: (member_counts.get(tid, 0), order.index(tid)))


# -- daily control -------------------------------------------------------------------------------


def evaluate_territory(
    scores: Mapping[int, int], *, owner: int | None, contested: bool, rules: FactionRules
) -> int | None:
    """The controlling faction after a day with ``scores`` (faction id → points)."""
    ranked = sorted(((s, f) for f, s in scores.items() if s > 0), reverse=True)
    if not ranked:
        return owner
    top_score, top = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    if contested:
        return top if top_score >= rules.contested_ratio * runner_up and top_score > runner_up else None
    if top_score > runner_up:
        return top
    tied = {f for s, f in ranked if s == top_score}
    return owner if owner in tied else None


@dataclass(frozen=True, slots=True)
class TerritoryControl:
    territory_id: int
    name: str
    contested: bool
    buff: BuffType
    rate: float  # a fraction
    owner: int | None


# -- buffs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TerritoryBuffs:
    """The buffs a member of a faction enjoys, summed per type (fractions, additive)."""

    by_type: Mapping[BuffType, float] = field(default_factory=dict)

    def __getitem__(self, kind: BuffType) -> float:
        return self.by_type.get(kind, 0.0)


def territory_buffs(territories: Iterable[TerritoryControl], faction_id: int | None) -> TerritoryBuffs:
    if faction_id is None:
        return TerritoryBuffs()
    found: dict[BuffType, float] = {}
    for t in territories:
        if t.owner == faction_id:
            found[t.buff] = round(found.get(t.buff, 0.0) + t.rate, 6)
    return TerritoryBuffs(found)


# -- weekly rewards ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberWeek:
    user_id: int
    faction_id: int
    points: int  # this week's contribution
    locked_out: bool  # joined after a switch, within the reward lockout


@dataclass(frozen=True, slots=True)
class WeeklyPayout:
    pools: Mapping[int, tuple[int, int]]  # faction id → (wealth, xp) before the split
    winner: int | None
    shares: Mapping[int, tuple[int, int]]  # user id → (wealth, xp)
    crates: tuple[int, ...]  # user ids of the winner's top contributors
    territories: Mapping[int, int]  # faction id → territories held


def weekly_rewards(
    territories: Sequence[TerritoryControl],
    members: Sequence[MemberWeek],
    *,
    rules: FactionRules,
) -> WeeklyPayout:
    held: dict[int, int] = {}
    pools: dict[int, tuple[float, float]] = {}
    for t in territories:
        if t.owner is None:
            continue
        held[t.owner] = held.get(t.owner, 0) + 1
        mult = rules.contested_multiplier if t.contested else 1.0
        wealth, xp = pools.get(t.owner, (0.0, 0.0))
        pools[t.owner] = (wealth + rules.weekly_wealth * mult, xp + rules.weekly_xp * mult)

    points: dict[int, int] = {}
    for m in members:
        points[m.faction_id] = points.get(m.faction_id, 0) + m.points
    winner: int | None = None
    if held:
        best = max(held.values())
        leaders = [f for f, n in held.items() if n == best]
        if len(leaders) > 1:
            top_points = max(points.get(f, 0) for f in leaders)
            leaders = [f for f in leaders if points.get(f, 0) == top_points]
        winner = leaders[0] if len(leaders) == 1 else None

    final: dict[int, tuple[int, int]] = {}
    for faction, (wealth, xp) in pools.items():
        bonus = 1.0 + rules.winner_bonus if faction == winner else 1.0
        final[faction] = (int(wealth * bonus), int(xp * bonus))

    shares: dict[int, tuple[int, int]] = {}
    for faction, (wealth, xp) in final.items():
        active = [m for m in members if m.faction_id == faction and not m.locked_out
                  and m.points >= rules.min_weekly_points]
        if not active:
            continue
        each = (wealth // len(active), xp // len(active))
        if each == (0, 0):
            continue
        for m in active:
            shares[m.user_id] = each

    crates: tuple[int, ...] = ()
    if winner is not None:
        eligible = sorted(
            (m for m in members if m.faction_id == winner and not m.locked_out and m.points > 0),
            key=lambda m: (-m.points, m.user_id),
        )
        crates = tuple(m.user_id for m in eligible[: rules.top_contributors])
    return WeeklyPayout(final, winner, shares, crates, held)
