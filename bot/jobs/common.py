"""What the money-moving jobs share: applying a player's effects with their game-event row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.announce import announce_moments
from bot.repository.effects import Applied, GameEventRow, apply_effects, tier_label
from bot.repository.players import PlayerRow
from bot.scheduler import JobCtx
from game import Effect, WealthDelta, XpDelta, game_day

__all__ = ["apply_for"]


async def apply_for(
    ctx: JobCtx,
    player: PlayerRow,
    effects: Sequence[Effect],
    *,
    event_type: str,
    details: Mapping[str, Any] | None = None,
    roll: tuple[int, int] | None = None,
    description: str = "",
) -> Applied:
    """Write ``effects`` for a locked player with a ``game_events`` row naming the job's slot
    (``source_platform = 'system'``, ``source_event_id = '<job>:<slot>'``)."""
    uid = player.user_id
    event = GameEventRow(
        user_id=uid,
        event_type=event_type,
        wealth_change=sum(e.amount for e in effects if isinstance(e, WealthDelta) and e.user_id == uid),
        xp_change=sum(e.amount for e in effects if isinstance(e, XpDelta) and e.user_id == uid),
        target_user_id=None,
        tier=tier_label(player.tier),
        description=description[:500] or None,
        success=None,
        busted=False,
        details=dict(details) if details else None,
        source_platform="system",
        source_event_id=f"{ctx.job}:{ctx.slot.isoformat()}",
        rng_seed_id=roll[0] if roll else None,
        rng_nonce=roll[1] if roll else None,
    )
    applied = await apply_effects(
        ctx.conn, effects, game_day=game_day(ctx.slot, ctx.rules), now=ctx.slot, game_event=event,
        rules=ctx.rules, catalogue=ctx.game.catalogue,
    )
    # goals the job's effects completed (e.g. a business payout): no reply, so announce them
    await announce_moments(ctx.conn, applied.moments, now=ctx.slot)
    return applied
