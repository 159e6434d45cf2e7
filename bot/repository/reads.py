"""Reads that build the engine's state: inventory, crates, cooldowns, consumables, sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.sql import QUERIES
from game import Catalogue, CrateTier, OwnedCrate, OwnedItem, Policy

__all__ = [
    "ActiveSession",
    "ShopEntry",
    "active_session",
    "buffs",
    "consumables",
    "cooldown_until",
    "crate_counts",
    "crates",
    "inventory",
    "inventories",
    "policy",
    "shop",
]

_INVENTORY = QUERIES["inventory/list"]
_CRATES = QUERIES["crates/list"]
_CRATE_COUNTS = QUERIES["crates/counts"]
_COOLDOWN = QUERIES["cooldowns/get"]
_CONSUMABLES = QUERIES["consumables/list"]
_SESSION = QUERIES["sessions/active"]
_POLICY = QUERIES["insurance/get"]
_BUFFS = QUERIES["buffs/active"]
_SHOP = QUERIES["shop/list"]


async def inventories(
    conn: asyncpg.Connection, user_ids: Iterable[int], catalogue: Catalogue
) -> dict[int, tuple[OwnedItem, ...]]:
    """Every inventory row of each player, as engine values (unknown catalogue keys skipped)."""
    found: dict[int, list[OwnedItem]] = {uid: [] for uid in user_ids}
    for r in await conn.fetch(_INVENTORY, list(found)):
        item = catalogue.by_key.get(r["item_key"])
        if item is None:
            continue
        found[r["user_id"]].append(
            OwnedItem(
                instance_id=r["inventory_id"],
                item=item,
                durability=r["durability"],
                equipped=r["is_equipped"],
                escrow_until=r["escrow_expires_at"],
            )
        )
    return {uid: tuple(items) for uid, items in found.items()}


async def inventory(conn: asyncpg.Connection, user_id: int, catalogue: Catalogue) -> tuple[OwnedItem, ...]:
    return (await inventories(conn, (user_id,), catalogue))[user_id]


async def crates(conn: asyncpg.Connection, user_id: int) -> tuple[OwnedCrate, ...]:
    return tuple(
        OwnedCrate(
            crate_id=r["crate_id"],
            tier=CrateTier(r["crate_tier"]),
            acquired_at=r["acquired_at"],
            escrow_until=r["escrow_expires_at"],
        )
        for r in await conn.fetch(_CRATES, user_id)
    )


async def crate_counts(conn: asyncpg.Connection, user_id: int) -> tuple[int, int]:
    """(held, escrowed)."""
    row = await conn.fetchrow(_CRATE_COUNTS, user_id)
    return int(row["held"]), int(row["escrowed"])


async def cooldown_until(
    conn: asyncpg.Connection, user_id: int, kind: str, now: datetime, target: str = ""
) -> datetime | None:
    return await conn.fetchval(_COOLDOWN, user_id, kind, target, now)


async def consumables(conn: asyncpg.Connection, user_id: int) -> dict[str, int]:
    return {r["consumable_key"]: r["quantity"] for r in await conn.fetch(_CONSUMABLES, user_id)}


@dataclass(frozen=True, slots=True)
class ActiveSession:
    session_id: int
    platform: str
    title: str | None
    started_at: datetime
    juicernaut_user_id: int | None


async def active_session(conn: asyncpg.Connection) -> ActiveSession | None:
    r = await conn.fetchrow(_SESSION)
    if r is None:
        return None
    return ActiveSession(
        r["session_id"], r["platform"], r["session_title"], r["started_at"], r["current_juicernaut_user_id"]
    )


async def policy(conn: asyncpg.Connection, user_id: int) -> tuple[Policy, datetime | None]:
    """The player's policy and when it was last paid (``NONE`` when lapsed or absent)."""
    r = await conn.fetchrow(_POLICY, user_id)
    if r is None or r["status"] != "active":
        return Policy.NONE, None
    return Policy(r["tier"]), r["last_paid_at"]


async def buffs(conn: asyncpg.Connection, user_id: int, now: datetime) -> dict[str, float]:
    """Buff type → bonus fraction (a stored multiplier of 1.25 is +0.25)."""
    return {r["buff_type"]: float(r["multiplier"]) - 1.0 for r in await conn.fetch(_BUFFS, user_id, now)}


@dataclass(frozen=True, slots=True)
class ShopEntry:
    item_key: str
    price: int
    bought: bool
    stocked_at: datetime


async def shop(conn: asyncpg.Connection, user_id: int) -> tuple[ShopEntry, ...]:
    return tuple(
        ShopEntry(r["item_key"], r["price"], r["is_purchased"], r["generated_at"])
        for r in await conn.fetch(_SHOP, user_id)
    )
