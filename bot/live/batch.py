"""Batched chat lines (spec 13 §3): level-ups, check-ins and crate finds within one window.

Commands enqueue an ``event_batch_queue`` row per moment (key = kind + minute bucket,
``process_after`` = bucket + 60 s; payload ``{single, item, many}``); the scheduler's 15-second
flush job (``bot.batching``) reads due rows per key and announces them — one event
in the single format ("⭐ ann reached level 25!"), more as one combined line ("3 players leveled
up: ann (25), bob (18), cy (42)"). Crown changes, heist alerts and heist winners never come here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.batching import queue_batched
from game import CheckinRecorded, CrateGranted, Effect, ItemTier, LevelChanged

__all__ = ["BatchKind", "enqueue_effects", "enqueue_level_up"]


class BatchKind:
    LEVEL_UP = "level_up"
    CHECKIN = "checkin"
    CRATE_FOUND = "crate_found"


async def _enqueue(conn: asyncpg.Connection, kind: str, line: _Line, now: datetime) -> None:
    await queue_batched(conn, kind, single=line.single, item=line.item, many=line.many, now=now)


@dataclass(frozen=True, slots=True)
class _Line:
    """A batchable moment: its own line, its item in a combined line, the combined noun."""

    single: str
    item: str
    many: str


def _level(name: str, level: int) -> _Line:
    return _Line(f"⭐ {name} reached level {level}!", f"{name} ({level})", "players leveled up")


async def enqueue_level_up(conn: asyncpg.Connection, name: str, level: int, now: datetime) -> None:
    await _enqueue(conn, BatchKind.LEVEL_UP, _level(name, level), now)


async def enqueue_effects(
    conn: asyncpg.Connection, effects: Sequence[Effect], names: Mapping[int, str], now: datetime
) -> None:
    """Queue the batchable moments of one resolution (players named in ``names`` only)."""
    for effect in effects:
        match effect:
            case LevelChanged(user_id=uid, new=new, old=old) if new > old and uid in names:
                await _enqueue(conn, BatchKind.LEVEL_UP, _level(names[uid], new), now)
            case CheckinRecorded(user_id=uid, streak=streak) if uid in names:
                who = names[uid]
                line = _Line(f"✅ {who} checked in (streak {streak}).", f"{who} ({streak})", "players checked in")
                await _enqueue(conn, BatchKind.CHECKIN, line, now)
            case CrateGranted(user_id=uid, tier=tier) if uid in names and tier in (ItemTier.COMMON, ItemTier.UNCOMMON):
                who, label = names[uid], str(tier).title()
                line = _Line(f"📦 {who} found a {label} crate!", f"{who} ({label})", "crates found")
                await _enqueue(conn, BatchKind.CRATE_FOUND, line, now)
