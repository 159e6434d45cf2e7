"""Feed moments, the outbox drain, database tokens and the Discord lookups, on real PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import asyncpg
import pytest
from structlog.testing import capture_logs

from adapters.discord.client import DiscordFeedPublisher
from bot.discord_links import DatabaseAutocomplete, DatabaseFeedChannels
from bot.events import FeedItem, Platform
from bot.feed import MomentKind, feed_moments, people_in
from bot.outbox import OutboxDrain, dedupe_key
from bot.ports import OAuthToken
from bot.tokens import DatabaseTokenStore
from game import (
    CrateGranted,
    CrateOpened,
    CrateSource,
    DropType,
    ItemMoved,
    ItemTier,
    NoticeKind,
    Notification,
    Tier,
    TierChanged,
    WealthDelta,
    load_catalogue,
)
from tests.fakes.discord_channel import FakeChannel, FakeChannels
from tests.harness import Harness

CATALOGUE = load_catalogue()
NAMES = {1: "Alice", 2: "Bob"}

# -- feed moments (pure) -----------------------------------------------------------------------


def test_legendary_drops_thefts_and_promotions_are_moments() -> None:
    effects = (
        WealthDelta(1, 500, "play"),
        CrateOpened(1, 10, ItemTier.LEGENDARY, DropType.WEAPON, item_key="mantis-blades"),
        CrateOpened(1, 11, ItemTier.RARE, DropType.WEAPON, item_key="rusty-knife"),
        CrateGranted(1, ItemTier.LEGENDARY, CrateSource.PLAY),
        CrateGranted(1, ItemTier.COMMON, CrateSource.PLAY),
        ItemMoved(77, 2, 1),
        Notification(2, NoticeKind.ITEM_STOLEN, (("item", "mantis-blades"),)),
        Notification(1, NoticeKind.LEVEL_UP, (("level", 5),)),
        TierChanged(1, Tier.PUNK, Tier.ASSOCIATE),
        TierChanged(2, Tier.SOLDIER, Tier.ASSOCIATE),  # a demotion is not news
    )
    moments = feed_moments(effects, names=NAMES, catalogue=CATALOGUE)
    assert [(m.kind, m.text) for m in moments] == [
        (MomentKind.LEGENDARY_DROP, "Alice cracked open a legendary crate and pulled the Mantis Blades!"),
        (MomentKind.LEGENDARY_CRATE, "Alice got a legendary crate on a job!"),
        (MomentKind.ITEM_THEFT, "Alice stole Bob's Mantis Blades!"),
        (MomentKind.TIER_UP, "Alice rose from Punk to Associate!"),
    ]
    assert all(m.title for m in moments)
    assert people_in(effects) == {1, 2}


def test_wealth_and_duplicate_title_drops_name_the_prize() -> None:
    wealth = CrateOpened(1, 1, ItemTier.LEGENDARY, DropType.WEALTH, wealth=250_000)
    title = CrateOpened(1, 2, ItemTier.LEGENDARY, DropType.TITLE, wealth=50_000, title="The Don", duplicate=True)
    texts = [m.text for m in feed_moments((wealth, title), names=NAMES, catalogue=CATALOGUE)]
    assert texts == [
        "Alice cracked open a legendary crate and pulled $250,000!",
        "Alice cracked open a legendary crate and pulled the title “The Don” (already theirs: $50,000 instead)!",
    ]


def test_ordinary_effects_have_no_moment_and_no_names_to_read() -> None:
    effects = (WealthDelta(1, 10, "play"), CrateGranted(1, ItemTier.RARE, CrateSource.PLAY))
    assert feed_moments(effects, names=NAMES, catalogue=CATALOGUE) == ()
    assert people_in(effects) == set()


def test_dedupe_key_fits_the_column() -> None:
    assert dedupe_key("twitch", "abc", 2) == "twitch:abc:2"
    long = dedupe_key("kick", "x" * 300, 0)
    assert len(long) <= 200 and long.startswith("kick:sha256-") and long.endswith(":0")


# -- moments written by real commands ----------------------------------------------------------


async def _feed_rows(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT outbox_id, payload, dedupe_key, delivered_at, attempts, last_error, available_at "
        "FROM outbox WHERE kind = 'feed' ORDER BY outbox_id"
    )


async def legendary_moments(h: Harness) -> list[asyncpg.Record]:
    """A moderator gives alice a legendary crate, she opens it: two feed rows."""
    await h.say("alice: !checkin")
    given = await h.say1("mod [broadcaster]: !givecrate alice legendary for the stream")
    assert "legendary" in given.lower()
    h.advance(seconds=10)
    opened = await h.say1("alice: !open legendary")
    assert "legendary" in opened.lower()
    rows = await _feed_rows(h.pool)
    assert len(rows) == 2
    return rows


async def test_commands_queue_feed_rows_in_their_transaction(h: Harness) -> None:
    rows = await legendary_moments(h)
    granted, opened = rows
    assert granted["payload"]["kind"] == MomentKind.LEGENDARY_CRATE
    assert granted["payload"]["text"] == "alice got a legendary crate as a gift!"
    assert opened["payload"]["kind"] == MomentKind.LEGENDARY_DROP
    assert opened["payload"]["text"].startswith("alice cracked open a legendary crate and pulled ")
    event_ids = await h.pool.fetch(
        "SELECT source_platform || ':' || source_event_id || ':0' AS key FROM game_events "
        "WHERE event_type IN ('admin_givecrate', 'crate_open') ORDER BY game_event_id"
    )
    assert [r["dedupe_key"] for r in rows] == [r["key"] for r in event_ids]
    assert all(r["delivered_at"] is None and r["attempts"] == 0 for r in rows)


async def test_a_refused_command_queues_nothing(h: Harness) -> None:
    await h.say("alice: !checkin")
    await h.say("alice: !open legendary")  # owns no crate
    assert await _feed_rows(h.pool) == []


# -- the drain ---------------------------------------------------------------------------------


class Recording:
    def __init__(self) -> None:
        self.items: list[FeedItem] = []
        self.changed = asyncio.Condition()

    async def publish(self, item: FeedItem, /) -> None:
        async with self.changed:
            self.items.append(item)
            self.changed.notify_all()

    async def wait(self, count: int) -> None:
        async with asyncio.timeout(5), self.changed:
            await self.changed.wait_for(lambda: len(self.items) >= count)


class Failing:
    def __init__(self) -> None:
        self.calls = 0

    async def publish(self, item: FeedItem, /) -> None:
        self.calls += 1
        raise ConnectionError("discord is down")


class PostsThenCrashes:
    """Posts through ``inner``, then raises once: a crash after posting, before the mark."""

    def __init__(self, inner: DiscordFeedPublisher) -> None:
        self.inner = inner
        self.crashed = False

    async def publish(self, item: FeedItem, /) -> None:
        await self.inner.publish(item)
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("process died before marking the row delivered")


async def test_drain_publishes_each_row_once_and_marks_it(h: Harness) -> None:
    rows = await legendary_moments(h)
    sink = Recording()
    drain = OutboxDrain(h.pool, sink, interval=0.05, batch=1)
    assert await drain.drain() == 2
    assert [i.outbox_id for i in sink.items] == [r["outbox_id"] for r in rows]
    assert sink.items[1].title == "💎 Legendary crate opened"
    assert await drain.drain() == 0
    assert len(sink.items) == 2
    assert all(r["delivered_at"] is not None for r in await _feed_rows(h.pool))


async def test_failure_backs_off_then_parks_after_max_attempts(h: Harness) -> None:
    await legendary_moments(h)
    failing = Failing()
    drain = OutboxDrain(h.pool, failing, batch=10, max_attempts=2, backoff=0.0)
    with capture_logs() as logs:
        assert await drain.run_once() == 0
        first = await _feed_rows(h.pool)
        assert [r["attempts"] for r in first] == [1, 1]
        assert all("discord is down" in r["last_error"] for r in first)
        assert await drain.run_once() == 0  # backoff 0: due again
    rows = await _feed_rows(h.pool)
    assert [r["attempts"] for r in rows] == [2, 2]
    parked = await h.pool.fetchval("SELECT count(*) FROM outbox WHERE available_at = 'infinity'")
    assert parked == 2
    assert sum(1 for e in logs if e["event"] == "outbox.gave_up") == 2
    assert await drain.run_once() == 0 and failing.calls == 4  # parked rows are left alone


async def test_backoff_pushes_the_retry_out(h: Harness) -> None:
    await legendary_moments(h)
    drain = OutboxDrain(h.pool, Failing(), batch=10, backoff=30.0)
    await drain.run_once()
    wait = await h.pool.fetchval(
        "SELECT min(extract(epoch FROM available_at - now())) FROM outbox WHERE kind = 'feed'"
    )
    assert 20 < wait <= 30
    assert await drain.claim() == []


async def feed_channel(h: Harness, channel_id: int = 4242) -> tuple[FakeChannel, DiscordFeedPublisher]:
    await h.pool.execute(
        "INSERT INTO discord_server_config (discord_guild_id, feed_channel_id) VALUES ('500', $1)",
        str(channel_id),
    )
    channel = FakeChannel(channel_id, guild=SimpleNamespace(id=500))
    publisher = DiscordFeedPublisher(
        FakeChannels(channel), provider=DatabaseFeedChannels(h.pool), window_seconds=0.0
    )
    return channel, publisher


async def test_feed_item_reaches_the_channel_once_across_a_drain_restart(h: Harness) -> None:
    await legendary_moments(h)
    channel, publisher = await feed_channel(h)
    crashing = PostsThenCrashes(publisher)
    first = OutboxDrain(h.pool, crashing, batch=1, backoff=0.0)
    assert await first.run_once() == 0  # posted, then "crashed" before the mark
    assert len(channel.posts) == 1
    second = OutboxDrain(h.pool, publisher, batch=10, backoff=0.0)  # the restarted drain
    assert await second.drain() == 2
    titles = [p.embed.title for p in channel.posts]
    assert len(titles) == 2 and len(set(titles)) == 2  # each moment once, none twice
    rows = await _feed_rows(h.pool)
    assert all(r["delivered_at"] is not None for r in rows)
    assert [r["attempts"] for r in rows] == [1, 0]


async def test_a_drain_that_dies_after_claiming_loses_nothing(h: Harness) -> None:
    await legendary_moments(h)
    channel, publisher = await feed_channel(h)
    dead = OutboxDrain(h.pool, publisher, batch=10, lease=0.3)
    assert len(await dead.claim()) == 2  # ... and the process dies here
    survivor = OutboxDrain(h.pool, publisher, batch=10, lease=0.3)
    assert await survivor.run_once() == 0  # still leased to the dead drain
    await asyncio.sleep(0.35)
    assert await survivor.drain() == 2
    assert len(channel.posts) == 2


async def test_concurrent_drains_never_take_the_same_row(h: Harness) -> None:
    await h.say("alice: !checkin")
    for n in range(12):
        h.advance(seconds=5)
        await h.say(f"mod [broadcaster]: !givecrate alice legendary round {n}")
    assert len(await _feed_rows(h.pool)) == 12
    sinks = [Recording() for _ in range(3)]
    drains = [OutboxDrain(h.pool, s, batch=2) for s in sinks]
    counts = await asyncio.gather(*(d.drain() for d in drains))
    assert sum(counts) == 12
    delivered = [i.outbox_id for s in sinks for i in s.items]
    assert len(delivered) == len(set(delivered)) == 12


async def test_running_drain_delivers_in_the_background_and_stops(h: Harness) -> None:
    sink = Recording()
    drain = OutboxDrain(h.pool, sink, interval=0.05)
    drain.start()
    try:
        await legendary_moments(h)
        await sink.wait(2)
    finally:
        await drain.stop()
    assert len(sink.items) == 2


# -- tokens ------------------------------------------------------------------------------------


def _token(platform: Platform, account: str, access: str, **kw: object) -> OAuthToken:
    fields: dict[str, object] = {
        "refresh_token": f"r-{access}",
        "scopes": ("user:read:chat", "user:write:chat"),
        "expires_at": datetime(2030, 1, 1, tzinfo=UTC),
    }
    fields.update(kw)
    return OAuthToken(platform=platform, account=account, access_token=access, **fields)  # type: ignore[arg-type]


async def test_token_store_round_trips_and_overwrites(pool: asyncpg.Pool) -> None:
    store = DatabaseTokenStore(pool)
    assert await store.load(Platform.TWITCH, "1") is None
    bot = _token(Platform.TWITCH, "1", "secret-access-1")
    owner = _token(Platform.TWITCH, "2", "secret-access-2", scopes=("channel:bot", "channel:read:redemptions"))
    kick = _token(Platform.KICK, "1", "secret-kick", refresh_token="", expires_at=None)
    with capture_logs() as logs:
        for token in (bot, owner, kick):
            await store.save(token)
    assert await store.load(Platform.TWITCH, "1") == bot
    assert await store.load(Platform.KICK, "1") == kick
    assert list(await store.load_all(Platform.TWITCH)) == [bot, owner]
    refreshed = _token(Platform.TWITCH, "1", "secret-access-3", expires_at=datetime.now(UTC) + timedelta(hours=4))
    await store.save(refreshed)
    assert await store.load(Platform.TWITCH, "1") == refreshed
    roles = dict(await pool.fetch("SELECT account_id, account_role FROM platform_tokens WHERE platform = 'twitch'"))
    assert roles == {"1": "bot", "2": "broadcaster"}
    assert await pool.fetchval("SELECT refresh_token FROM platform_tokens WHERE platform = 'kick'") is None
    assert "secret" not in repr(logs)


async def test_token_store_refuses_console_tokens(pool: asyncpg.Pool) -> None:
    with pytest.raises(ValueError):
        await DatabaseTokenStore(pool).save(_token(Platform.CONSOLE, "1", "a"))


# -- Discord lookups ---------------------------------------------------------------------------


async def test_feed_channels_per_guild_and_for_all(pool: asyncpg.Pool) -> None:
    await pool.execute(
        "INSERT INTO discord_server_config (discord_guild_id, commands_channel_id, feed_channel_id) "
        "VALUES ('1', '10', '11'), ('2', '20', NULL), ('3', NULL, '31')"
    )
    channels = DatabaseFeedChannels(pool)
    assert list(await channels("")) == ["11", "31"]
    assert list(await channels("3")) == ["31"]
    assert list(await channels("2")) == []
    assert list(await channels("dm")) == []


async def test_autocomplete_reads_players_items_and_shop(h: Harness) -> None:
    await h.say("alice: !checkin", "alfred: !checkin", "bob: !checkin")
    alice = await h.user_id("alice")
    await h.pool.execute("UPDATE users SET discord_user_id = '1001' WHERE user_id = $1", alice)
    h.advance(seconds=5)
    await h.say("mod [broadcaster]: !giveitem alice mantis blades")
    await h.say("alice: !shop")
    complete = DatabaseAutocomplete(h.pool)
    assert list(await complete.players("500", "AL")) == ["alice", "alfred"]  # Discord players first
    assert list(await complete.players("500", "@b")) == ["bob"]
    assert "Mantis Blades" in await complete.owned_items("1001", "man")
    assert list(await complete.owned_items("1001", "zzz")) == []
    shop = await complete.shop_items("1001", "")
    stocked = await h.pool.fetch(
        "SELECT i.item_name FROM player_shop_inventory s JOIN items i USING (item_id) "
        "WHERE s.user_id = $1 ORDER BY s.shop_item_id",
        alice,
    )
    assert list(shop) == [r["item_name"] for r in stocked] and shop
    assert list(await complete.owned_items("999", "")) == []
