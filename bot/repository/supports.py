"""Supports (subs, gifts, bits, kicks, tips, raids): reward figures, the recorded support, its
session contribution and its leaderboard counters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from bot.sql import QUERIES

__all__ = ["RewardConfig", "SupportCounts", "add_contribution", "board_contribution", "record_support", "reward_config", "session_total"]

_REWARD = QUERIES["support/reward_config"]
_RECORD = QUERIES["support/record"]
_CONTRIBUTION = QUERIES["support/add_contribution"]
_BOARD = QUERIES["support/board_contribution"]
_SESSION_TOTAL = QUERIES["support/session_total"]


@dataclass(frozen=True, slots=True)
class RewardConfig:
    """``reward_config`` for one platform and kind (the tier tables map "1"… to a figure)."""

    wealth_per_unit: int
    xp_per_unit: int
    usd_cents_per_unit: int
    tier_multiplier: Mapping[str, Any] | None
    usd_cents_by_tier: Mapping[str, Any] | None
    min_units: int | None
    is_active: bool


async def reward_config(conn: asyncpg.Connection, platform: str, kind: str) -> RewardConfig | None:
    r = await conn.fetchrow(_REWARD, platform, kind)
    if r is None:
        return None
    return RewardConfig(
        r["wealth_per_unit"], r["xp_per_unit"], r["usd_cents_per_unit"], r["tier_multiplier"],
        r["usd_cents_by_tier"], r["min_units"], r["is_active"],
    )


async def record_support(
    conn: asyncpg.Connection,
    user_id: int | None,
    platform: str,
    external_id: str,
    kind: str,
    units: int,
    cents: int,
    tier: int,
    wealth: int,
    xp: int,
    raw: Mapping[str, Any],
) -> int | None:
    """Record a support once; its ``monetization_event_id``, or None for a repeat delivery."""
    recorded: int | None = await conn.fetchval(
        _RECORD, user_id, platform, external_id, kind, units, cents, tier, wealth, xp, dict(raw)
    )
    return recorded


async def add_contribution(
    conn: asyncpg.Connection,
    session_id: int,
    user_id: int | None,
    platform: str,
    kind: str,
    units: int,
    cents: int,
    monetization_event_id: int,
) -> None:
    await conn.execute(_CONTRIBUTION, session_id, user_id, platform, kind, units, cents, monetization_event_id)


@dataclass(frozen=True, slots=True)
class SupportCounts:
    """What one support adds to the supporter's period boards."""

    subs: int = 0
    gift_subs: int = 0
    bits: int = 0
    kicks: int = 0
    donation_cents: int = 0
    total_cents: int = 0


async def board_contribution(
    conn: asyncpg.Connection,
    user_id: int,
    periods: tuple[Sequence[str], Sequence[date], Sequence[date]],
    counts: SupportCounts,
) -> None:
    types, starts, ends = periods
    await conn.execute(
        _BOARD, user_id, types, starts, ends, counts.subs, counts.gift_subs, counts.bits, counts.kicks,
        counts.donation_cents, counts.total_cents,
    )


async def session_total(conn: asyncpg.Connection, session_id: int, user_id: int) -> int:
    """A player's running contribution to one stream session, in USD cents."""
    total: int = await conn.fetchval(_SESSION_TOTAL, session_id, user_id)
    return total
