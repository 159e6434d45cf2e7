from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import pytest

from adapters.discord.client import DiscordFeedPublisher, FeedDeliveryError
from bot.events import FeedItem
from tests.fakes.discord_channel import FakeChannel, FakeChannels


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class GuildFeeds:
    """Stands in for discord_server_config: guild → feed channel ids."""

    def __init__(self, by_guild: dict[str, list[str]]) -> None:
        self.by_guild = by_guild

    async def __call__(self, guild: str, /) -> Sequence[str]:
        if guild:
            return self.by_guild.get(guild, [])
        return [c for ids in self.by_guild.values() for c in ids]


def item(n: int = 1, guild: str = "") -> FeedItem:
    return FeedItem(
        outbox_id=n,
        kind="legendary_drop",
        title="🌟 Legendary drop!",
        text=f"@everyone Alice found #{n}",
        guild=guild,
    )


async def test_one_embed_per_item_without_pings() -> None:
    channel = FakeChannel(10)
    publisher = DiscordFeedPublisher(FakeChannels(channel), channel_ids=["10"])
    await publisher.publish(item())
    [post] = channel.posts
    assert post.embed.title == "🌟 Legendary drop!"
    assert post.embed.description == "@everyone Alice found #1"
    assert post.embed.colour is not None and post.embed.colour.value == 0xFFD700
    mentions = post.allowed_mentions
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (
        False,
        False,
        False,
        False,
    )


async def test_unreachable_channel_raises_and_retry_posts_only_where_missing() -> None:
    good, flaky = FakeChannel(10), FakeChannel(11, fail_sends=1)
    publisher = DiscordFeedPublisher(FakeChannels(good, flaky), channel_ids=["10", "11"])
    with pytest.raises(FeedDeliveryError) as caught:
        await publisher.publish(item(7))
    assert (caught.value.outbox_id, caught.value.failed) == (7, ("11",))
    await publisher.publish(item(7))  # the outbox retries
    assert len(good.posts) == 1
    assert len(flaky.posts) == 1


async def test_unknown_channel_raises() -> None:
    publisher = DiscordFeedPublisher(FakeChannels(), channel_ids=["404"])
    with pytest.raises(FeedDeliveryError):
        await publisher.publish(item())


async def test_no_feed_configured_is_not_an_error() -> None:
    resolver = FakeChannels()
    await DiscordFeedPublisher(resolver).publish(item())
    assert resolver.resolved == []


async def test_guild_item_goes_only_to_that_guilds_channels() -> None:
    a = FakeChannel(20, guild=SimpleNamespace(id=1))
    b = FakeChannel(21, guild=SimpleNamespace(id=2))
    static_b = FakeChannel(22, guild=SimpleNamespace(id=2))
    publisher = DiscordFeedPublisher(
        FakeChannels(a, b, static_b),
        channel_ids=["22"],
        provider=GuildFeeds({"1": ["20"], "2": ["21"]}),
    )
    await publisher.publish(item(1, guild="1"))
    assert (len(a.posts), len(b.posts), len(static_b.posts)) == (1, 0, 0)
    await publisher.publish(item(2))  # every guild
    assert (len(a.posts), len(b.posts), len(static_b.posts)) == (2, 1, 1)


async def test_keeps_to_five_posts_per_five_seconds_per_channel() -> None:
    clock = FakeClock()
    channel = FakeChannel(10, clock=clock)
    other = FakeChannel(11, clock=clock)
    publisher = DiscordFeedPublisher(
        FakeChannels(channel, other), channel_ids=["10"], clock=clock, sleep=clock.sleep
    )
    for n in range(12):
        await publisher.publish(item(n))
    times = [p.at for p in channel.posts]
    assert len(times) == 12
    assert all(later - earlier >= 5.0 for earlier, later in zip(times, times[5:], strict=False))
    assert times[:5] == [100.0] * 5 and times[5] == 105.0
    assert other.posts == []
