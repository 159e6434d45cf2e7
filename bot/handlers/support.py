"""Supports (subs, gifts, bits, kicks, tips, raids) and stream status.

A support pays the wealth and XP that ``reward_config`` sets for its platform and kind, once:
the pipeline records the platform event id, and ``monetization_events`` is unique per
``(platform, external id)`` as a second guard. A gift bomb arrives as one event for the gifter.
Anonymous gifts and cheers are recorded (they count toward the session) but pay nobody
(DECISION 27). Raids pay the raider and count $0 toward the session (DECISION 26). Console
rehearsals use the reward table of the platform the support kind comes from.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from bot.answers.support import StreamAnswer, SupportAnswer
from bot.context import SystemCtx
from bot.events import Platform, StreamOffline, StreamOnline, Support, SupportKind
from bot.periods import periods_for
from bot.repository import reads, sessions
from bot.repository.effects import apply_effects
from bot.repository.players import lock_players, resolve_sender
from bot.repository.progression import announce_moments, offer_record
from bot.sql import QUERIES
from game import LedgerReason, WealthDelta, gain_xp, game_day
from game.counters import Counter
from game.effects import GoalProgress
from game.goals import RecordType

__all__ = ["on_stream_offline", "on_stream_online", "on_support"]

_REWARD = QUERIES["support/reward_config"]
_RECORD = QUERIES["support/record"]
_CONTRIBUTION = QUERIES["support/add_contribution"]
_SESSION_TOTAL = QUERIES["support/session_total"]
_BOARD = QUERIES["support/board_contribution"]
_START = QUERIES["sessions/start"]

# Where a console rehearsal of each kind takes its reward figures from.
_REHEARSAL = {
    SupportKind.SUB: Platform.TWITCH,
    SupportKind.RESUB: Platform.TWITCH,
    SupportKind.GIFT_SUB: Platform.TWITCH,
    SupportKind.BITS: Platform.TWITCH,
    SupportKind.RAID: Platform.TWITCH,
    SupportKind.KICKS: Platform.KICK,
}


def _reward_platform(event: Support) -> str:
    if event.kind is SupportKind.TIP:
        return "stripe"
    if event.platform is Platform.CONSOLE or event.platform is Platform.DISCORD:
        return _REHEARSAL.get(event.kind, Platform.TWITCH).value
    return event.platform.value


def _tiered(table: Any, tier: int, default: float) -> float:
    if not table:
        return default
    return float(table.get(str(tier), table.get("1", default)))


async def on_support(conn: asyncpg.Connection, event: Support, ctx: SystemCtx) -> SupportAnswer | None:
    config = await conn.fetchrow(_REWARD, _reward_platform(event), event.kind.value)
    units = max(event.amount, (config["min_units"] or 0) if config else 0, 1)
    tier = event.tier if event.tier in (1, 2, 3) else 1
    wealth = xp = cents = 0
    if config is not None:
        mult = _tiered(config["tier_multiplier"], tier, 1.0)
        if config["is_active"]:
            wealth = int(config["wealth_per_unit"] * mult) * units
            xp = int(config["xp_per_unit"] * mult) * units
        cents = int(_tiered(config["usd_cents_by_tier"], tier, config["usd_cents_per_unit"])) * units
    user_id = None
    if event.sender is not None:
        user_id = await resolve_sender(conn, event.platform, event.sender, ctx.identities)
    else:
        wealth = xp = 0
    recorded = await conn.fetchval(
        _RECORD, user_id, event.platform.value, event.event_id[:255], event.kind.value, units,
        cents, tier, wealth, xp,
        {"kind": event.kind.value, "amount": event.amount, "months": event.months, "message": event.message[:500]},
    )
    if recorded is None:
        return None
    session = await reads.active_session(conn)
    if session is not None and event.kind is not SupportKind.RAID:
        await conn.execute(
            _CONTRIBUTION, session.session_id, user_id, event.platform.value, event.kind.value,
            units, cents, recorded,
        )
    if user_id is None:
        return SupportAnswer(None, event.kind, event.amount, tier, 0, 0)
    player = (await lock_players(conn, (user_id,)))[user_id]
    effects = []
    if wealth:
        effects.append(WealthDelta(user_id, wealth, LedgerReason.SUPPORT, recorded))
    effects += gain_xp(user_id, player.xp, player.level, xp, ctx.game.rules.progression)
    if cents and event.kind is not SupportKind.RAID:  # DECISION 26: raids are not contributions
        effects.append(GoalProgress(user_id, Counter.JUICERNAUT_CONTRIBUTION, cents))
        if session is not None:
            total = await conn.fetchval(_SESSION_TOTAL, session.session_id, user_id)
            effects.append(GoalProgress(user_id, Counter.SESSION_CONTRIBUTION, total))
    day = game_day(ctx.now, ctx.game.rules)
    applied = await apply_effects(
        conn, effects, game_day=day, now=ctx.now, rules=ctx.game.rules, catalogue=ctx.game.catalogue
    )
    if cents:
        await offer_record(conn, RecordType.HIGHEST_SINGLE_DONATION, user_id, cents, ctx.now)
    await announce_moments(conn, applied.moments, now=ctx.now)
    types, starts, ends = periods_for(day)
    await conn.execute(
        _BOARD, user_id, types, starts, ends,
        units if event.kind in (SupportKind.SUB, SupportKind.RESUB) else 0,
        units if event.kind is SupportKind.GIFT_SUB else 0,
        units if event.kind is SupportKind.BITS else 0,
        units if event.kind is SupportKind.KICKS else 0,
        cents if event.kind is SupportKind.TIP else 0,
        cents,
    )
    level_up = next(
        (int(dict(n.data).get("level", 0)) for n in applied.notifications if n.kind == "level_up"), None
    )
    return SupportAnswer(player.name, event.kind, event.amount, tier, wealth, xp, level_up)


async def on_stream_online(conn: asyncpg.Connection, event: StreamOnline, ctx: SystemCtx) -> StreamAnswer | None:
    if await sessions.resume(conn) is not None:
        return StreamAnswer(True, event.title, resumed=True)
    started = await conn.fetchval(_START, event.platform.value, event.title[:255] or None, None, ctx.now)
    return StreamAnswer(True, event.title) if started is not None else None


async def on_stream_offline(conn: asyncpg.Connection, event: StreamOffline, ctx: SystemCtx) -> StreamAnswer | None:
    """The session stays open through a grace period (the ``session_grace`` job ends it)."""
    if await sessions.mark_offline(conn, ctx.now) is None:
        return None
    return StreamAnswer(False, grace_hours=ctx.game.rules.upkeep.session_end_hours)
