"""Helpers every handler module shares: the game-event log, applying effects, names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.commanding import UsageError, parse_target
from bot.context import CommandCtx
from bot.live.batch import enqueue_effects
from bot.outbox import queue_feed
from bot.repository.effects import Applied, GameEventRow, apply_effects, tier_label
from bot.repository.players import PlayerRow, find_by_login, lock_players, read_players
from game import Effect, Notification, Resolved, WealthDelta, XpDelta

__all__ = ["Target", "commit_resolution", "lock_actor", "resolve_target", "who"]


def who(row: PlayerRow) -> str:
    return row.name


@dataclass(frozen=True, slots=True)
class Target:
    """A player named in a command: ``user_id`` is None when nobody matched ``name``."""

    name: str
    user_id: int | None


async def resolve_target(ctx: CommandCtx, text: str | None) -> Target:
    """``@Name`` or ``Name`` → the known player on this platform (else any platform)."""
    if not text:
        raise UsageError()
    login = parse_target(text)
    if login is None:
        return Target(text.lstrip("@")[:30], None)
    return Target(text.lstrip("@"), await find_by_login(ctx.conn, ctx.platform, login))


async def lock_actor(ctx: CommandCtx) -> PlayerRow:
    """Lock the player who sent the command for the rest of its transaction."""
    return (await lock_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id]


async def actor_name(ctx: CommandCtx) -> str:
    rows = await read_players(ctx.conn, (ctx.actor_id,))
    return rows[ctx.actor_id].name if ctx.actor_id in rows else ctx.sender.display_name


def _sum(effects: Sequence[Effect], kind: type[WealthDelta] | type[XpDelta], user_id: int) -> int:
    return sum(e.amount for e in effects if isinstance(e, kind) and e.user_id == user_id)


async def commit_resolution(
    ctx: CommandCtx,
    resolved: Resolved[Any],
    *,
    event_type: str,
    actor: PlayerRow,
    description: str = "",
    target_id: int | None = None,
    success: bool | None = None,
    busted: bool = False,
    details: Mapping[str, Any] | None = None,
    source: str = "play",
) -> Applied:
    """Log the resolution in ``game_events`` (with its fair roll) and apply its effects, in one
    statement for everything that only adds up; queue feed moments."""
    effects = resolved.effects
    roll = ctx.roll
    game_event = GameEventRow(
        user_id=actor.user_id,
        event_type=event_type,
        wealth_change=_sum(effects, WealthDelta, actor.user_id),
        xp_change=_sum(effects, XpDelta, actor.user_id),
        target_user_id=target_id,
        tier=tier_label(actor.tier),
        description=description[:500] or None,
        success=success,
        busted=busted,
        details=dict(details) if details else None,
        source_platform=ctx.platform.value,
        source_event_id=ctx.event.event_id,
        rng_seed_id=roll.seed_id if roll else None,
        rng_nonce=roll.nonce if roll else None,
    )
    applied = await apply_effects(
        ctx.conn, effects, game_day=ctx.day, now=ctx.now, game_event=game_event, source=source,
        rules=ctx.rules, catalogue=ctx.game.catalogue,
    )
    if actor.user_id == ctx.actor_id and actor.has_unseen is not None:
        ctx.actor_locked = True
        ctx.actor_hint_at = actor.notification_hint_at
        ctx.actor_had_unseen = actor.has_unseen
    if any(isinstance(e, Notification) and e.user_id == ctx.actor_id for e in effects):
        ctx.actor_notified = True
    # Level-ups, check-ins and small crate finds go to the batched chat lines (spec 13 §3).
    await enqueue_effects(ctx.conn, effects, {actor.user_id: actor.name}, ctx.now)
    ctx.moments += applied.moments  # announced after the reply (achievements, missions, records)
    # Big moments go to the community feed through the outbox, in this same transaction.
    await queue_feed(
        ctx.conn, effects, catalogue=ctx.game.catalogue, platform=ctx.platform.value,
        event_id=ctx.event.event_id,
    )
    return applied
