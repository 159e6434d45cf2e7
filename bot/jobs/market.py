"""Black-market rotation every 6 h: the same flow as ``!rotatemarket`` (close, roll, store)."""

from __future__ import annotations

from datetime import datetime

from bot.repository import market
from bot.scheduler import CatchUp, JobCtx, job


@job("market_rotation", cron="0 */6 * * *", catch_up=CatchUp.LATEST)
async def market_rotation(ctx: JobCtx, slot: datetime) -> int:
    """Close the black-market rotation in force and roll a new one."""
    rng, seed_id, nonce = await ctx.fairness.draw()
    rotation = await market.rotate_market(ctx.conn, ctx.game.catalogue, rules=ctx.rules, rng=rng, now=slot)
    await market.audit_rotation(ctx.conn, rotation, job=ctx.job, seed_id=seed_id, nonce=nonce)
    return len(rotation.market.entries)
