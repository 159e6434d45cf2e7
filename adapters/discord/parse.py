"""Slash-command invocations → ``bot.events.ChatMessage`` (pure: no I/O, no discord objects).

A slash command becomes the chat line a player would have typed, ``f"{prefix}{command} {args}"``,
so the pipeline parses Discord exactly like Twitch and Kick. Option values come from users, so
each is flattened to one line (control characters and runs of whitespace become one space) and
empty values are dropped; the text therefore never contains a newline.

Roles are derived from Discord facts:

* server owner or the Administrator permission → ``BROADCASTER`` (Discord has no broadcaster);
* Manage Server, Manage Messages or Timeout Members, or the configured moderator role →
  ``MODERATOR``;
* a server booster (``premium_since``) or the configured subscriber role → ``SUBSCRIBER``.

Configured roles match a role id or, case-insensitively, a role name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.events import ChatMessage, Platform, Role, Sender

__all__ = [
    "DM_CHANNEL",
    "MODERATOR_PERMISSIONS",
    "InvocationFacts",
    "RoleConfig",
    "chat_message",
    "clean_arg",
    "command_text",
    "roles_for",
]

DM_CHANNEL = "dm"
MODERATOR_PERMISSIONS = frozenset({"manage_guild", "manage_messages", "moderate_members"})
_SPACE = re.compile(r"[\s\x00-\x1f\x7f\u2028\u2029\u0085]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleConfig:
    """Configured role ids or names (empty = not used)."""

    moderator_role: str = ""
    subscriber_role: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class InvocationFacts:
    """What the adapter read from one interaction, as plain values."""

    interaction_id: str
    user_id: str
    login: str
    display_name: str
    guild_id: str | None  # None in DMs
    channel_id: str
    received_at: datetime
    is_owner: bool = False
    permissions: frozenset[str] = frozenset()  # names of granted permissions
    role_ids: frozenset[str] = frozenset()
    role_names: frozenset[str] = frozenset()
    premium: bool = False  # server booster


def clean_arg(value: object) -> str:
    """One option value as a single line without leading/trailing space ("" when empty)."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value)).strip()


def command_text(prefix: str, command: str, args: Iterable[object] = ()) -> str:
    """``prefix + command`` followed by the non-empty cleaned args, space-separated."""
    parts = [f"{prefix}{clean_arg(command)}"]
    parts.extend(a for a in (clean_arg(v) for v in args) if a)
    return " ".join(parts)


def _matches(configured: str, ids: frozenset[str], names: frozenset[str]) -> bool:
    wanted = configured.strip()
    if not wanted:
        return False
    return wanted in ids or wanted.casefold() in {n.casefold() for n in names}


def roles_for(facts: InvocationFacts, config: RoleConfig) -> frozenset[Role]:
    """Kingpin roles for a member; nothing in DMs (no guild, no permissions)."""
    if facts.guild_id is None:
        return frozenset()
    roles: set[Role] = set()
    if facts.is_owner or "administrator" in facts.permissions:
        roles.add(Role.BROADCASTER)
    if facts.permissions & MODERATOR_PERMISSIONS or _matches(
        config.moderator_role, facts.role_ids, facts.role_names
    ):
        roles.add(Role.MODERATOR)
    if facts.premium or _matches(config.subscriber_role, facts.role_ids, facts.role_names):
        roles.add(Role.SUBSCRIBER)
    return frozenset(roles)


def chat_message(
    facts: InvocationFacts,
    *,
    prefix: str,
    command: str,
    args: Iterable[object] = (),
    roles: RoleConfig = RoleConfig(),
) -> ChatMessage:
    """The chat line equivalent of one slash-command invocation."""
    sender = Sender(
        user_id=facts.user_id,
        login=facts.login,
        display_name=facts.display_name or facts.login,
        roles=roles_for(facts, roles),
    )
    return ChatMessage(
        platform=Platform.DISCORD,
        event_id=facts.interaction_id,
        channel=facts.guild_id if facts.guild_id is not None else DM_CHANNEL,
        subchannel=facts.channel_id,
        sender=sender,
        text=command_text(prefix, command, args),
        received_at=facts.received_at,
        message_id=None,
    )
