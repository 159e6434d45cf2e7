"""Stand-ins for ``discord.Interaction`` that record what the cog sent.

They keep Discord's rules that matter to the adapter: one interaction response (a message,
a defer or autocomplete choices) and follow-ups only after it; so a test fails if the cog
answers twice or sends a follow-up first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import discord

__all__ = [
    "FakeFollowup",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeResponse",
    "FakeRole",
    "Sent",
    "dm_interaction",
    "guild_interaction",
]

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeRole:
    id: int
    name: str


@dataclass
class FakeMember:
    id: int = 1001
    name: str = "viewer"
    display_name: str = "Viewer"
    roles: list[FakeRole] = field(default_factory=list)
    premium_since: datetime | None = None


@dataclass
class FakeGuild:
    id: int = 500
    owner_id: int = 9999


@dataclass(frozen=True)
class Sent:
    """One message the cog sent: through the response or a follow-up."""

    via: str  # "response" | "followup"
    content: str | None
    embeds: tuple[discord.Embed, ...]
    ephemeral: bool
    allowed_mentions: discord.AllowedMentions | None

    @property
    def text(self) -> str:
        """Content and embed descriptions, joined (what a reader sees)."""
        parts = [self.content or ""] + [e.description or "" for e in self.embeds]
        return "\n".join(p for p in parts if p)


class FakeResponse:
    def __init__(self, interaction: FakeInteraction) -> None:
        self._interaction = interaction
        self.kind: str | None = None  # "message" | "defer" | "autocomplete"
        self.deferred_ephemeral: bool | None = None
        self.choices: list[discord.app_commands.Choice[str]] | None = None
        self.answered = asyncio.Event()  # set on the first response of any kind

    def is_done(self) -> bool:
        return self.kind is not None

    def _claim(self, kind: str) -> None:
        if self.kind is not None:
            raise discord.InteractionResponded(self._interaction)  # type: ignore[arg-type]
        self.kind = kind
        self.answered.set()

    async def send_message(
        self,
        content: str | None = None,
        *,
        embeds: Sequence[discord.Embed] = (),
        ephemeral: bool = False,
        allowed_mentions: discord.AllowedMentions | None = None,
    ) -> None:
        self._claim("message")
        self._interaction.sent.append(
            Sent("response", content, tuple(embeds), ephemeral, allowed_mentions)
        )

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        self._claim("defer")
        self.deferred_ephemeral = ephemeral

    async def autocomplete(self, choices: Sequence[discord.app_commands.Choice[str]]) -> None:
        self._claim("autocomplete")
        self.choices = list(choices)


class FakeFollowup:
    def __init__(self, interaction: FakeInteraction) -> None:
        self._interaction = interaction

    async def send(
        self,
        content: str | None = None,
        *,
        embeds: Sequence[discord.Embed] = (),
        ephemeral: bool = False,
        allowed_mentions: discord.AllowedMentions | None = None,
    ) -> None:
        if not self._interaction.response.is_done():
            raise AssertionError("follow-up sent before the interaction was answered")
        self._interaction.sent.append(
            Sent("followup", content, tuple(embeds), ephemeral, allowed_mentions)
        )


class FakeInteraction:
    """Duck-typed like ``discord.Interaction`` for the attributes the cog reads."""

    def __init__(
        self,
        *,
        id: int = 7777,
        user: FakeMember | None = None,
        guild: FakeGuild | None = None,
        channel_id: int | None = 600,
        permissions: discord.Permissions | None = None,
        created_at: datetime = NOW,
    ) -> None:
        self.id = id
        self.user = user or FakeMember()
        self.guild = guild
        self.guild_id = guild.id if guild is not None else None
        self.channel_id = channel_id
        self.permissions = permissions or discord.Permissions.none()
        self.created_at = created_at
        self.response = FakeResponse(self)
        self.followup = FakeFollowup(self)
        self.sent: list[Sent] = []
        self.deleted_original = 0

    async def delete_original_response(self) -> None:
        if self.response.kind != "defer":
            raise AssertionError("nothing to delete: the response was not a deferral")
        self.deleted_original += 1


def guild_interaction(
    *,
    id: int = 7777,
    user: FakeMember | None = None,
    permissions: discord.Permissions | None = None,
    owner_id: int = 9999,
) -> FakeInteraction:
    return FakeInteraction(
        id=id, user=user, guild=FakeGuild(owner_id=owner_id), permissions=permissions
    )


def dm_interaction(*, id: int = 7777, user: FakeMember | None = None) -> FakeInteraction:
    return FakeInteraction(id=id, user=user, guild=None, channel_id=800)
