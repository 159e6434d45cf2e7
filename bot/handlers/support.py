"""Supports (subs, gifts, bits, kicks, tips, raids) and stream status.

A support pays the wealth and XP that ``reward_config`` sets for its platform and kind, once:
the pipeline records the platform event id, and ``monetization_events`` is unique per
``(platform, external id)`` as a second guard. A gift bomb arrives as one event for the gifter.
Anonymous gifts and cheers are recorded (they count toward the session) but pay nobody
(DECISION 27). Raids pay the raider and count $0 toward the session (DECISION 26). Console
rehearsals use the reward table of the platform the support kind comes from. During a session
each support adds its contribution and runs the crown check under the session lock
(``bot.live.crown``). Stream online starts a session (or resumes one in its grace period);
stream offline only pauses it.
"""

from __future__ import annotations

from typing import Any

from bot.announce import announce_moments
from bot.answers.support import StreamAnswer, SupportAnswer
from bot.context import SystemCtx
from bot.events import Platform, StreamOffline, StreamOnline, Support, SupportKind
from bot.live.batch import enqueue_level_up
from bot.live.context import LiveCtx
from bot.live.crown import contribute
from bot.live.sessions import start_session
from bot.periods import periods_for
from bot.repository import Connection, live
from bot.repository.effects import apply_effects
from bot.repository.players import lock_players, resolve_sender
from bot.repository.progression import offer_record
from bot.repository.supports import (
    SupportCounts,
    board_contribution,
    record_support,
    reward_config,
    session_total,
)
from game import Effect, LedgerReason, WealthDelta, gain_xp, game_day
from game.counters import Counter
from game.effects import GoalProgress
from game.goals import RecordType
from game.live.juicernaut import contribution_cents

__all__ = ["on_stream_offline", "on_stream_online", "on_support"]

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


async def on_support(conn: Connection, event: Support, ctx: SystemCtx) -> SupportAnswer | None:
    # The session lock first, before any row that references a player (the monetization event's
    # foreign key share-locks the player): every live flow takes the session, then players.
    session = await live.lock_session(conn)
    config = await reward_config(conn, _reward_platform(event), event.kind.value)
    units = max(event.amount, (config.min_units or 0) if config else 0, 1)
    tier = event.tier if event.tier in (1, 2, 3) else 1
    wealth = xp = cents = 0
    if config is not None:
        mult = _tiered(config.tier_multiplier, tier, 1.0)
        if config.is_active:
            wealth = int(config.wealth_per_unit * mult) * units
            xp = int(config.xp_per_unit * mult) * units
        cents = int(_tiered(config.usd_cents_by_tier, tier, config.usd_cents_per_unit)) * units
    user_id = None
    if event.sender is not None:
        user_id = await resolve_sender(conn, event.platform, event.sender, ctx.identities)
    else:
        wealth = xp = 0
    recorded = await record_support(
        conn, user_id, event.platform.value, event.event_id[:255], event.kind.value, units,
        cents, tier, wealth, xp,
        {"kind": event.kind.value, "amount": event.amount, "months": event.months, "message": event.message[:500]},
    )
    if recorded is None:
        return None
    holder = session.holder_id if session is not None else None
    crowned = False
    if session is not None and event.kind is not SupportKind.RAID:
        live_ctx = LiveCtx(ctx.game, ctx.now, event.platform.value, event.event_id)
        change = await contribute(
            conn, live_ctx, session, user_id=user_id, platform=event.platform.value, kind=event.kind.value,
            units=units, cents=contribution_cents(event.kind.value, units, tier, ctx.game.rules.live),
            monetization_event_id=recorded,
        )
        crowned = change is not None
    if user_id is None:
        return SupportAnswer(None, event.kind, event.amount, tier, 0, 0)
    player = (await lock_players(conn, (user_id,)))[user_id]
    if holder is not None and holder == user_id:
        xp = int(xp * ctx.game.rules.play.juicernaut_xp)  # the crown's 2x XP (DECISION 17)
    effects: list[Effect] = []
    if wealth:
        effects.append(WealthDelta(user_id, wealth, LedgerReason.SUPPORT, recorded))
    effects += gain_xp(user_id, player.xp, player.level, xp, ctx.game.rules.progression)
    if cents and event.kind is not SupportKind.RAID:  # DECISION 26: raids are not contributions
        effects.append(GoalProgress(user_id, Counter.JUICERNAUT_CONTRIBUTION, cents))
        if session is not None:
            total = await session_total(conn, session.session_id, user_id)
            effects.append(GoalProgress(user_id, Counter.SESSION_CONTRIBUTION, total))
    day = game_day(ctx.now, ctx.game.rules)
    applied = await apply_effects(
        conn, effects, game_day=day, now=ctx.now, rules=ctx.game.rules, catalogue=ctx.game.catalogue
    )
    if cents:
        await offer_record(conn, RecordType.HIGHEST_SINGLE_DONATION, user_id, cents, ctx.now)
    await announce_moments(conn, applied.moments, now=ctx.now)
    counts = SupportCounts(
        units if event.kind in (SupportKind.SUB, SupportKind.RESUB) else 0,
        units if event.kind is SupportKind.GIFT_SUB else 0,
        units if event.kind is SupportKind.BITS else 0,
        units if event.kind is SupportKind.KICKS else 0,
        cents if event.kind is SupportKind.TIP else 0,
        cents,
    )
    await board_contribution(conn, user_id, periods_for(day), counts)
    level_up = next(
        (int(dict(n.data).get("level", 0)) for n in applied.notifications if n.kind == "level_up"), None
    )
    if level_up:
        await enqueue_level_up(conn, player.name, level_up, ctx.now)
    return SupportAnswer(player.name, event.kind, event.amount, tier, wealth, xp, level_up, crowned)


async def on_stream_online(conn: Connection, event: StreamOnline, ctx: SystemCtx) -> StreamAnswer | None:
    """Auto-start a session; during one, the platform joins it (one session for every platform),
    and a stream back within the grace period resumes it."""
    resumed = await live.mark_online(conn, ctx.now, event.platform.value)
    if resumed is not None:
        return StreamAnswer(True, event.title, resumed=True) if resumed else None
    live_ctx = LiveCtx(ctx.game, ctx.now, event.platform.value, event.event_id)
    started = await start_session(
        conn, live_ctx, platform=event.platform.value, title=event.title[:255] or None, started_by=None,
        stream_live=True,
    )
    return StreamAnswer(True, started.title) if started is not None else None


async def on_stream_offline(conn: Connection, event: StreamOffline, ctx: SystemCtx) -> StreamAnswer | None:
    """When the last live platform goes offline the session waits (grace period, spec 08 §2)
    and the heist timer pauses until a stream is back."""
    paused = await live.mark_offline(conn, ctx.now, event.platform.value)
    if paused is None:
        return None
    return StreamAnswer(False, grace_hours=ctx.game.rules.upkeep.session_end_hours)
