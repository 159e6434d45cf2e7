"""Reads that build the engine's state: inventory, crates, cooldowns, consumables, sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.repository.sessions import ActiveSession, active_session
from bot.sql import QUERIES
from game import Catalogue, CrateTier, OwnedCrate, OwnedItem, Policy

__all__ = [
    "ActiveSession",
    "CheckinReads",
    "OpenReads",
    "PlayReads",
    "RobReads",
    "ShopEntry",
    "active_session",
    "buffs",
    "checkin_reads",
    "consumables",
    "cooldown_until",
    "crate_counts",
    "crates",
    "inventory",
    "open_reads",
    "inventories",
    "play_reads",
    "policy",
    "rob_reads",
    "shop",
]

_INVENTORY = QUERIES["inventory/list"]
_CRATES = QUERIES["crates/list"]
_CRATE_COUNTS = QUERIES["crates/counts"]
_COOLDOWN = QUERIES["cooldowns/get"]
_CONSUMABLES = QUERIES["consumables/list"]
_POLICY = QUERIES["insurance/get"]
_BUFFS = QUERIES["buffs/active"]
_SHOP = QUERIES["shop/list"]
_ROB_STATE = QUERIES["state/rob"]
_PLAY_STATE = QUERIES["state/play"]
_CHECKIN_STATE = QUERIES["state/checkin"]
_OPEN_STATE = QUERIES["state/open"]


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


async def crate_counts(conn: asyncpg.Connection, user_id: int, now: datetime) -> tuple[int, int]:
    """(held, escrowed): escrow counts only rows not yet expired at ``now``."""
    row = await conn.fetchrow(_CRATE_COUNTS, user_id, now)
    return int(row["held"]), int(row["escrowed"])


async def cooldown_until(
    conn: asyncpg.Connection, user_id: int, kind: str, now: datetime, target: str = ""
) -> datetime | None:
    return await conn.fetchval(_COOLDOWN, user_id, kind, target, now)


async def consumables(conn: asyncpg.Connection, user_id: int) -> dict[str, int]:
    return {r["consumable_key"]: r["quantity"] for r in await conn.fetch(_CONSUMABLES, user_id)}


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


# -- one round trip per command: everything a command reads after its locks ---------------------


def _buff_map(types: list[str] | None, multipliers: list[float] | None) -> dict[str, float]:
    return {t: float(m) - 1.0 for t, m in zip(types or (), multipliers or (), strict=True)}


def _owned_items(r: asyncpg.Record, catalogue: Catalogue, user_ids: Iterable[int]) -> dict[int, tuple[OwnedItem, ...]]:
    found: dict[int, list[OwnedItem]] = {uid: [] for uid in user_ids}
    ids = r["inventory_ids"] or ()
    rows = zip(
        ids, r["inventory_users"] or (), r["inventory_keys"] or (), r["inventory_durability"] or (),
        r["inventory_equipped"] or (), r["inventory_escrow"] or (), strict=True,
    )
    for inventory_id, user_id, key, durability, equipped, escrow in rows:
        item = catalogue.by_key.get(key)
        if item is None or user_id not in found:
            continue
        found[user_id].append(
            OwnedItem(instance_id=inventory_id, item=item, durability=durability, equipped=equipped, escrow_until=escrow)
        )
    return {uid: tuple(items) for uid, items in found.items()}


@dataclass(frozen=True, slots=True)
class RobReads:
    juicernaut_user_id: int | None
    policy: Policy
    policy_paid_at: datetime | None
    cooldown_until: datetime | None
    attacker_buffs: dict[str, float]
    victim_buffs: dict[str, float]
    items: dict[int, tuple[OwnedItem, ...]]
    attacker_territory_rob: float = 0.0  # faction territory buffs (fractions)
    victim_territory_defense: float = 0.0


async def rob_reads(
    conn: asyncpg.Connection,
    attacker_id: int,
    victim_id: int | None,
    now: datetime,
    catalogue: Catalogue,
    cooldown_kind: str,
) -> RobReads:
    """Session, the victim's policy, the per-target cooldown, both players' buffs and items."""
    target = "" if victim_id is None else str(victim_id)
    r = await conn.fetchrow(_ROB_STATE, attacker_id, victim_id, now, cooldown_kind, target)
    active = victim_id is not None and r["policy_status"] == "active"
    users = (attacker_id,) if victim_id is None else (attacker_id, victim_id)
    return RobReads(
        juicernaut_user_id=r["juicernaut_user_id"],
        policy=Policy(r["policy_tier"]) if active else Policy.NONE,
        policy_paid_at=r["policy_paid_at"] if active else None,
        cooldown_until=r["cooldown_until"] if victim_id is not None else None,
        attacker_buffs=_buff_map(r["attacker_buff_types"], r["attacker_buff_multipliers"]),
        victim_buffs=_buff_map(r["victim_buff_types"], r["victim_buff_multipliers"]) if victim_id is not None else {},
        attacker_territory_rob=r["attacker_rob_territory"],
        victim_territory_defense=r["victim_defense_territory"] if victim_id is not None else 0.0,
        items=_owned_items(r, catalogue, users),
    )


@dataclass(frozen=True, slots=True)
class PlayReads:
    live: bool
    juicernaut_user_id: int | None
    crates_held: int
    crates_escrowed: int
    consumable: int
    buffs: dict[str, float]
    cooldown_until: datetime | None
    territory: dict[str, float]  # faction territory buffs by type (fractions)


async def play_reads(
    conn: asyncpg.Connection, user_id: int, now: datetime, cooldown_kind: str, consumable_key: str
) -> PlayReads:
    """Session, crate counts, one consumable's quantity, buffs in force and the cooldown."""
    r = await conn.fetchrow(_PLAY_STATE, user_id, now, cooldown_kind, consumable_key)
    return PlayReads(
        live=r["live"],
        juicernaut_user_id=r["juicernaut_user_id"],
        crates_held=int(r["crates_held"]),
        crates_escrowed=int(r["crates_escrowed"]),
        consumable=int(r["consumable_quantity"]),
        buffs=_buff_map(r["buff_types"], r["buff_multipliers"]),
        cooldown_until=r["cooldown_until"],
        territory={str(k): float(v) for k, v in (r["territory_buffs"] or {}).items()},
    )


@dataclass(frozen=True, slots=True)
class CheckinReads:
    live: bool
    juicernaut_user_id: int | None
    crates_held: int
    crates_escrowed: int


async def checkin_reads(conn: asyncpg.Connection, user_id: int, now: datetime) -> CheckinReads:
    """Session and crate counts (live escrow only)."""
    r = await conn.fetchrow(_CHECKIN_STATE, user_id, now)
    return CheckinReads(r["live"], r["juicernaut_user_id"], int(r["crates_held"]), int(r["crates_escrowed"]))


@dataclass(frozen=True, slots=True)
class OpenReads:
    crates: tuple[OwnedCrate, ...]
    items_held: int  # inventory rows out of escrow whose item the catalogue knows
    titles: frozenset[str]
    cooldown_until: datetime | None


async def open_reads(
    conn: asyncpg.Connection, user_id: int, now: datetime, catalogue: Catalogue, cooldown_kind: str
) -> OpenReads:
    """The player's crates (oldest first), items held, titles and the open cooldown."""
    r = await conn.fetchrow(_OPEN_STATE, user_id, now, cooldown_kind)
    crates = tuple(
        OwnedCrate(crate_id=i, tier=CrateTier(t), acquired_at=a, escrow_until=e)
        for i, t, a, e in zip(
            r["crate_ids"], r["crate_tiers"], r["crate_acquired"], r["crate_escrow"], strict=True
        )
    )
    held = sum(1 for key in r["held_item_keys"] if key in catalogue.by_key)
    return OpenReads(crates, held, frozenset(r["titles"]), r["cooldown_until"])
