"""Scheduled work of achievements, missions and notifications.

Each job takes its slot as "now" (never the wall clock), runs in the job's transaction and is
safe to run twice for a slot. The plain functions below take ``(conn, game, [fairness,] slot)``
so tests and tools can call them; the ``@job`` declarations wrap them.

==========================  =====================  ==========================================
job                         cron (UTC)             what
==========================  =====================  ==========================================
``mission_reset_daily``     ``0 0 * * *``          expire yesterday's dailies, assign today's
``mission_reset_weekly``    ``0 0 * * 1``          expire last week's weeklies, assign (Monday,
                                                   DECISION 1)
``achievement_rarity``      ``20 * * * *``         share of active players holding each one
``mission_cleanup``         ``15 1 * * *``         delete mission rows older than 30 days
``notification_trim``       ``5 2 * * *``          beyond 25 notifications per player
==========================  =====================  ==========================================
"""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from bot.context import Game
from bot.fairness import FairnessSource
from bot.repository import missions as mission_repo
from bot.repository.players import lock_players
from bot.scheduler import CatchUp, JobCtx, job
from bot.sql import QUERIES
from game import game_day
from game.missions import MissionType

__all__ = [
    "achievement_rarity",
    "mission_cleanup",
    "mission_reset",
    "mission_reset_daily",
    "mission_reset_weekly",
    "notification_trim",
]

_ACTIVE = QUERIES["missions/active_players"]
_RARITY = QUERIES["achievements/refresh_rarity"]
_MISSION_CLEANUP = QUERIES["missions/cleanup"]
_NOTIFICATION_CLEANUP = QUERIES["notifications/cleanup"]


async def mission_reset(
    conn: asyncpg.Connection,
    game: Game,
    fairness: FairnessSource,
    slot: datetime,
    types: tuple[MissionType, ...] = tuple(MissionType),
) -> int:
    """Expire what ran out at ``slot`` and give every player seen in the last week the sets of
    the period starting at ``slot`` that they lack (one fair roll per player). Returns the
    number of players given missions; a second run for the slot assigns nothing."""
    rules = game.rules
    await mission_repo.expire_missions(conn, slot)
    day = game_day(slot, rules)
    pool = await mission_repo.templates(conn)
    since = slot - timedelta(days=rules.goals.active_days)
    given = 0
    for row in await conn.fetch(_ACTIVE, since):
        uid = row["user_id"]
        player = (await lock_players(conn, (uid,)))[uid]
        have = {m.mission_type for m in await mission_repo.current_missions(conn, uid, day, rules)}
        if all(t in have for t in types):
            continue
        rng, _seed_id, _nonce = await fairness.draw()
        picked = await mission_repo.assign_missing(
            conn, uid, tier=player.tier, last_checkin=player.last_checkin_date, rules=rules, rng=rng,
            day=day, now=slot, pool=pool, types=types,
        )
        given += bool(picked)
    return given


@job("mission_reset_daily", cron="0 0 * * *", catch_up=CatchUp.LATEST)
async def mission_reset_daily(ctx: JobCtx, slot: datetime) -> int:
    """Expire what ran out and give every player seen this week today's daily set."""
    return await mission_reset(ctx.conn, ctx.game, ctx.fairness, slot, (MissionType.DAILY,))


@job("mission_reset_weekly", cron="0 0 * * 1", catch_up=CatchUp.LATEST)
async def mission_reset_weekly(ctx: JobCtx, slot: datetime) -> int:
    """Expire last week's weeklies and give every player seen last week this week's set."""
    return await mission_reset(ctx.conn, ctx.game, ctx.fairness, slot, (MissionType.WEEKLY,))


@job("achievement_rarity", cron="20 * * * *", catch_up=CatchUp.LATEST)
async def achievement_rarity_job(ctx: JobCtx, slot: datetime) -> int:
    return await achievement_rarity(ctx.conn, ctx.game, slot)


@job("mission_cleanup", cron="15 1 * * *", catch_up=CatchUp.LATEST)
async def mission_cleanup_job(ctx: JobCtx, slot: datetime) -> int:
    return await mission_cleanup(ctx.conn, ctx.game, slot)


@job("notification_trim", cron="5 2 * * *", catch_up=CatchUp.LATEST)
async def notification_trim_job(ctx: JobCtx, slot: datetime) -> int:
    return await notification_trim(ctx.conn, ctx.game, slot)


async def achievement_rarity(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    """Recompute, for every achievement, the share of active players holding it."""
    since = slot - timedelta(days=game.rules.goals.active_days)
    return len(await conn.fetch(_RARITY, since, slot))


async def mission_cleanup(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    cutoff = game_day(slot, game.rules) - timedelta(days=game.rules.goals.mission_history_days)
    return len(await conn.fetch(_MISSION_CLEANUP, cutoff))


async def notification_trim(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    return len(await conn.fetch(_NOTIFICATION_CLEANUP, slot, game.rules.goals.notifications_max_per_user))
