"""Announcements to every connected chat (and the Discord feed), through the outbox.

:func:`announce` writes an outbox row of kind ``chat`` inside the caller's transaction (and,
with ``feed_title``, a ``feed`` row for the Discord feed), so an announcement is sent once
its transaction commits and never for a rolled-back one. An :class:`~bot.outbox.OutboxDrain`
with ``kind="chat"`` delivers the rows through a :class:`ChatPublisher`, which sends the line
to every chat target (Kick and Twitch channels, the console). Crown changes, heist alerts and
winners go straight here: they are never batched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from bot.events import FeedItem, Platform, Reply
from bot.feed import FEED_KIND
from bot.ports import ReplySender
from bot.sql import QUERIES

__all__ = ["CHAT_KIND", "ChatPublisher", "ChatTarget", "PrintSender", "announce"]

CHAT_KIND = "chat"
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
    payload = {"kind": kind, "title": "", "text": text, "guild": ""}
    await conn.fetchval(_INSERT, CHAT_KIND, payload, f"chat:{key}" if key else None)
    if feed_title is not None:
        feed = {"kind": kind, "title": feed_title, "text": text, "guild": ""}
        await conn.fetchval(_INSERT, FEED_KIND, feed, f"feed:{key}" if key else None)


@dataclass(frozen=True, slots=True)
class ChatTarget:
    platform: Platform
    channels: tuple[str, ...]
    sender: ReplySender


class ChatPublisher:
    """A :class:`~bot.ports.FeedPublisher` for ``chat`` rows: one line to every target channel."""

    def __init__(self, targets: Sequence[ChatTarget]) -> None:
        self._targets = tuple(targets)

    async def publish(self, item: FeedItem, /) -> None:
        for target in self._targets:
            for channel in target.channels:
                await target.sender.send(Reply(platform=target.platform, channel=channel, text=item.text))


class PrintSender:
    """The console's chat: announcements print as ``[kingpin 📢] text``."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write

    async def send(self, reply: Reply, /) -> None:
        self._write(f"[kingpin 📢] {reply.text}")
