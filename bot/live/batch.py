"""Batched chat lines (spec 13 §3): level-ups, check-ins and crate finds within one window.

Commands enqueue an ``event_batch_queue`` row per moment (key = kind + window bucket,
``process_after`` = end of the window); the scheduler's 15-second flush job reads due rows per
key and announces :func:`batch_line` of their payloads — one event in the single format, more
as one combined line. Crown changes, heist alerts and heist winners never come here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from bot.repository import live
from game import CheckinRecorded, CrateGranted, Effect, ItemTier, LevelChanged
from game.live.rules import LiveRules

__all__ = ["BatchKind", "batch_line", "enqueue_effects", "enqueue_level_up"]


class BatchKind:
    LEVEL_UP = "level_up"
    CHECKIN = "checkin"
    CRATE_FOUND = "crate_found"


def _window(now: datetime, rules: LiveRules) -> tuple[str, datetime]:
    seconds = max(rules.batch_window_seconds, 1)
    epoch = int(now.timestamp()) // seconds * seconds
    start = datetime.fromtimestamp(epoch, UTC)
    return start.strftime("%Y%m%dT%H%M%S"), start + timedelta(seconds=seconds)


async def _enqueue(conn: asyncpg.Connection, kind: str, payload: dict[str, Any], now: datetime, rules: LiveRules) -> None:
    bucket, due = _window(now, rules)
    await live.enqueue_batch(conn, kind, payload, f"{kind}:{bucket}", due, now)


async def enqueue_level_up(conn: asyncpg.Connection, name: str, level: int, now: datetime, rules: LiveRules) -> None:
    await _enqueue(conn, BatchKind.LEVEL_UP, {"name": name, "level": level}, now, rules)


async def enqueue_effects(
    conn: asyncpg.Connection, effects: Sequence[Effect], names: Mapping[int, str], now: datetime, rules: LiveRules
) -> None:
    """Queue the batchable moments of one resolution (players named in ``names`` only)."""
    for effect in effects:
        match effect:
            case LevelChanged(user_id=uid, new=new, old=old) if new > old and uid in names:
                await _enqueue(conn, BatchKind.LEVEL_UP, {"name": names[uid], "level": new}, now, rules)
            case CheckinRecorded(user_id=uid, streak=streak) if uid in names:
                await _enqueue(conn, BatchKind.CHECKIN, {"name": names[uid], "streak": streak}, now, rules)
            case CrateGranted(user_id=uid, tier=tier) if uid in names and tier in (ItemTier.COMMON, ItemTier.UNCOMMON):
                await _enqueue(conn, BatchKind.CRATE_FOUND, {"name": names[uid], "tier": str(tier)}, now, rules)


def _one(kind: str, p: Mapping[str, Any]) -> str:
    match kind:
        case BatchKind.LEVEL_UP:
            return f"⭐ {p['name']} reached level {p['level']}!"
        case BatchKind.CHECKIN:
            return f"✅ {p['name']} checked in (streak {p['streak']})."
        case BatchKind.CRATE_FOUND:
            return f"📦 {p['name']} found a {str(p['tier']).title()} crate!"
    return str(p)


def batch_line(kind: str, payloads: Sequence[Mapping[str, Any]]) -> str:
    """One chat line for a batch: the single format for one event, else a combined line."""
    if len(payloads) == 1:
        return _one(kind, payloads[0])
    n = len(payloads)
    match kind:
        case BatchKind.LEVEL_UP:
            people = ", ".join(f"{p['name']} ({p['level']})" for p in payloads)
            return f"⭐ {n} players leveled up: {people}"
        case BatchKind.CHECKIN:
            people = ", ".join(f"{p['name']} ({p['streak']})" for p in payloads)
            return f"✅ {n} players checked in: {people}"
        case BatchKind.CRATE_FOUND:
            people = ", ".join(f"{p['name']} ({str(p['tier']).title()})" for p in payloads)
            return f"📦 {n} crates found: {people}"
    return f"{n} {kind} events"
