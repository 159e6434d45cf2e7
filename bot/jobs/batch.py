"""Batch queue flush every 15 s: each due batch of ``event_batch_queue`` becomes one chat line."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.batching import batch_lines
from bot.repository import batch
from bot.scheduler import CatchUp, JobCtx, job


@job("batch_queue", every=timedelta(seconds=15), catch_up=CatchUp.LATEST)
async def batch_queue(ctx: JobCtx, slot: datetime) -> int:
    """Announce due batches (one line each); processed rows are kept a day, then deleted."""
    rows = await batch.take_due(ctx.conn, slot)
    for line in batch_lines(rows):
        await ctx.announce(line)
    await batch.delete_processed(ctx.conn, slot - timedelta(days=1))
    return len(rows)
