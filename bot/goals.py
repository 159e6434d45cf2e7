"""Feed one goal counter outside a resolution (a job, a flow without an engine outcome)."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.announce import announce_moments
from bot.repository.effects import apply_effects
from bot.repository.progression import Moment
from game import Catalogue, Rules, game_day
from game.counters import Counter
from game.effects import GoalProgress

__all__ = ["record"]


async def record(
    conn: asyncpg.Connection,
    user_id: int,
    counter: Counter,
    amount: int = 1,
    *,
    rules: Rules,
    catalogue: Catalogue,
    now: datetime,
) -> list[Moment]:
    """Feed one counter outside a resolution (jobs): add ``amount`` (or set it, for a SET
    counter) and pay what completes, in the caller's transaction."""
    applied = await apply_effects(
        conn, [GoalProgress(user_id, counter, amount)], game_day=game_day(now, rules), now=now,
        rules=rules, catalogue=catalogue,
    )
    await announce_moments(conn, applied.moments, now=now)
    return applied.moments
