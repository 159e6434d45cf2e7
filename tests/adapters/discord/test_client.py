from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest
from pydantic import SecretStr

from adapters.discord.client import DiscordAdapter, channel_resolver
from bot.config import DiscordSettings, Settings
from bot.events import FeedItem
from bot.handlers import COMMANDS
from tests.adapters.discord.harness import RecordingSink
from tests.fakes.discord_channel import FakeChannel, http_error
from tests.fakes.discord_interaction import guild_interaction


def settings() -> Settings:
    return Settings(
        command_prefix="?",
        discord=DiscordSettings(
            enabled=True,
            token=SecretStr("not-a-real-token"),
            guild_ids=["11"],
            moderator_role="Mods",
            subscriber_role="Supporters",
            feed_channel_ids=["10"],
            respond_within_seconds=0.5,
        ),
    )


async def test_adapter_wires_settings_into_the_cog_and_feed() -> None:
    sink = RecordingSink()
    adapter = DiscordAdapter(settings(), sink, commands=COMMANDS.slash_commands())
    await adapter.bot.add_cog(adapter.cog)  # what setup_hook does, without logging in
    interaction = guild_interaction()
    await adapter.bot.tree.get_command("rob").callback(adapter.cog, interaction, target="bob")  # type: ignore[union-attr]
    assert sink.events[0].text == "?rob bob"
    assert interaction.sent[0].text == "ok ?rob bob"
    await adapter.stop()  # never started: a no-op


class FakeClient:
    """The two discord.Client calls the resolver uses."""

    def __init__(self, cached: dict[int, FakeChannel], remote: dict[int, FakeChannel]) -> None:
        self.cached, self.remote, self.fetched = cached, remote, []

    def get_channel(self, channel_id: int) -> FakeChannel | None:
        return self.cached.get(channel_id)

    async def fetch_channel(self, channel_id: int) -> FakeChannel:
        self.fetched.append(channel_id)
        if channel_id not in self.remote:
            raise http_error(404, "Not Found", 10003)
        return self.remote[channel_id]


async def test_resolver_uses_the_cache_then_fetches_then_fails_cleanly() -> None:
    category = SimpleNamespace(id=4)  # no send(): not a text channel
    client = FakeClient({1: FakeChannel(1)}, {2: FakeChannel(2), 4: category})  # type: ignore[dict-item]
    resolve = channel_resolver(client)  # type: ignore[arg-type]
    assert (await resolve(1)).id == 1
    assert client.fetched == []
    assert (await resolve(2)).id == 2
    assert client.fetched == [2]
    with pytest.raises(discord.NotFound):
        await resolve(3)
    with pytest.raises(discord.InvalidData):
        await resolve(4)


async def test_adapter_is_a_feed_publisher() -> None:
    adapter = DiscordAdapter(settings(), RecordingSink(), commands=())
    channel = FakeChannel(10)

    async def resolve(channel_id: int) -> FakeChannel:
        assert channel_id == 10
        return channel

    adapter.feed._resolve = resolve  # type: ignore[method-assign]
    await adapter.publish(
        FeedItem(outbox_id=1, kind="item_theft", title="Theft", text="Bob lost a gun")
    )
    assert len(channel.posts) == 1
