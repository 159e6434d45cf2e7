"""Mission sets: assignment (lazy on ``!missions``, and by the reset jobs) and reading them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from bot.periods import Period, period_bounds
from bot.repository.effects import tier_label
from bot.sql import QUERIES
from game import Rules, Tier, tier_multiplier
from game.missions import (
    CALENDAR_BOUND,
    Assigned,
    MissionTemplate,
    MissionType,
    assign,
    calendar_objective,
)
from game.rng import Rng

__all__ = ["MissionRow", "assign_missing", "current_missions", "expire_missions", "period_of"]

_TEMPLATES = QUERIES["missions/templates"]
_CURRENT = QUERIES["missions/current"]
_EXPIRE = QUERIES["missions/expire"]
_INSERT = QUERIES["missions/insert"]
_CHECKINS = QUERIES["missions/period_checkins"]
_NOTIFY = QUERIES["notifications/insert"]


@dataclass(frozen=True, slots=True)
class MissionRow:
    template_id: str
    name: str
    description: str
    mission_type: MissionType
    objective_type: str
    objective: int
    progress: int
    completed: bool
    status: str
    reward_wealth: int
    reward_xp: int
    expires_at: datetime


def period_of(mission_type: MissionType, day: date, rules: Rules) -> tuple[date, datetime, int]:
    """(first day, expiry instant, days left including ``day``) of the period containing ``day``:
    the game day, or the game week (Monday 00:00, DECISION 1)."""
    period = Period.DAILY if mission_type is MissionType.DAILY else Period.WEEKLY
    start, end = period_bounds(period, day)
    zone = ZoneInfo(rules.game_timezone)
    expires = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone)
    return start, expires, (end - day).days + 1


async def templates(conn: asyncpg.Connection) -> list[MissionTemplate]:
    return [
        MissionTemplate(
            key=r["template_id"], mission_type=MissionType(r["mission_type"]), category=r["category"],
            difficulty=r["difficulty"], name=r["name"], description=r["description"],
            objective_type=r["objective_type"], base_value=r["objective_base_value"],
            luck_based=r["is_luck_based"], reward_wealth=r["reward_wealth"], reward_xp=r["reward_xp"],
        )
        for r in await conn.fetch(_TEMPLATES)
    ]


async def current_missions(conn: asyncpg.Connection, user_id: int, day: date, rules: Rules) -> list[MissionRow]:
    daily = period_of(MissionType.DAILY, day, rules)[0]
    weekly = period_of(MissionType.WEEKLY, day, rules)[0]
    return [
        MissionRow(
            r["template_id"], r["name"], r["description"], MissionType(r["mission_type"]),
            r["objective_type"], r["objective_value"], r["current_progress"], r["is_completed"],
            r["status"], r["reward_wealth"], r["reward_xp"], r["expires_at"],
        )
        for r in await conn.fetch(_CURRENT, user_id, daily, weekly)
    ]


async def expire_missions(conn: asyncpg.Connection, now: datetime, user_id: int | None = None) -> int:
    """Expire what ran out (an unpaid set is forfeited) and tell each player once per set."""
    rows = await conn.fetch(_EXPIRE, now, user_id)
    for uid, mission_type in sorted({(r["user_id"], r["mission_type"]) for r in rows}):
        await conn.execute(
            _NOTIFY, uid, "mission_expired", "Missions expired!", f"Your {mission_type} missions ran out."
        )
    return len(rows)


async def assign_missing(
    conn: asyncpg.Connection,
    user_id: int,
    *,
    tier: Tier,
    last_checkin: date | None,
    rules: Rules,
    rng: Rng,
    day: date,
    now: datetime,
    pool: list[MissionTemplate] | None = None,
    types: tuple[MissionType, ...] = tuple(MissionType),
) -> list[str]:
    """Give the player the daily and/or weekly set of the current period if they have none;
    returns the template ids assigned. Call with the player locked."""
    have = {m.mission_type for m in await current_missions(conn, user_id, day, rules)}
    missing = [t for t in types if t not in have]
    if not missing:
        return []
    pool = pool if pool is not None else await templates(conn)
    multiplier = tier_multiplier(tier, rules.progression)
    daily_start = period_of(MissionType.DAILY, day, rules)[0]
    weekly_start = period_of(MissionType.WEEKLY, day, rules)[0]
    checkins = await conn.fetchrow(_CHECKINS, user_id, daily_start, weekly_start)
    checked_today = last_checkin == day
    assigned_ids: list[str] = []
    for mission_type in missing:
        start, expires, days_left = period_of(mission_type, day, rules)
        done = checkins["daily"] if mission_type is MissionType.DAILY else checkins["weekly"]
        picked = [
            _calendar(a, done=done, days_left=days_left, checked_today=checked_today)
            for a in assign(pool, mission_type, multiplier=multiplier, rules=rules.goals, rng=rng)
        ]
        if not picked:
            continue
        await conn.fetch(
            _INSERT, user_id, mission_type.value, start, tier_label(tier), multiplier, expires, now,
            [a.template.key for a in picked], [a.template.objective_type for a in picked],
            [a.objective for a in picked], [a.reward_wealth for a in picked], [a.reward_xp for a in picked],
            [a.progress for a in picked],
        )
        assigned_ids += [a.template.key for a in picked]
    return assigned_ids


def _calendar(a: Assigned, *, done: int, days_left: int, checked_today: bool) -> Assigned:
    """Calendar-bound objectives start from this period's check-ins and never ask for more than
    the rest of the period allows."""
    if a.template.objective_type not in CALENDAR_BOUND or a.template.objective_type == "checkin_streak":
        return a
    objective = calendar_objective(a.objective, done=done, days_left=days_left, checked_in_today=checked_today)
    return Assigned(a.template, objective, a.reward_wealth, a.reward_xp, progress=min(done, objective))
