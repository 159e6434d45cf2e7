"""Housekeeping: expired buffs, cooldown rows, old notifications, link codes, event ids, runs.

Each is its own job so one failing never holds back the others; each deletes by a cutoff
derived from its slot, so running a slot twice deletes nothing more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.repository import jobs as runs
from bot.repository import upkeep
from bot.scheduler import CatchUp, JobCtx, job


@job("buff_expiry", cron="0 * * * *", catch_up=CatchUp.LATEST)
async def buff_expiry(ctx: JobCtx, slot: datetime) -> int:
    """Deactivate buffs whose time is up."""
    return await upkeep.expire_buffs(ctx.conn, slot)


@job("cooldown_cleanup", cron="30 2 * * *", catch_up=CatchUp.LATEST)
async def cooldown_cleanup(ctx: JobCtx, slot: datetime) -> int:
    """Delete cooldown rows that have run out."""
    return await upkeep.delete_expired_cooldowns(ctx.conn, slot)


@job("notification_cleanup", cron="0 2 * * *", catch_up=CatchUp.LATEST)
async def notification_cleanup(ctx: JobCtx, slot: datetime) -> int:
    """Delete notifications past their expiry or older than 30 days."""
    cutoff = slot - timedelta(days=ctx.rules.upkeep.notification_days)
    return await upkeep.delete_old_notifications(ctx.conn, slot, cutoff)


@job("link_code_cleanup", cron="15 2 * * *", catch_up=CatchUp.LATEST)
async def link_code_cleanup(ctx: JobCtx, slot: datetime) -> int:
    """Delete expired account-link codes."""
    return await upkeep.delete_expired_link_codes(ctx.conn, slot)


@job("event_id_cleanup", cron="45 2 * * *", catch_up=CatchUp.LATEST)
async def event_id_cleanup(ctx: JobCtx, slot: datetime) -> int:
    """Forget processed platform event ids older than the platforms' replay window."""
    cutoff = slot - timedelta(days=ctx.rules.upkeep.processed_event_days)
    return await upkeep.delete_old_processed_events(ctx.conn, cutoff)


@job("job_run_cleanup", cron="50 2 * * *", catch_up=CatchUp.LATEST)
async def job_run_cleanup(ctx: JobCtx, slot: datetime) -> int:
    """Forget job runs older than 30 days (each job's latest run is kept)."""
    return await runs.delete_old(ctx.conn, slot - timedelta(days=ctx.rules.upkeep.job_run_days))
