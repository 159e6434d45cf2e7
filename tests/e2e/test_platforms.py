"""Twitch, Kick and Discord end to end: the real adapters, pipeline and database, fake platforms.

Each platform's fakes (``tests/fakes``) speak the real protocol on 127.0.0.1; the sink is the
real pipeline on a fresh database; tokens live in ``platform_tokens`` through the real store.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
import discord
import pytest_asyncio
from discord.ext import commands

from adapters.discord.cog import KingpinCog
from adapters.kick import KickAdapter
from adapters.twitch import TwitchAdapter
from adapters.twitch.auth import BOT_SCOPES, BROADCASTER_SCOPES
from bot.app import App, open_app
from bot.clock import SimulatedClock
from bot.config import KickSettings, RewardIds, Settings, TwitchSettings
from bot.discord_links import DatabaseAutocomplete
from bot.events import Event, Platform, Reply
from bot.handlers import COMMANDS
from bot.http import HttpServer, create_app
from bot.ports import EventSink, OAuthToken
from bot.tokens import DatabaseTokenStore
from tests.adapters.twitch.conftest import BOT, CHANNEL, OTHER, chat
from tests.fakes.discord_interaction import FakeMember, guild_interaction
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_webhook import FIXTURES, KickSigner
from tests.fakes.twitch_eventsub import FakeEventSub, load_fixture
from tests.fakes.twitch_helix import FakeTwitchApi
from tests.harness import START

REDEEM_PLAY = "9001"  # the redemption fixture's reward id, configured as the !play reward
VIEWER = "4145994"  # viewer32 in the chat fixtures (the moderator fixture is the same person)
GIFTER = "49912639"  # viewer23: the sub and the community gift
KICK_BROADCASTER = "123456789"
KICK_BOT = "4242"
KICK_USER = "987654321"  # sender, subscriber and gifter in the Kick fixtures


def settings() -> Settings:
    return Settings(_env_file=None, twitch=TwitchSettings(rewards=RewardIds(play=REDEEM_PLAY)))  # type: ignore[call-arg]


@pytest_asyncio.fixture(loop_scope="session")
async def app(db_url: str) -> AsyncIterator[App]:
    clock = SimulatedClock(START)
    async with open_app(db_url, settings(), clock, seed=7, pool_size=6, flush_interval=3600) as running:
        yield running


class Observed:
    """Passes every event to the real pipeline; remembers which ids it has finished."""

    def __init__(self, sink: EventSink) -> None:
        self._sink = sink
        self.done: list[str] = []
        self._changed = asyncio.Condition()

    async def __call__(self, event: Event, /) -> Sequence[Reply]:
        replies = await self._sink(event)
        async with self._changed:
            self.done.append(event.event_id)
            self._changed.notify_all()
        return replies

    async def wait(self, *event_ids: str) -> None:
        async with asyncio.timeout(10), self._changed:
            await self._changed.wait_for(lambda: all(e in self.done for e in event_ids))


async def wealth_of(pool: asyncpg.Pool, column: str, platform_id: str) -> int | None:
    """Cash held minus achievement and mission rewards (issue 16)."""
    goals = (
        "(SELECT coalesce(sum(amount), 0) FROM wealth_ledger l"
        " WHERE l.user_id = users.user_id AND l.reason IN ('achievement', 'mission'))"
    )
    sql = {
        "twitch": f"SELECT wealth - {goals} FROM users WHERE twitch_user_id = $1",
        "kick": f"SELECT wealth - {goals} FROM users WHERE kick_user_id = $1",
        "discord": f"SELECT wealth - {goals} FROM users WHERE discord_user_id = $1",
    }[column]
    return await pool.fetchval(sql, platform_id)


async def paid(pool: asyncpg.Pool, column: str, platform_id: str) -> int:
    """What support events paid a player, from ``monetization_events``."""
    sql = (
        "SELECT coalesce(sum(m.wealth_rewarded), 0) FROM monetization_events m "
        f"JOIN users u ON u.user_id = m.user_id WHERE u.{column}_user_id = $1"
    )
    return await pool.fetchval(sql, platform_id)


# -- Twitch ------------------------------------------------------------------------------------


@dataclass
class TwitchRig:
    eventsub: FakeEventSub
    api: FakeTwitchApi
    adapter: TwitchAdapter
    sink: Observed
    app: App

    async def say(self, text: str, fixture: str = "channel.chat.message.viewer", **changes: Any) -> str:
        """A chat line, processed and its replies sent; returns the chat message id."""
        payload = chat(text, fixture, **changes)
        await self.eventsub.notify(payload)
        message_id = str(payload["event"]["message_id"])
        await self.settle(message_id)
        return message_id

    async def settle(self, *event_ids: str) -> None:
        await self.sink.wait(*event_ids)
        await self.adapter.drain()

    def replies_to(self, message_id: str) -> list[str]:
        return [s["message"] for s in self.api.sent if s.get("reply_parent_message_id") == message_id]


def twitch_token(account: str, access: str, refresh: str, scopes: tuple[str, ...]) -> OAuthToken:
    return OAuthToken(
        platform=Platform.TWITCH,
        account=account,
        access_token=access,
        refresh_token=refresh,
        scopes=scopes,
        expires_at=datetime.now(UTC) + timedelta(hours=4),
    )


def twitch_settings(eventsub: FakeEventSub, api: FakeTwitchApi) -> TwitchSettings:
    return TwitchSettings(
        enabled=True,
        client_id=api.client_id,
        client_secret="secret",  # type: ignore[arg-type]
        bot_user_id=BOT,
        channels=[CHANNEL, OTHER],
        eventsub_ws_url=eventsub.url,
        helix_url=api.helix_url,
        oauth_url=api.oauth_url,
        rewards=RewardIds(play=REDEEM_PLAY),
        reconnect_backoff_seconds=0.05,
        reconnect_backoff_max_seconds=0.2,
        send_retry_seconds=0.01,
        sink_retry_seconds=0.01,
        http_timeout_seconds=3,
    )


@pytest_asyncio.fixture(loop_scope="session")
async def twitch(app: App) -> AsyncIterator[TwitchRig]:
    eventsub = FakeEventSub()
    await eventsub.start()
    api = FakeTwitchApi(eventsub, client_secret="secret")
    await api.start()
    store = DatabaseTokenStore(app.pool)
    await store.save(twitch_token(BOT, *api.add_user(BOT, "kingpinbot", BOT_SCOPES), BOT_SCOPES))
    owner = api.add_user(OTHER, "cool_user", BROADCASTER_SCOPES)
    await store.save(twitch_token(OTHER, *owner, BROADCASTER_SCOPES))
    sink = Observed(app.pipeline)
    adapter = TwitchAdapter(twitch_settings(eventsub, api), sink=sink, token_store=store)
    await adapter.start()
    try:
        async with asyncio.timeout(5):
            await adapter.wait_ready()
        yield TwitchRig(eventsub, api, adapter, sink, app)
    finally:
        await adapter.stop()
        await api.stop()
        await eventsub.stop()


async def test_twitch_checkin_is_answered_in_chat_and_changes_the_database(twitch: TwitchRig) -> None:
    message_id = await twitch.say("!checkin")
    [answer] = twitch.replies_to(message_id)
    assert "viewer32" in answer and "day 1 streak" in answer
    assert twitch.api.sent[0]["broadcaster_id"] == CHANNEL and twitch.api.sent[0]["sender_id"] == BOT
    assert await wealth_of(twitch.app.pool, "twitch", VIEWER) == 200
    processed = await twitch.app.pool.fetchval(
        "SELECT count(*) FROM processed_events WHERE platform = 'twitch' AND event_id = $1", message_id
    )
    assert processed == 1


async def test_twitch_moderator_command_works_for_moderators_only(twitch: TwitchRig) -> None:
    carol = {"chatter_user_id": "5550001", "chatter_user_login": "carol", "chatter_user_name": "Carol"}
    await twitch.say("!checkin", **carol)
    refused = await twitch.say("!jail carol 5 spam")
    assert "for moderators" in twitch.replies_to(refused)[0]
    jailed = await twitch.say("!jail carol 5 spam", fixture="channel.chat.message.moderator")
    assert twitch.replies_to(jailed)
    assert await twitch.app.pool.fetchval(
        "SELECT jailed_until IS NOT NULL FROM users WHERE twitch_user_id = '5550001'"
    )
    # money is the broadcaster's alone (spec: `bc`): a moderator is refused, the broadcaster is not
    mod_grant = await twitch.say("!givewealth carol 1000 nice", fixture="channel.chat.message.moderator")
    assert "only the broadcaster" in twitch.replies_to(mod_grant)[0]
    assert await wealth_of(twitch.app.pool, "twitch", "5550001") == 200
    granted = await twitch.say("!givewealth carol 1000 nice", fixture="channel.chat.message.broadcaster")
    assert twitch.replies_to(granted)
    assert await wealth_of(twitch.app.pool, "twitch", "5550001") == 1200
    audits = await twitch.app.pool.fetch("SELECT action, reason FROM audit_log ORDER BY audit_id")
    assert [(a["action"], a["reason"]) for a in audits] == [("jail", "spam"), ("givewealth", "nice")]


def chat_id(fixture: dict[str, Any]) -> str:
    """Chat messages and chat notices are keyed by their chat message id."""
    return str(fixture["event"]["message_id"])


async def test_twitch_supports_and_redemption_each_act_once(twitch: TwitchRig) -> None:
    notify = twitch.eventsub.notify
    sub, gift, cheer, raid = (
        load_fixture(f"channel.chat.{name}")
        for name in ("notification.sub", "notification.community_sub_gift", "message.cheer", "notification.raid")
    )
    await notify(sub)
    await notify(gift)
    for n in range(5):  # the gift bomb's per-recipient notices
        recipient = copy.deepcopy(load_fixture("channel.chat.notification.sub_gift"))
        recipient["event"]["message_id"] = f"recipient-{n}"
        recipient["event"]["sub_gift"]["community_gift_id"] = "12111455614691086754"
        await notify(recipient)
    await notify(cheer)
    await notify(raid)
    redemption = await notify(load_fixture("channel.channel_points_custom_reward_redemption.add"))
    await twitch.settle(chat_id(sub), chat_id(gift), chat_id(cheer), chat_id(raid), redemption)

    pool = twitch.app.pool
    rows = await pool.fetch(
        "SELECT event_type, quantity, wealth_rewarded FROM monetization_events "
        "WHERE platform = 'twitch' ORDER BY event_type"
    )
    assert [(r["event_type"], r["quantity"]) for r in rows] == [
        ("bits", 100),
        ("gift_sub", 5),
        ("raid", 42),
        ("sub", 1),
    ]
    assert all(r["wealth_rewarded"] > 0 for r in rows)
    assert await wealth_of(pool, "twitch", GIFTER) == await paid(pool, "twitch", GIFTER) > 0
    assert await wealth_of(pool, "twitch", VIEWER) == await paid(pool, "twitch", VIEWER) > 0
    plays = await pool.fetchval(
        "SELECT count(*) FROM game_events g JOIN users u USING (user_id) "
        "WHERE u.twitch_user_id = '9001' AND g.event_type = 'play'"
    )
    assert plays == 1


async def test_twitch_duplicate_notification_changes_nothing(twitch: TwitchRig) -> None:
    sub = load_fixture("channel.chat.notification.sub")
    await twitch.eventsub.notify(sub, message_id="dup-1")
    await twitch.settle(chat_id(sub))
    pool = twitch.app.pool
    before = await wealth_of(pool, "twitch", GIFTER)
    assert before
    await twitch.eventsub.notify(sub, message_id="dup-1")
    await twitch.say("!checkin")  # processed after the duplicate: the duplicate is done too
    assert twitch.sink.done.count(chat_id(sub)) == 2  # delivered twice, acted on once
    assert await wealth_of(pool, "twitch", GIFTER) == before
    assert await pool.fetchval("SELECT count(*) FROM monetization_events") == 1


# -- Kick --------------------------------------------------------------------------------------


@dataclass
class KickRig:
    api: KickApiFake
    adapter: KickAdapter
    signer: KickSigner
    url: str
    http: aiohttp.ClientSession

    async def post(self, body: bytes, event_type: str, message_id: str | None = None) -> int:
        headers = self.signer.headers(body, event_type, message_id=message_id)
        async with self.http.post(self.url, data=body, headers=headers) as resp:
            return resp.status

    def posts_replying_to(self, message_id: str) -> list[str]:
        return [
            p.body["content"] for p in self.api.chat_posts if p.body.get("reply_to_message_id") == message_id
        ]


def kick_body(name: str, **changes: Any) -> bytes:
    data = json.loads((FIXTURES / "kick" / name).read_text())
    data.update(changes)
    return json.dumps(data).encode()


@contextlib.asynccontextmanager
async def kick_rig(app: App) -> AsyncIterator[KickRig]:
    """A started webhook-mode Kick adapter on the bot's own HTTP server, with the real pipeline."""
    signer = KickSigner()
    async with KickApiFake(public_key_pem=signer.public_pem) as api:
        access, refresh = api.issue_user_token(KICK_BOT)
        await DatabaseTokenStore(app.pool).save(
            OAuthToken(
                platform=Platform.KICK,
                account=KICK_BOT,
                access_token=access,
                refresh_token=refresh,
                scopes=("chat:write",),
                expires_at=datetime.now(UTC) + timedelta(hours=1),
            )
        )
        kick = KickSettings(
            enabled=True,
            client_id=api.client_id,
            client_secret=api.client_secret,  # type: ignore[arg-type]
            bot_user_id=KICK_BOT,
            channels=[KICK_BROADCASTER],
            api_url=api.url,
            oauth_url=api.url,
            public_key_pem=signer.public_pem,
            send_interval_seconds=0,
            reconcile_interval_seconds=0,
            http_timeout_seconds=5,
        )
        adapter = KickAdapter(
            Settings(_env_file=None, kick=kick),  # type: ignore[call-arg]
            app.pipeline,
            DatabaseTokenStore(app.pool),
        )
        web_app = create_app()
        adapter.add_routes(web_app)
        server = HttpServer(web_app, "127.0.0.1", 0)
        await server.start()
        await adapter.start()
        try:
            async with aiohttp.ClientSession() as http:
                yield KickRig(api, adapter, signer, f"http://127.0.0.1:{server.port}/kick/webhook", http)
        finally:
            await server.stop()
            await adapter.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def kick(app: App) -> AsyncIterator[KickRig]:
    async with kick_rig(app) as rig:
        yield rig


async def test_kick_signed_checkin_is_answered_and_changes_the_database(app: App, kick: KickRig) -> None:
    body = kick_body("chat.message.sent.viewer.json", content="!checkin")
    assert await kick.post(body, "chat.message.sent", message_id="01CHECKIN") == 200
    await kick.adapter.drain()
    [answer] = kick.posts_replying_to("unique_message_id_124")
    assert "sender_name" in answer and "day 1 streak" in answer
    assert kick.api.chat_posts[0].account == KICK_BOT
    assert await wealth_of(app.pool, "kick", KICK_USER) == 200


async def test_kick_same_event_counts_once_however_it_is_resent(app: App, kick: KickRig) -> None:
    sub = kick_body("channel.subscription.new.json")
    assert await kick.post(sub, "channel.subscription.new", message_id="01SUB") == 200
    assert await kick.post(sub, "channel.subscription.new", message_id="01SUB") == 200
    assert await kick.post(sub, "channel.subscription.new", message_id="01SUB-RESENT") == 200
    statuses = await asyncio.gather(
        *(kick.post(sub, "channel.subscription.new", message_id="01SUB-STORM") for _ in range(6))
    )
    assert statuses == [200] * 6
    line = kick_body("chat.message.sent.viewer.json", content="!checkin")
    statuses = await asyncio.gather(
        *(kick.post(line, "chat.message.sent", message_id="01LINE") for _ in range(4))
    )
    assert statuses == [200] * 4
    await kick.adapter.drain()
    assert len(kick.posts_replying_to("unique_message_id_124")) == 1
    rows = await app.pool.fetch("SELECT event_type, external_event_id FROM monetization_events")
    assert [(r["event_type"], r["external_event_id"]) for r in rows] == [("sub", "01SUB")]
    assert await wealth_of(app.pool, "kick", KICK_USER) == 200 + await paid(app.pool, "kick", KICK_USER)


async def test_kick_gifted_subs_credit_the_gifter_once(app: App, kick: KickRig) -> None:
    gifts = kick_body("channel.subscription.gifts.json")
    for message_id in ("01GIFT", "01GIFT", "01GIFT-AGAIN"):
        assert await kick.post(gifts, "channel.subscription.gifts", message_id=message_id) == 200
    rows = await app.pool.fetch(
        "SELECT m.event_type, m.quantity, m.wealth_rewarded, u.kick_user_id "
        "FROM monetization_events m JOIN users u USING (user_id)"
    )
    assert [(r["event_type"], r["quantity"], r["kick_user_id"]) for r in rows] == [("gift_sub", 1, KICK_USER)]
    assert rows[0]["wealth_rewarded"] > 0
    assert await wealth_of(app.pool, "kick", KICK_USER) == rows[0]["wealth_rewarded"]


async def test_kick_answers_5xx_when_the_database_is_gone(db_url: str, server_url: str) -> None:
    clock = SimulatedClock(START)
    async with (
        open_app(db_url, settings(), clock, seed=1, pool_size=2, flush_interval=3600) as app,
        kick_rig(app) as kick,
    ):
        warm = kick_body("chat.message.sent.viewer.json", content="!checkin")
        assert await kick.post(warm, "chat.message.sent") == 200
        await kick.adapter.drain()  # the reply went out: the bot's token is loaded
        admin = await asyncpg.connect(server_url)
        try:
            name = db_url.split("?")[0].rsplit("/", 1)[1]
            await admin.execute('DROP DATABASE "' + name + '" WITH (FORCE)')
        finally:
            await admin.close()
        sub = kick_body("channel.subscription.new.json")
        assert await kick.post(sub, "channel.subscription.new") == 500  # Kick will retry
        line = kick_body("chat.message.sent.viewer.json", content="!balance")
        # A chat command that could not be recorded is not acknowledged either: Kick redelivers.
        assert await kick.post(line, "chat.message.sent") == 500


# -- Discord -----------------------------------------------------------------------------------


async def test_discord_checkin_through_the_cog_changes_the_database(app: App) -> None:
    cog = KingpinCog(app.pipeline, commands=COMMANDS.slash_commands(), prefix="!", autocomplete=DatabaseAutocomplete(app.pool), respond_within=2.0)
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    await bot.add_cog(cog)
    checkin = bot.tree.get_command("checkin")
    assert checkin is not None
    member = FakeMember(id=1001, name="dana", display_name="Dana")
    interaction = guild_interaction(id=880001, user=member)
    await checkin.callback(cog, interaction)  # type: ignore[union-attr, call-arg, arg-type]
    assert len(interaction.sent) == 1
    assert "Dana" in interaction.sent[0].text and "day 1 streak" in interaction.sent[0].text
    assert await wealth_of(app.pool, "discord", "1001") == 200
    again = guild_interaction(id=880001, user=member)  # the same interaction delivered twice
    await checkin.callback(cog, again)  # type: ignore[union-attr, call-arg, arg-type]
    assert await wealth_of(app.pool, "discord", "1001") == 200
    assert await app.pool.fetchval("SELECT count(*) FROM wealth_ledger") == 1
    names = await DatabaseAutocomplete(app.pool).players("500", "da")
    assert list(names) == ["Dana"]
