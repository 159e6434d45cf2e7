"""Live announcements: a line for every connected chat, plus a typed Discord feed post.

The chat line goes through :func:`bot.announce.announce` (an ``announce`` outbox row written in
the acting transaction, delivered to every Kick/Twitch channel and the console after commit);
with ``feed_title`` a ``feed`` row of the moment's own ``kind`` (``crown_change``,
``heist_win``, ``session_start`` …) is written beside it, so the Discord embed gets its colour.
Crown changes, heist alerts and winners come here directly: they are never batched.
"""

from __future__ import annotations

import asyncpg

from bot.announce import announce as announce_chat
from bot.feed import FEED_KIND
from bot.sql import QUERIES

__all__ = ["announce"]

_INSERT = QUERIES["outbox/insert"]


async def announce(
    conn: asyncpg.Connection,
    text: str,
    *,
    kind: str,
    feed_title: str | None = None,
    key: str | None = None,
) -> None:
    """Queue ``text`` for every chat (and the feed when ``feed_title`` is given).

    ``key`` makes the announcement once-only (a job slot run twice queues it once).
    """
    await announce_chat(conn, text, key=f"live:{key}"[:190] if key else None, kind=kind)
    if feed_title is not None:
        feed = {"kind": kind, "title": feed_title, "text": text, "guild": ""}
        await conn.fetchval(_INSERT, FEED_KIND, feed, f"feed:{key}"[:200] if key else None)
