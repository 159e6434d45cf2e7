"""Escrow sweep: every 15 minutes, expired escrowed crates and items are deleted and each owner
gets a notification. Expired rows already take no slot (grants count live escrow only); the
sweep keeps the tables and the owners' view tidy."""

from __future__ import annotations

from datetime import datetime

from bot.repository import escrow
from bot.scheduler import CatchUp, JobCtx, job


@job("escrow_sweep", cron="*/15 * * * *", catch_up=CatchUp.LATEST)
async def escrow_sweep(ctx: JobCtx, slot: datetime) -> int:
    """Delete expired crate and item escrow; notify the owners."""
    crates, items = await escrow.sweep_expired(ctx.conn, slot)
    return crates + items
