"""The live systems' scheduled work: heist alerts and the Juicernaut standings post.

The grace period (2 h warning, 6 h end) is ``bot/jobs/sessions.py``; it ends a session through
the one end-of-session flow, :func:`bot.live.sessions.end_active_session`.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.context import Game
from bot.fairness import FairnessSource
from bot.live.announce import announce
from bot.live.context import LiveCtx
from bot.live.heists import heist_tick
from bot.repository import live

__all__ = ["heist_slot", "standings_slot"]


async def heist_slot(conn: asyncpg.Connection, game: Game, fairness: FairnessSource, slot: datetime) -> int:
    """Expire a timed-out heist and fire a due one; safe to run twice for a slot."""
    expired, fired = await heist_tick(conn, LiveCtx(game, slot), fairness)
    return expired + (1 if fired else 0)


async def standings_slot(conn: asyncpg.Connection, game: Game, slot: datetime, prefix: str = "!") -> int:
    """Top 3 + session total while a session is live and has contributors; once per slot."""
    rules = game.rules.live
    session = await live.active_session(conn)
    if session is None or session.offline_since is not None or session.started_at > slot:
        return 0
    top = await live.standings(conn, session.session_id, rules.standings_post_top)
    if not top:
        return 0
    board = " | ".join(f"{i}. {s.name} ${s.total_cents / 100:,.2f}" for i, s in enumerate(top, 1))
    await announce(
        conn, f"👑 Juicernaut standings: {board}. Session total ${session.total_cents / 100:,.2f} ({prefix}juice)",
        kind="standings", key=f"standings:{session.session_id}:{slot.isoformat()}",
    )
    return 1
