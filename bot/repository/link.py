"""``!link``: one-time codes, the identities of two characters, and the merge's moves of
possessions, cooldowns, counters and identities from the absorbed character to the survivor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.events import Platform
from bot.sql import QUERIES

__all__ = [
    "Holdings",
    "Identities",
    "LinkCodeRow",
    "MergeMoved",
    "delete_unused_codes",
    "holdings",
    "identities",
    "insert_code",
    "lock_code",
    "merge_into",
    "use_code",
]

_DELETE_UNUSED = QUERIES["link/delete_unused_codes"]
_INSERT = QUERIES["link/insert_code"]
_LOCK_CODE = QUERIES["link/lock_code"]
_USE_CODE = QUERIES["link/use_code"]
_IDENTITIES = QUERIES["link/identities"]
_HOLDINGS = QUERIES["link/holdings"]
_MOVE_POSSESSIONS = QUERIES["link/move_possessions"]
_MOVE_TITLES = QUERIES["link/move_titles"]
_MOVE_CONSUMABLES = QUERIES["link/move_consumables"]
_MERGE_COOLDOWNS = QUERIES["link/merge_cooldowns"]
_MERGE_LEADERBOARDS = QUERIES["link/merge_leaderboards"]
_MERGE_COUNTERS = QUERIES["link/merge_counters"]
_MERGE_GOALS = QUERIES["link/merge_goals"]
_RETIRE = QUERIES["link/retire_absorbed"]
_ADOPT = QUERIES["link/adopt_identities"]

# The platforms a character may hold an identity on, in adopt_identities' parameter order.
PLATFORMS = (Platform.KICK, Platform.TWITCH, Platform.DISCORD, Platform.CONSOLE)


@dataclass(frozen=True, slots=True)
class LinkCodeRow:
    code: str
    user_id: int
    platform: Platform
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class Identities:
    """A character's platform user ids (None where it has none) and whom it was merged into."""

    user_id: int
    by_platform: Mapping[Platform, str | None]
    merged_into_user_id: int | None

    def on(self, platform: Platform) -> str | None:
        return self.by_platform.get(platform)


@dataclass(frozen=True, slots=True)
class Holdings:
    items: int
    crates: int
    titles: int
    consumables: int

    def any(self) -> bool:
        return bool(self.items or self.crates or self.titles or self.consumables)


@dataclass(frozen=True, slots=True)
class MergeMoved:
    """What the merge moved to the survivor (titles: newly gained ones)."""

    items: int
    crates: int
    titles: int


async def delete_unused_codes(conn: asyncpg.Connection, user_id: int) -> None:
    await conn.execute(_DELETE_UNUSED, user_id)


async def insert_code(
    conn: asyncpg.Connection, code: str, user_id: int, platform: Platform, now: datetime, expires: datetime
) -> bool:
    """False when the code is taken (draw another)."""
    return await conn.fetchval(_INSERT, code, user_id, platform.value, now, expires) is not None


async def lock_code(conn: asyncpg.Connection, code: str) -> LinkCodeRow | None:
    r = await conn.fetchrow(_LOCK_CODE, code)
    if r is None:
        return None
    return LinkCodeRow(r["code"], r["user_id"], Platform(r["platform"]), r["expires_at"], r["used_at"])


async def use_code(conn: asyncpg.Connection, code: str, now: datetime, platform: Platform, platform_user_id: str) -> bool:
    """False when it was already used."""
    return await conn.fetchval(_USE_CODE, code, now, platform.value, platform_user_id) is not None


async def identities(conn: asyncpg.Connection, user_ids: Iterable[int]) -> dict[int, Identities]:
    return {
        r["user_id"]: Identities(
            r["user_id"], {p: r[f"{p.value}_user_id"] for p in PLATFORMS}, r["merged_into_user_id"]
        )
        for r in await conn.fetch(_IDENTITIES, list(user_ids))
    }


async def holdings(conn: asyncpg.Connection, user_id: int) -> Holdings:
    r = await conn.fetchrow(_HOLDINGS, user_id)
    return Holdings(r["items"], r["crates"], r["titles"], r["consumables"])


async def merge_into(
    conn: asyncpg.Connection, absorbed: int, survivor: int, absorbed_ids: Identities, now: datetime
) -> MergeMoved:
    """Move the absorbed character's possessions, cooldowns, counters and identities to the
    survivor and retire it (wealth, XP and tokens move through the effects and tokens paths)."""
    moved = await conn.fetchrow(_MOVE_POSSESSIONS, absorbed, survivor)
    titles: int = await conn.fetchval(_MOVE_TITLES, absorbed, survivor)
    await conn.fetchrow(_MOVE_CONSUMABLES, absorbed, survivor)
    await conn.execute(_MERGE_COOLDOWNS, absorbed, survivor, now)
    await conn.execute(_MERGE_LEADERBOARDS, absorbed, survivor)
    await conn.execute(_MERGE_COUNTERS, absorbed, survivor)
    await conn.execute(_MERGE_GOALS, absorbed, survivor)  # achievements done, items ever held
    await conn.fetchval(_RETIRE, absorbed, survivor, now)
    await conn.fetchval(_ADOPT, survivor, *(absorbed_ids.on(p) for p in PLATFORMS), now)
    return MergeMoved(moved["items"], moved["crates"], titles)
