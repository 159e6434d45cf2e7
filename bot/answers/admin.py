"""What the moderator and broadcaster commands answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game import (
    CrateTier,
    Placement,
)

__all__ = [
    "AdminRefusal",
    "CrateGiven",
    "DiscordConfig",
    "ItemGiven",
    "JailChanged",
    "MarketRotated",
    "SessionChanged",
    "WealthChanged",
    "XpGiven",
]


@dataclass(frozen=True, slots=True)
class AdminRefusal:
    """Nothing changed. ``kind``: unknown_player, unknown_item, ambiguous_item, inventory_full,
    not_jailed, session_running, no_session."""

    moderator: str
    kind: str
    subject: str = ""
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WealthChanged:
    moderator: str
    target: str
    asked: int
    moved: int  # signed: what really moved
    balance: int


@dataclass(frozen=True, slots=True)
class XpGiven:
    moderator: str
    target: str
    amount: int
    level: int
    level_before: int
    tier: str | None  # the new tier when it changed


@dataclass(frozen=True, slots=True)
class CrateGiven:
    moderator: str
    target: str
    tier: CrateTier
    placement: Placement


@dataclass(frozen=True, slots=True)
class ItemGiven:
    moderator: str
    target: str
    item: str
    escrow_until: datetime | None


@dataclass(frozen=True, slots=True)
class JailChanged:
    moderator: str
    target: str
    until: datetime | None  # None: released


@dataclass(frozen=True, slots=True)
class MarketRotated:
    moderator: str
    rotation_id: int
    items: int
    featured: str | None
    rotates_at: datetime


@dataclass(frozen=True, slots=True)
class SessionChanged:
    moderator: str
    started: bool
    session_id: int
    title: str = ""
    ended_session_id: int | None = None  # a start that ended the running session first


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    """``change``: set_commands, set_feed, added, already_added, removed, not_listed, list.
    (Who may run ``!kp-admin``, and where, is refused by the pipeline from the declaration.)"""

    name: str
    change: str
    channel_id: str = ""
    commands_channel_id: str | None = None
    feed_channel_id: str | None = None
    activity_channel_ids: tuple[str, ...] = ()
