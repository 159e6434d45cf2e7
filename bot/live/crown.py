"""Contributions to the running session and the crown check, serialized per session.

The caller holds the session lock (``live.lock_session``) for the whole transaction, so the
contribution, the totals read and the crown move are one serial step: two supports at once
are checked one after the other, each against the totals the other left.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.live.announce import announce
from bot.live.context import LiveCtx
from bot.repository import live
from bot.repository.effects import apply_effects
from bot.repository.players import read_players
from bot.sql import QUERIES
from game import Effect, NoticeKind, Notification
from game.live.juicernaut import CrownChange, crown_buffs, crown_check

__all__ = ["contribute", "crown_text"]

_CONTRIBUTION = QUERIES["support/add_contribution"]


async def contribute(
    conn: asyncpg.Connection,
    ctx: LiveCtx,
    session: live.LiveSession,
    *,
    user_id: int | None,
    platform: str,
    kind: str,
    units: int,
    cents: int,
    monetization_event_id: int,
) -> CrownChange | None:
    """Add the contribution and run the crown rule; announce a change at once (never batched)."""
    await conn.execute(
        _CONTRIBUTION, session.session_id, user_id, platform, kind, units, cents, monetization_event_id
    )
    if user_id is None:
        return None  # anonymous: counts toward the session total, crowns nobody (DECISION 27)
    total, _ = await live.user_total(conn, session.session_id, user_id)
    holder_total = 0
    if session.holder_id is not None and session.holder_id != user_id:
        holder_total, _ = await live.user_total(conn, session.session_id, session.holder_id)
    change = crown_check(session.holder_id, holder_total, user_id, total)
    if change is None:
        return None
    if not await live.move_crown(conn, session.session_id, change.previous, change.new, change.new_total, ctx.now):
        raise asyncpg.SerializationError("crown moved under the session lock")  # cannot happen; retried
    names = await read_players(conn, [u for u in (change.previous, change.new) if u is not None])
    new_name = names[change.new].name
    old_name = names[change.previous].name if change.previous is not None else None
    notes: list[Effect] = [Notification(change.new, NoticeKind.JUICERNAUT_CROWN, (("total_cents", change.new_total),))]
    if change.previous is not None:
        notes.append(Notification(change.previous, NoticeKind.JUICERNAUT_DETHRONED, (("by", new_name),)))
    await apply_effects(conn, notes, game_day=ctx.day, now=ctx.now)
    await announce(
        conn, crown_text(new_name, old_name, change.new_total, crown_buffs(ctx.game.rules)), kind="crown_change",
        feed_title="👑 New Juicernaut", key=f"crown:{session.session_id}:{ctx.key}",
    )
    return change


def crown_text(new: str, old: str | None, total_cents: int, buffs: Sequence[str]) -> str:
    took = f"takes the crown from {old}" if old else "is crowned"
    return f"👑 NEW JUICERNAUT! {new} {took} with ${total_cents / 100:,.2f} this stream. Buffs: {' | '.join(buffs)}"
