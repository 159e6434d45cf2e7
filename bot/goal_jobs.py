"""Scheduled work of achievements, missions and notifications, as plain async functions.

The scheduler (issue 14) had not landed when these were written; each takes its slot as "now"
(never the wall clock), runs in the caller's transaction and is safe to run twice for a slot.
Declare them with ``@job`` in ``bot/jobs/progression.py`` when the scheduler is on main:

==========================  =====================  ==========================================
function                    cron (UTC, game TZ)    what
==========================  =====================  ==========================================
``daily_mission_reset``     ``0 0 * * *``          expire yesterday's dailies, assign today's
``weekly_mission_reset``    ``0 0 * * 1``          expire last week's weeklies, assign (Monday,
                                                   DECISION 1)
``achievement_rarity``      ``10 * * * *``         share of active players holding each one
``mission_cleanup``         ``15 1 * * *``         delete mission rows older than 30 days
``notification_trim``       ``5 2 * * *``          expired notifications + beyond 25 per player
==========================  =====================  ==========================================
"""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from bot.context import Game
from bot.fairness import FairnessSource
from bot.repository import missions as mission_repo
from bot.repository.players import lock_players
from bot.sql import QUERIES
from game import game_day

__all__ = [
    "achievement_rarity",
    "daily_mission_reset",
    "mission_cleanup",
    "mission_reset",
    "notification_trim",
    "weekly_mission_reset",
]

_ACTIVE = QUERIES["missions/active_players"]
_RARITY = QUERIES["achievements/refresh_rarity"]
_MISSION_CLEANUP = QUERIES["missions/cleanup"]
_NOTIFICATION_CLEANUP = QUERIES["notifications/cleanup"]


async def mission_reset(conn: asyncpg.Connection, game: Game, fairness: FairnessSource, slot: datetime) -> int:
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
        if len(have) == 2:
            continue
        rng, _seed_id, _nonce = await fairness.draw()
        picked = await mission_repo.assign_missing(
            conn, uid, tier=player.tier, last_checkin=player.last_checkin_date, rules=rules, rng=rng,
            day=day, now=slot, pool=pool,
        )
        given += bool(picked)
    return given


daily_mission_reset = mission_reset
weekly_mission_reset = mission_reset


async def achievement_rarity(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    """Recompute, for every achievement, the share of active players holding it."""
    since = slot - timedelta(days=game.rules.goals.active_days)
    return len(await conn.fetch(_RARITY, since, slot))


async def mission_cleanup(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    cutoff = game_day(slot, game.rules) - timedelta(days=game.rules.goals.mission_history_days)
    return len(await conn.fetch(_MISSION_CLEANUP, cutoff))


async def notification_trim(conn: asyncpg.Connection, game: Game, slot: datetime) -> int:
    return len(await conn.fetch(_NOTIFICATION_CLEANUP, slot, game.rules.goals.notifications_max_per_user))
