"""Batched chat announcements (spec 13 §3): bursts of the same kind become one line.

Writers call :func:`queue_batched` in their transaction instead of :func:`bot.announce.announce`
for batchable moments (level-ups, tier promotions, common crate drops, gold achievements, daily
mission completions). Rows with the same kind in the same UTC minute share a batch key and are
released a minute after that minute starts; the ``batch_queue`` job (every 15 s) announces each
batch: one row in its own ``single`` wording, several as ``"3 players leveled up: @a (25), @b
(18), @c (42)"`` built from ``many`` and each row's ``item``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import asyncpg

from bot.sql import QUERIES

__all__ = ["BATCH_WINDOW", "batch_lines", "queue_batched"]

BATCH_WINDOW = timedelta(seconds=60)
_ENQUEUE = QUERIES["batch/enqueue"]


async def queue_batched(
    conn: asyncpg.Connection,
    kind: str,
    *,
    single: str,
    item: str,
    many: str,
    now: datetime,
    platform: str = "all",
) -> int:
    """Queue one batchable moment, e.g. ``kind="level_up"``, ``single="🎉 @ann reached level
    25!"``, ``item="@ann (25)"``, ``many="players leveled up"``; returns the queue id."""
    bucket = now.replace(second=0, microsecond=0)
    payload = {"single": single, "item": item, "many": many}
    key = f"{kind}:{bucket:%Y%m%d%H%M}"
    return await conn.fetchval(_ENQUEUE, kind, platform, payload, key, now, bucket + BATCH_WINDOW)


def batch_lines(rows: Sequence[tuple[str, Mapping[str, object]]]) -> list[str]:
    """``(batch_key, payload)`` rows, oldest first → one announcement line per batch."""
    batches: dict[str, list[Mapping[str, object]]] = {}
    for key, payload in rows:
        batches.setdefault(key, []).append(payload)
    lines: list[str] = []
    for payloads in batches.values():
        if len(payloads) == 1:
            lines.append(str(payloads[0].get("single") or payloads[0].get("item") or ""))
        else:
            items = ", ".join(str(p.get("item") or "") for p in payloads)
            lines.append(f"{len(payloads)} {payloads[0].get('many') or 'events'}: {items}")
    return [line for line in lines if line]
