"""Live-stream jobs: heist alerts (fire when due, time out) and the 30-minute standings post."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.live.jobs import heist_slot, standings_slot
from bot.scheduler import CatchUp, JobCtx, job


@job("heist_alerts", every=timedelta(seconds=10), catch_up=CatchUp.LATEST)
async def heist_alerts(ctx: JobCtx, slot: datetime) -> int:
    """Fire the session's due heist; announce the answer of one that timed out."""
    return await heist_slot(ctx.conn, ctx.game, ctx.fairness, slot)


@job("juicernaut_standings", cron="*/30 * * * *", catch_up=CatchUp.LATEST)
async def juicernaut_standings(ctx: JobCtx, slot: datetime) -> int:
    """Top 3 Juicernaut contributors and the session total, to every chat."""
    return await standings_slot(ctx.conn, ctx.game, slot)
