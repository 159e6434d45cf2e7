"""Helpers every handler module shares: the game-event log, applying effects, names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.commands import UsageError, parse_target
from bot.context import CommandCtx
from bot.outbox import queue_feed
from bot.repository.effects import Applied, apply_effects, tier_label
from bot.repository.players import PlayerRow, find_by_login, read_players
from bot.sql import QUERIES
from game import Effect, Resolved, WealthDelta, XpDelta

__all__ = ["Target", "commit_resolution", "resolve_target", "who"]

_GAME_EVENT = QUERIES["game_events/insert"]


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
        raise UsageError(ctx.invocation.command)
    login = parse_target(text)
    if login is None:
        return Target(text.lstrip("@")[:30], None)
    return Target(text.lstrip("@"), await find_by_login(ctx.conn, ctx.platform, login))


async def actor_name(ctx: CommandCtx) -> str:
    rows = await read_players(ctx.conn, (ctx.actor_id,))
    return rows[ctx.actor_id].name if ctx.actor_id in rows else ctx.sender.display_name


def _sum(effects: Sequence[Effect], kind: type, user_id: int) -> int:
    return sum(e.amount for e in effects if isinstance(e, kind) and e.user_id == user_id)  # type: ignore[attr-defined]


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
    """Log the resolution in ``game_events`` (with its fair roll), apply its effects, queue feed moments."""
    effects = resolved.effects
    roll = ctx.roll
    game_event_id = await ctx.conn.fetchval(
        _GAME_EVENT,
        actor.user_id,
        event_type,
        _sum(effects, WealthDelta, actor.user_id),
        _sum(effects, XpDelta, actor.user_id),
        target_id,
        tier_label(actor.tier),
        description[:500] or None,
        success,
        busted,
        dict(details) if details else None,
        ctx.platform.value,
        ctx.event.event_id,
        roll.seed_id if roll else None,
        roll.nonce if roll else None,
    )
    applied = await apply_effects(
        ctx.conn,
        effects,
        game_day=ctx.day,
        now=ctx.now,
        game_event_id=game_event_id,
        source=source,
    )
    # Big moments go to the community feed through the outbox, in this same transaction.
    await queue_feed(
        ctx.conn, effects, catalogue=ctx.game.catalogue, platform=ctx.platform.value,
        event_id=ctx.event.event_id,
    )
    return applied
