"""Titles: owned, worn, and names shown as ``[Title] Name``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

from bot.sql import QUERIES

__all__ = ["OwnedTitle", "clear_title", "display_names", "owned_titles", "titled", "wear_title"]

_LIST = QUERIES["titles/list"]
_WEAR = QUERIES["titles/wear"]
_EQUIP = QUERIES["titles/equip"]
_CLEAR = QUERIES["titles/clear"]
_DISPLAY_NAMES = QUERIES["titles/display_names"]


@dataclass(frozen=True, slots=True)
class OwnedTitle:
    title: str
    worn: bool


def titled(name: str, title: str | None) -> str:
    """``[Title] Name`` (just the name without a worn title)."""
    return f"[{title}] {name}" if title else name


async def owned_titles(conn: asyncpg.Connection, user_id: int) -> tuple[OwnedTitle, ...]:
    return tuple(OwnedTitle(r["title"], r["is_equipped"]) for r in await conn.fetch(_LIST, user_id))


async def wear_title(conn: asyncpg.Connection, user_id: int, name: str) -> str | None:
    """Wear the owned title called ``name`` (any case); None when the player doesn't own it."""
    title = await conn.fetchval(_WEAR, user_id, name)
    if title is not None:
        await conn.execute(_EQUIP, user_id, title)
    return title


async def clear_title(conn: asyncpg.Connection, user_id: int) -> str | None:
    return await conn.fetchval(_CLEAR, user_id)


async def display_names(conn: asyncpg.Connection, user_ids: Iterable[int]) -> dict[int, str]:
    """``[Title] Name`` of each player."""
    rows = await conn.fetch(_DISPLAY_NAMES, sorted(set(user_ids)))
    return {r["user_id"]: titled(r["name"], r["title"]) for r in rows}
