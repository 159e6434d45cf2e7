"""Players: identity resolution, locking in id order, and the row most rules read."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from bot.events import Platform, Sender
from bot.sql import QUERIES
from game import Player, Tier

__all__ = ["IdentityCache", "PlayerRow", "find_by_login", "lock_players", "read_players", "resolve_sender"]

_UPSERT = {p: QUERIES[f"players/upsert_{p.value}"] for p in Platform}
_FIND = {p: QUERIES[f"players/find_target_{p.value}"] for p in Platform}
_LOCK = QUERIES["players/lock"]
_SELECT = QUERIES["players/select"]


@dataclass(frozen=True, slots=True)
class PlayerRow:
    user_id: int
    username: str
    display_name: str
    wealth: int
    xp: int
    level: int
    tier: Tier
    jailed_until: datetime | None
    checkin_streak: int
    longest_streak: int
    last_checkin_date: date | None
    housing_debt_days: int
    faction_id: int | None
    tokens: int
    # Read by players/lock only (None from players/select): when the player was last told of
    # unseen notifications, and whether any were unseen when the row was locked.
    notification_hint_at: datetime | None = None
    has_unseen: bool | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def player(self) -> Player:
        return Player(
            user_id=self.user_id,
            level=self.level,
            xp=self.xp,
            wealth=self.wealth,
            tokens=self.tokens,
            jailed_until=self.jailed_until,
        )


def _row(r: asyncpg.Record) -> PlayerRow:
    return PlayerRow(
        user_id=r["user_id"],
        username=r["username"],
        display_name=r["display_name"] or r["username"],
        wealth=r["wealth"],
        xp=r["xp"],
        level=r["level"],
        tier=Tier.parse(r["status_tier"]),
        jailed_until=r["jailed_until"],
        checkin_streak=r["checkin_streak"],
        longest_streak=r["longest_streak"],
        last_checkin_date=r["last_checkin_date"],
        housing_debt_days=r["housing_debt_days"],
        faction_id=r["faction_id"],
        tokens=r["tokens"],
        notification_hint_at=r.get("notification_hint_at"),
        has_unseen=r.get("has_unseen"),
    )


class IdentityCache:
    """Platform identity → user id, so an unchanged chatter costs no database round trip.

    Bounded LRU. Entries remember the names they were stored with; a renamed chatter misses
    the cache and is refreshed in the database. :meth:`forget` drops a user after a merge.
    """

    def __init__(self, size: int = 100_000) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Platform, str], tuple[int, str, str]] = OrderedDict()

    def get(self, platform: Platform, sender: Sender) -> int | None:
        key = (platform, sender.user_id)
        entry = self._entries.get(key)
        if entry is None or entry[1] != sender.login or entry[2] != sender.display_name:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, platform: Platform, sender: Sender, user_id: int) -> None:
        self._entries[(platform, sender.user_id)] = (user_id, sender.login, sender.display_name)
        self._entries.move_to_end((platform, sender.user_id))
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def forget(self, user_ids: Iterable[int]) -> None:
        gone = set(user_ids)
        for key in [k for k, v in self._entries.items() if v[0] in gone]:
            del self._entries[key]


async def resolve_sender(
    conn: asyncpg.Connection, platform: Platform, sender: Sender, cache: IdentityCache | None = None
) -> int:
    """The user id behind a platform identity, creating the player on first sight."""
    if cache is not None:
        cached = cache.get(platform, sender)
        if cached is not None:
            return cached
    login = (sender.login or sender.display_name or sender.user_id)[:100]
    display = (sender.display_name or login)[:100]
    user_id: int = await conn.fetchval(_UPSERT[platform], sender.user_id[:100], login, display)
    if cache is not None:
        cache.put(platform, sender, user_id)
    return user_id


async def find_by_login(conn: asyncpg.Connection, platform: Platform, login: str) -> int | None:
    """A known player by name: on the same platform first, then on any platform (one query)."""
    found: int | None = await conn.fetchval(_FIND[platform], login)
    return found


async def lock_players(conn: asyncpg.Connection, user_ids: Iterable[int]) -> dict[int, PlayerRow]:
    """Lock the players (ascending id order) for the rest of the transaction."""
    rows = await conn.fetch(_LOCK, sorted(set(user_ids)))
    return {r["user_id"]: _row(r) for r in rows}


async def read_players(conn: asyncpg.Connection, user_ids: Iterable[int]) -> dict[int, PlayerRow]:
    rows = await conn.fetch(_SELECT, sorted(set(user_ids)))
    return {r["user_id"]: _row(r) for r in rows}


_PROFILE_EXTRAS = QUERIES["info/select_profile_extras"]


@dataclass(frozen=True, slots=True)
class ProfileExtras:
    title: str | None
    faction: str | None


async def profile_extras(conn: asyncpg.Connection, user_id: int) -> ProfileExtras:
    """The player's shown title and faction name (each None when absent)."""
    r = await conn.fetchrow(_PROFILE_EXTRAS, user_id)
    return ProfileExtras(None, None) if r is None else ProfileExtras(r["title"], r["faction"])
