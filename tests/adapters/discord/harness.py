"""Test harness: a recording EventSink and the cog mounted on a bot that never connects."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import discord
from discord import app_commands
from discord.ext import commands

from adapters.discord.cog import KingpinCog
from adapters.discord.parse import RoleConfig
from bot.events import ChatMessage, Event, Reply
from bot.handlers import COMMANDS
from tests.fakes.discord_autocomplete import MemoryAutocomplete


@dataclass
class RecordingSink:
    """Records events; answers each with ``answer(event)`` (one public line by default)."""

    answer: Callable[[ChatMessage], Sequence[Reply]] | None = None
    gate: asyncio.Event | None = None  # when set, the sink waits for it (a slow pipeline)
    fail: Exception | None = None
    events: list[ChatMessage] = field(default_factory=list)

    async def __call__(self, event: Event, /) -> Sequence[Reply]:
        assert isinstance(event, ChatMessage)
        self.events.append(event)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        if self.answer is not None:
            return self.answer(event)
        return [Reply(platform=event.platform, channel=event.channel, text=f"ok {event.text}")]


@dataclass
class Mounted:
    bot: commands.Bot
    cog: KingpinCog
    sink: RecordingSink
    autocomplete: MemoryAutocomplete

    def command(self, qualified: str) -> app_commands.Command[KingpinCog, ..., None]:
        head, _, sub = qualified.partition(" ")
        found = self.bot.tree.get_command(head)
        if sub:
            assert isinstance(found, app_commands.Group)
            found = found.get_command(sub)
        assert isinstance(found, app_commands.Command), qualified
        return found

    async def invoke(self, qualified: str, interaction: object, **options: object) -> None:
        await self.command(qualified).callback(self.cog, interaction, **options)  # type: ignore[arg-type]


async def mount(
    sink: RecordingSink | None = None,
    *,
    prefix: str = "!",
    roles: RoleConfig | None = None,
    respond_within: float = 1.0,
    autocomplete: MemoryAutocomplete | None = None,
) -> Mounted:
    sink = sink or RecordingSink()
    autocomplete = autocomplete or MemoryAutocomplete()
    cog = KingpinCog(
        sink, commands=COMMANDS.slash_commands(), prefix=prefix, roles=roles, autocomplete=autocomplete, respond_within=respond_within
    )
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    await bot.add_cog(cog)
    return Mounted(bot, cog, sink, autocomplete)
