"""Discord I/O: the bot (gateway + command sync), the feed publisher, and the adapter that owns both.

Feed delivery: ``publish`` posts one embed per item to every feed channel that applies (the
channels in settings plus those the :class:`~adapters.discord.ports.FeedChannels` provider reads
from ``discord_server_config``; an item with a ``guild`` goes only to that guild's channels).
Each channel has a FIFO queue that keeps to 5 messages per 5 seconds. ``publish`` returns once
every channel has the post and raises :class:`FeedDeliveryError` if any channel could not be
reached; the (outbox id, channel) pairs already posted are remembered, so the outbox's retry
posts only to the channels that failed. That memory is per process: exactly-once across restarts
is the outbox's job (mark delivered after ``publish`` returns).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

import discord
import structlog
from discord.ext import commands

from bot.config import Settings
from bot.errors import KingpinError
from bot.events import FeedItem
from bot.ports import EventSink, SlashCommand

from .cog import KingpinCog
from .parse import RoleConfig
from .ports import Autocomplete, FeedChannels, NoFeedChannels
from .render import feed_embed

__all__ = [
    "ChannelResolver",
    "DiscordAdapter",
    "DiscordFeedPublisher",
    "FeedChannel",
    "FeedDeliveryError",
    "KingpinBot",
    "bot_intents",
    "channel_resolver",
]

log = structlog.get_logger("kingpin.discord")


class FeedChannel(Protocol):
    """The part of a Discord text channel the feed uses."""

    @property
    def id(self) -> int: ...

    async def send(
        self, *, embed: discord.Embed, allowed_mentions: discord.AllowedMentions
    ) -> object: ...


ChannelResolver = Callable[[int], Awaitable[FeedChannel]]


class FeedDeliveryError(KingpinError):
    """A feed item did not reach every channel; the outbox should retry it later."""

    def __init__(self, outbox_id: int, failed: Sequence[str]) -> None:
        super().__init__(f"feed item {outbox_id} not delivered to channels {', '.join(failed)}")
        self.outbox_id = outbox_id
        self.failed = tuple(failed)


def bot_intents() -> discord.Intents:
    """No privileged intents: slash commands need none; ``guilds`` caches owners and roles."""
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


def channel_resolver(client: discord.Client) -> ChannelResolver:
    """Cached channel, else one API fetch; raises ``discord.DiscordException`` when unreachable."""

    async def resolve(channel_id: int) -> FeedChannel:
        channel = client.get_channel(channel_id)
        if channel is None:
            channel = await client.fetch_channel(channel_id)
        if not callable(getattr(channel, "send", None)):  # a category or forum, say
            raise discord.InvalidData(f"channel {channel_id} cannot receive messages")
        return channel  # type: ignore[return-value]

    return resolve


class _Window:
    """Send times of the last ``limit`` posts in one channel, behind a FIFO lock."""

    def __init__(self, limit: int) -> None:
        self.sent: deque[float] = deque(maxlen=limit)
        self.lock = asyncio.Lock()


class DiscordFeedPublisher:
    """A ``bot.ports.FeedPublisher`` posting embeds to Discord feed channels."""

    def __init__(
        self,
        resolve: ChannelResolver,
        *,
        channel_ids: Sequence[str] = (),
        provider: FeedChannels | None = None,
        per_window: int = 5,
        window_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        remember: int = 4096,
    ) -> None:
        self._resolve = resolve
        self._static = tuple(dict.fromkeys(c.strip() for c in channel_ids if c.strip()))
        self._provider: FeedChannels = provider or NoFeedChannels()
        self._per_window = per_window
        self._window_seconds = window_seconds
        self._clock = clock
        self._sleep = sleep
        self._windows: dict[str, _Window] = {}
        self._delivered: OrderedDict[tuple[int, str], None] = OrderedDict()
        self._remember = remember

    async def publish(self, item: FeedItem, /) -> None:
        configured = tuple(await self._provider(item.guild))
        targets = dict.fromkeys([*configured, *self._static])
        if not targets:
            log.info("discord.feed_unconfigured", outbox_id=item.outbox_id, guild=item.guild)
            return
        embed = feed_embed(item.title, item.text, item.kind)
        failed: list[str] = []
        for channel_id in targets:
            if (item.outbox_id, channel_id) in self._delivered:
                continue
            try:
                channel = await self._resolve(int(channel_id))
                if (
                    item.guild
                    and channel_id not in configured
                    and not _in_guild(channel, item.guild)
                ):
                    continue
                await self._send(channel_id, channel, embed)
            except (discord.DiscordException, ValueError) as exc:
                log.warning(
                    "discord.feed_failed",
                    outbox_id=item.outbox_id,
                    channel=channel_id,
                    error=repr(exc),
                )
                failed.append(channel_id)
                continue
            self._remember_delivery(item.outbox_id, channel_id)
        if failed:
            raise FeedDeliveryError(item.outbox_id, failed)

    async def _send(self, channel_id: str, channel: FeedChannel, embed: discord.Embed) -> None:
        window = self._windows.setdefault(channel_id, _Window(self._per_window))
        async with window.lock:
            if len(window.sent) == self._per_window:
                wait = window.sent[0] + self._window_seconds - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            try:
                await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
            finally:
                window.sent.append(self._clock())

    def _remember_delivery(self, outbox_id: int, channel_id: str) -> None:
        self._delivered[(outbox_id, channel_id)] = None
        while len(self._delivered) > self._remember:
            self._delivered.popitem(last=False)


def _in_guild(channel: FeedChannel, guild: str) -> bool:
    channel_guild = getattr(channel, "guild", None)
    return channel_guild is not None and str(channel_guild.id) == guild


class KingpinBot(commands.Bot):
    """The gateway client: adds the cog and syncs the command tree in ``setup_hook``.

    Commands are copied to each configured guild and synced there (they appear at once).
    With ``sync_global`` they are synced globally instead (Discord may take a while to show
    them) and the per-guild copies are cleared so nobody sees each command twice.
    """

    def __init__(
        self,
        cog: KingpinCog,
        *,
        guild_ids: Sequence[str] = (),
        sync_global: bool = False,
        intents: discord.Intents | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents or bot_intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self._cog = cog
        self._guilds = [discord.Object(id=int(g)) for g in dict.fromkeys(guild_ids) if g.strip()]
        self._sync_global = sync_global

    async def setup_hook(self) -> None:
        await self.add_cog(self._cog)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        if self._sync_global:
            synced = await self.tree.sync()
            for guild in self._guilds:
                self.tree.clear_commands(guild=guild)
                await self.tree.sync(guild=guild)
            log.info("discord.synced", scope="global", commands=len(synced))
            return
        for guild in self._guilds:
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("discord.synced", scope="guild", guild=str(guild.id), commands=len(synced))


class DiscordAdapter:
    """What the composition root holds: ``start``/``stop`` and the feed publisher."""

    def __init__(
        self,
        settings: Settings,
        sink: EventSink,
        *,
        commands: Sequence[SlashCommand],
        autocomplete: Autocomplete | None = None,
        feed_channels: FeedChannels | None = None,
    ) -> None:
        discord_settings = settings.discord
        self._token = discord_settings.token
        self.cog = KingpinCog(
            sink,
            commands=commands,
            prefix=settings.command_prefix,
            roles=RoleConfig(
                moderator_role=discord_settings.moderator_role,
                subscriber_role=discord_settings.subscriber_role,
            ),
            autocomplete=autocomplete,
            respond_within=discord_settings.respond_within_seconds,
        )
        self.bot = KingpinBot(
            self.cog, guild_ids=discord_settings.guild_ids, sync_global=discord_settings.sync_global
        )
        self.feed = DiscordFeedPublisher(
            channel_resolver(self.bot),
            channel_ids=discord_settings.feed_channel_ids,
            provider=feed_channels,
        )
        self._runner: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in (raises ``discord.LoginFailure`` on a bad token), sync, then run the gateway."""
        await self.bot.login(self._token.get_secret_value())
        self._runner = asyncio.create_task(self.bot.connect(reconnect=True), name="discord-gateway")
        self._runner.add_done_callback(_log_gateway_end)

    async def stop(self) -> None:
        await self.bot.close()
        if self._runner is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._runner
            self._runner = None

    async def publish(self, item: FeedItem, /) -> None:
        await self.feed.publish(item)


def _log_gateway_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("discord.gateway_stopped", error=repr(task.exception()))
