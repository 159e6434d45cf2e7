"""Announcements: one line for every connected chat, optionally also the Discord feed.

:func:`announce` writes outbox rows inside the caller's transaction (a job's, a command
handler's — any connection with a transaction open), so an announcement is sent exactly when
the change it talks about commits. Kind ``announce`` rows are delivered by an
:class:`~bot.outbox.OutboxDrain` through a :class:`BroadcastPublisher` to every
:class:`~bot.ports.ChatBroadcaster` (each Twitch and Kick channel, the console); with
``feed=True`` a ``feed`` row is written beside it for the Discord feed drain, so one failing
destination never makes the other post twice.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from datetime import datetime

import asyncpg
import structlog

from bot.events import FeedItem
from bot.feed import FeedMoment, feed_payload
from bot.ports import ChatBroadcaster
from bot.render.base import View
from bot.render.progression import announcement
from bot.repository.progression import Moment, moment_key
from bot.sql import QUERIES

__all__ = ["ANNOUNCE_KIND", "BroadcastPublisher", "announce", "announce_moments"]

log = structlog.get_logger("kingpin.announce")

ANNOUNCE_KIND = "announce"  # the outbox row kind
ANNOUNCEMENT_MOMENT = "announcement"  # the feed moment kind of an announcement

_INSERT = QUERIES["announce/insert"]


async def announce(
    conn: asyncpg.Connection,
    text: str,
    *,
    feed: bool = False,
    title: str = "📢 Kingpin",
    key: str | None = None,
    kind: str = "announcement",
) -> bool:
    """Queue ``text`` for every connected chat (and the Discord feed with ``feed=True``).

    Call inside the transaction whose change the line announces. ``key`` (optional, ≤ 190
    characters) makes the announcement once-only: a second call with the same key, in any
    transaction, queues nothing and returns ``False``.
    """
    chat = json.dumps({"text": text, "title": title, "kind": kind})  # kind: for consumers (overlay)
    post = json.dumps(feed_payload(FeedMoment(ANNOUNCEMENT_MOMENT, title, text))) if feed else None
    return await conn.fetchval(_INSERT, chat, key, post) is not None


async def announce_moments(conn: asyncpg.Connection, moments: Iterable[Moment], *, now: datetime) -> int:
    """Queue the chat lines of goal moments no command reply carries (chat batches, supports,
    jobs), once per moment and day; how many were queued."""
    queued = 0
    for m in moments:
        text = announcement(m, View(now=now))
        if text is not None:
            queued += await announce(conn, text, title="🏅 Kingpin", key=f"chat:{moment_key(m)}:{now.date()}")
    return queued


class BroadcastPublisher:
    """Delivers an ``announce`` outbox row to every chat broadcaster.

    Remembers, per process, which (outbox id, broadcaster) pairs went out, so a retry after one
    chat failed does not repeat the line in the chats that already had it.
    """

    def __init__(self, broadcasters: Sequence[ChatBroadcaster]) -> None:
        self._broadcasters = tuple(broadcasters)
        self._sent: set[tuple[int, int]] = set()

    async def publish(self, item: FeedItem, /) -> None:
        failed: list[BaseException] = []
        for n, target in enumerate(self._broadcasters):
            if (item.outbox_id, n) in self._sent:
                continue
            try:
                await target.broadcast(item.text)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failed.append(exc)
                continue
            self._sent.add((item.outbox_id, n))
        if failed:
            raise failed[0]
