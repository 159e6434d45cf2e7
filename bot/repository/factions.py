"""Factions and territories: membership, scores, control, the weekly payout (typed values)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeAlias

import asyncpg

from bot.sql import QUERIES
from game.factions import (
    Activity,
    BuffType,
    FactionRules,
    TerritoryBuffs,
    TerritoryControl,
    week_start,
)

__all__ = [
    "ChangedTerritory",
    "FactionRow",
    "GoalStanding",
    "MemberRow",
    "MemberStanding",
    "TerritoryRow",
    "buffs",
    "claim_week",
    "day_scores",
    "factions",
    "goal_standing",
    "join",
    "leave",
    "member",
    "move",
    "notify_members",
    "score",
    "set_control",
    "territories",
    "territory_counts",
    "today_leaders",
    "week_members",
]

_Q = {name: QUERIES[f"factions/{name}"] for name in (
    "list", "territories", "member", "territory_counts", "join", "leave", "move", "score",
    "day_scores", "set_control", "week_members", "claim_week", "notify_members", "today_leaders",
    "buffs", "goal_standing",
)}

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True, slots=True)
class FactionRow:
    faction_id: int
    key: str
    name: str
    aliases: tuple[str, ...]
    emoji: str
    motto: str
    members: int
    territories: int


@dataclass(frozen=True, slots=True)
class TerritoryRow:
    control: TerritoryControl
    key: str
    owner_name: str | None

    @property
    def territory_id(self) -> int:
        return self.control.territory_id

    @property
    def name(self) -> str:
        return self.control.name


@dataclass(frozen=True, slots=True)
class MemberStanding:
    level: int
    faction_id: int | None
    joined_at: datetime | None
    left_at: datetime | None
    locked_until: datetime | None
    territory_id: int | None
    assigned_at: datetime | None
    week_points: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    user_id: int
    faction_id: int
    points: int
    locked: bool
    xp: int
    level: int


@dataclass(frozen=True, slots=True)
class ChangedTerritory:
    territory_id: int
    old_owner: int | None
    new_owner: int | None


async def factions(conn: Conn) -> list[FactionRow]:
    return [
        FactionRow(r["faction_id"], r["faction_key"], r["name"], tuple(r["aliases"] or ()),
                   r["emoji"] or "", r["motto"] or "", r["members"], r["territories"])
        for r in await conn.fetch(_Q["list"])
    ]


async def territories(conn: Conn) -> list[TerritoryRow]:
    return [
        TerritoryRow(
            TerritoryControl(r["territory_id"], r["name"], r["is_contested"], BuffType(r["buff_type"]),
                             r["buff_rate"], r["owner_id"]),
            r["territory_key"],
            r["owner_name"],
        )
        for r in await conn.fetch(_Q["territories"])
    ]


async def member(conn: Conn, user_id: int, week: date) -> MemberStanding | None:
    r = await conn.fetchrow(_Q["member"], user_id, week)
    if r is None:
        return None
    return MemberStanding(r["level"], r["faction_id"], r["joined_at"], r["left_at"], r["locked_until"],
                          r["territory_id"], r["assigned_at"], r["week_points"])


async def territory_counts(conn: Conn, faction_id: int) -> dict[int, int]:
    return {r["territory_id"]: r["members"] for r in await conn.fetch(_Q["territory_counts"], faction_id)}


async def join(
    conn: asyncpg.Connection, user_id: int, faction_id: int, territory_id: int, now: datetime,
    rules: FactionRules,
) -> tuple[int, datetime | None] | None:
    r = await conn.fetchrow(_Q["join"], user_id, faction_id, now, territory_id,
                            rules.reward_lockout.total_seconds())
    return None if r is None else (r["faction_id"], r["locked_until"])


async def leave(conn: asyncpg.Connection, user_id: int, now: datetime) -> int | None:
    return await conn.fetchval(_Q["leave"], user_id, now)


async def move(
    conn: asyncpg.Connection, user_id: int, territory_id: int, now: datetime, rules: FactionRules
) -> bool:
    moved = await conn.fetchval(_Q["move"], user_id, territory_id, now,
                                rules.territory_move_cooldown.total_seconds())
    return moved is not None


_ORDER = (Activity.MESSAGE, Activity.PLAY, Activity.ROB, Activity.MISSION, Activity.CHECKIN)


async def score(
    conn: Conn,
    counts: Mapping[int, Mapping[Activity, int]],
    *,
    day: date,
    rules: FactionRules,
) -> dict[int, int]:
    """Score ``counts`` (user id → activity → count) for that day (and its game week, Monday
    to Sunday); user id → points scored. Players in no faction score nothing."""
    if not counts:
        return {}
    ids = sorted(counts)
    columns = [[counts[uid].get(a, 0) for uid in ids] for a in _ORDER]
    week = week_start(day)
    rows = await conn.fetch(_Q["score"], ids, *columns, day, week, week + timedelta(days=6),
                            [rules.points(a) for a in _ORDER])
    return {r["user_id"]: r["points"] for r in rows}


async def day_scores(conn: Conn, day: date) -> dict[int, dict[int, int]]:
    """territory id → faction id → points, for one game day."""
    found: dict[int, dict[int, int]] = {}
    for r in await conn.fetch(_Q["day_scores"], day):
        found.setdefault(r["territory_id"], {})[r["faction_id"]] = r["total_score"]
    return found


async def set_control(
    conn: asyncpg.Connection, owners: Mapping[int, int | None], at: datetime
) -> list[ChangedTerritory]:
    ids = sorted(owners)
    rows = await conn.fetch(_Q["set_control"], ids, [owners[t] for t in ids], at)
    return [ChangedTerritory(r["territory_id"], r["old_owner"], r["new_owner"]) for r in rows]


async def week_members(conn: Conn, week: date, at: datetime) -> list[MemberRow]:
    return [
        MemberRow(r["user_id"], r["faction_id"], r["points"], r["locked"], r["xp"], r["level"])
        for r in await conn.fetch(_Q["week_members"], week, at)
    ]


async def claim_week(
    conn: asyncpg.Connection, week: date, winner: int | None, held: Mapping[int, int], paid: int,
    at: datetime,
) -> bool:
    held_by_id = {str(k): v for k, v in sorted(held.items())}  # the pool's codec encodes JSONB
    return await conn.fetchval(_Q["claim_week"], week, winner, held_by_id, paid, at) is not None


@dataclass(frozen=True, slots=True)
class GoalStanding:
    user_id: int
    days: int  # whole days in the current faction
    helped_capture: bool  # assigned to a territory the faction has just captured


async def goal_standing(
    conn: asyncpg.Connection, now: datetime, captured: Sequence[tuple[int, int]]
) -> list[GoalStanding]:
    """Every faction member's standing for the faction achievements; ``captured``: (territory
    id, new owner faction id) of this evaluation."""
    rows = await conn.fetch(_Q["goal_standing"], now, [t for t, _ in captured], [f for _, f in captured])
    return [GoalStanding(r["user_id"], max(r["days"], 0), r["helped_capture"]) for r in rows]


async def notify_members(
    conn: asyncpg.Connection, notes: Sequence[tuple[int, str, str, str]]
) -> None:
    """``notes``: (faction id, kind, title, message) — one notification per member of each."""
    if not notes:
        return
    columns = list(zip(*notes, strict=True))
    await conn.execute(_Q["notify_members"], *[list(c) for c in columns])


async def today_leaders(conn: Conn, day: date) -> dict[int, int]:
    """territory id → the faction leading it today (ties: absent)."""
    return {r["territory_id"]: r["faction_id"] for r in await conn.fetch(_Q["today_leaders"], day)}


async def buffs(conn: Conn, user_id: int) -> TerritoryBuffs:
    return TerritoryBuffs({BuffType(r["buff_type"]): r["rate"] for r in await conn.fetch(_Q["buffs"], user_id)})
