"""The seams between adapters and the application.

An adapter receives platform payloads, parses them into ``bot.events`` values and hands each
to an :class:`EventSink`; the sink returns the replies to send back, which the adapter delivers
with its own client. The composition root (``bot.cli``) wires a real pipeline in as the sink,
a database-backed :class:`TokenStore`, and the Discord adapter as a :class:`FeedPublisher`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.events import Event, FeedItem, Platform, Reply

__all__ = [
    "ChatBroadcaster",
    "EventSink",
    "FeedPublisher",
    "OAuthToken",
    "OptionKind",
    "ReplySender",
    "ScheduleDriver",
    "SlashCommand",
    "SlashOption",
    "TokenStore",
]


class EventSink(Protocol):
    """Processes one event exactly once and returns what to answer.

    Raises only for infrastructure failures that mean "not recorded, deliver again"
    (the adapter then answers its platform with a retryable status where it has one).
    """

    async def __call__(self, event: Event, /) -> Sequence[Reply]: ...


class ReplySender(Protocol):
    """Delivers replies on one platform (queued, rate limited, never silently dropped)."""

    async def send(self, reply: Reply, /) -> None: ...


class ChatBroadcaster(Protocol):
    """Says one line in every chat this adapter is connected to (each channel it serves)."""

    async def broadcast(self, text: str, /) -> None: ...


class ScheduleDriver(Protocol):
    """Runs the scheduled jobs for a simulated clock (the console's ``/advance`` and ``/jobs``).

    Announcements the jobs make reach the console through its :class:`ChatBroadcaster`.
    """

    async def advance(self, start: datetime, end: datetime, /) -> Sequence[str]: ...

    async def listing(self, now: datetime, /) -> Sequence[str]: ...

    async def settle(self) -> None:
        """Deliver what the last line announced (a crown change, a heist won)."""
        ...


class FeedPublisher(Protocol):
    """Posts a feed item; raising means "not delivered, try again later"."""

    async def publish(self, item: FeedItem, /) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthToken:
    platform: Platform
    account: str  # the platform user id the token belongs to (bot or broadcaster)
    access_token: str
    refresh_token: str
    scopes: tuple[str, ...]
    expires_at: datetime | None


class TokenStore(Protocol):
    """Keeps platform OAuth tokens in the database (never in a JSON file)."""

    async def load(self, platform: Platform, account: str, /) -> OAuthToken | None: ...

    async def load_all(self, platform: Platform, /) -> Sequence[OAuthToken]: ...

    async def save(self, token: OAuthToken, /) -> None: ...


# -- the command tree an adapter offers (Discord slash commands), derived from the declarations --


class OptionKind(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    CHANNEL = "channel"


@dataclass(frozen=True, slots=True, kw_only=True)
class SlashOption:
    name: str
    kind: OptionKind
    description: str
    required: bool
    choices: tuple[str, ...] = ()
    autocomplete: str = ""  # an autocomplete source name: "players", "owned_items", "shop_items"
    min_value: int | None = None  # INTEGER bounds; STRING: max_value is the maximum length
    max_value: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlashCommand:
    """One slash command (``name`` may be ``"group sub"``) and the chat line it stands for."""

    name: str
    description: str
    chat: str  # the chat command and any fixed words, without the prefix: "kp-admin setchannel"
    options: tuple[SlashOption, ...]
    access: str  # "anyone" | "moderator" | "broadcaster"
    server_only: bool
    private: bool
    group_description: str = ""
