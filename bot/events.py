"""Platform-neutral events: what every adapter turns its payloads into.

Each event is a frozen value carrying ``(platform, event_id)``, the idempotency key the
pipeline records in the same transaction as the event's effects, so a duplicate delivery is
acknowledged and does nothing. ``payload_hash`` (optional) is a second key for platforms that
resend one payload under a new id (Kick): the pipeline refuses a second event with the same
``(platform, payload_hash)`` as well. Adapters build these in their pure ``parse.py``; the pipeline
matches on the type, never on strings.

Chat is untrusted on every platform. Every text field of an event is cleaned once, here, when
the event is built: NUL (which PostgreSQL ``text`` rejects) is removed and lone surrogates
(which cannot be encoded as UTF-8) become U+FFFD. Everything after this layer can store what it
is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

__all__ = [
    "ChatMessage",
    "Event",
    "FeedItem",
    "Platform",
    "Redemption",
    "RedemptionAction",
    "Reply",
    "Role",
    "Sender",
    "StreamOffline",
    "StreamOnline",
    "Support",
    "SupportKind",
    "clean_text",
]

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without what PostgreSQL text rejects: NUL removed, lone surrogates → U+FFFD."""
    if text.isascii():
        return text.replace("\x00", "") if "\x00" in text else text
    return _UNSTORABLE.sub(lambda m: "" if m[0] == "\x00" else "\ufffd", text)


def _clean_fields(event: object) -> None:
    for f in fields(event):  # type: ignore[arg-type]
        value = getattr(event, f.name)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned is not value:
                object.__setattr__(event, f.name, cleaned)


class Platform(StrEnum):
    KICK = "kick"
    TWITCH = "twitch"
    DISCORD = "discord"
    CONSOLE = "console"


class Role(StrEnum):
    BROADCASTER = "broadcaster"
    MODERATOR = "moderator"
    VIP = "vip"
    SUBSCRIBER = "subscriber"
    FOUNDER = "founder"
    OG = "og"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sender:
    """Who acted, by platform user id (the key); login and display name are display data."""

    user_id: str
    login: str
    display_name: str
    roles: frozenset[Role] = frozenset()

    @property
    def is_moderator(self) -> bool:
        """Moderators and the broadcaster may run moderator commands."""
        return Role.MODERATOR in self.roles or Role.BROADCASTER in self.roles

    @property
    def is_broadcaster(self) -> bool:
        return Role.BROADCASTER in self.roles

    def __post_init__(self) -> None:
        _clean_fields(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatMessage:
    """A chat line (command or not). ``message_id`` is the platform id replies thread to."""

    platform: Platform
    event_id: str
    channel: str
    sender: Sender
    text: str
    received_at: datetime
    message_id: str | None = None
    bits: int = 0  # Twitch cheers ride on chat messages
    subchannel: str = ""  # Discord: the text channel id inside the guild (``channel``)
    payload_hash: str | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


class RedemptionAction(StrEnum):
    PLAY = "play"
    ROB = "rob"
    BAIL = "bail"
    REROLL = "reroll"


@dataclass(frozen=True, slots=True, kw_only=True)
class Redemption:
    """A channel-point redemption. The pipeline maps reward id/title to an action."""

    platform: Platform
    event_id: str
    channel: str
    sender: Sender
    reward_id: str
    reward_title: str
    user_input: str
    received_at: datetime
    payload_hash: str | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


class SupportKind(StrEnum):
    SUB = "sub"
    RESUB = "resub"
    GIFT_SUB = "gift_sub"  # one gifter, ``count`` subs (a gift bomb counts once)
    BITS = "bits"
    KICKS = "kicks"
    TIP = "tip"
    RAID = "raid"


@dataclass(frozen=True, slots=True, kw_only=True)
class Support:
    """Money or attention given to the channel.

    ``sender`` is None for anonymous gifts and cheers: recorded, but nobody is paid.
    ``amount`` is the count of the kind's unit: subs gifted, bits, kicks, raid viewers,
    or tip cents. ``tier`` is 1..3 for subs (1 otherwise).
    """

    platform: Platform
    event_id: str
    channel: str
    sender: Sender | None
    kind: SupportKind
    amount: int
    received_at: datetime
    tier: int = 1
    months: int = 0
    message: str = ""
    payload_hash: str | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamOnline:
    platform: Platform
    event_id: str
    channel: str
    received_at: datetime
    title: str = ""
    payload_hash: str | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamOffline:
    platform: Platform
    event_id: str
    channel: str
    received_at: datetime
    payload_hash: str | None = None

    def __post_init__(self) -> None:
        _clean_fields(self)


Event = ChatMessage | Redemption | Support | StreamOnline | StreamOffline


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """A big moment for the community feed (Discord), delivered through the outbox.

    ``kind`` names the moment (``legendary_drop``, ``item_theft``, ``tier_up``, ``crown_change``…);
    ``title`` and ``text`` are already rendered; ``guild`` limits it to one Discord guild
    ("" = every configured feed channel).
    """

    outbox_id: int
    kind: str
    title: str
    text: str
    guild: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """A line to send back where the event came from.

    ``reply_to`` is the platform message id to thread to, when there is one. ``private`` asks
    for an ephemeral/whisper delivery where the platform has one (Discord), else it is public.
    """

    platform: Platform
    channel: str
    text: str
    reply_to: str | None = None
    private: bool = False
    mention: str | None = None

