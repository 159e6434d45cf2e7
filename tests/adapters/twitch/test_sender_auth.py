"""Send-rate window, long replies, and the login helper, against the Helix/OAuth fake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio

from adapters.twitch import login_flow
from adapters.twitch.auth import BOT_SCOPES, BROADCASTER_SCOPES, OAuthClient, TokenManager
from adapters.twitch.helix import HelixClient
from adapters.twitch.sender import TwitchSender
from bot.events import Platform, Reply
from tests.adapters.twitch.conftest import BOT, CHANNEL, OTHER, Twitch


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def make_sender(
    twitch: Twitch, http: aiohttp.ClientSession, time: FakeTime, **overrides: object
) -> TwitchSender:
    settings = twitch.settings.model_copy(update=overrides)
    tokens = TokenManager(settings, twitch.store, OAuthClient(settings, http))
    await tokens.load()
    return TwitchSender(
        settings, HelixClient(settings, http, tokens), clock=time.clock, sleep=time.sleep
    )


async def test_send_rate_window_queues_instead_of_dropping(
    twitch: Twitch, http: aiohttp.ClientSession
) -> None:
    time = FakeTime()
    sender = await make_sender(twitch, http, time, send_rate_limit=2, send_rate_window_seconds=30.0)
    for n in range(5):
        await sender.send(Reply(platform=Platform.TWITCH, channel=CHANNEL, text=f"line {n}"))
    await sender.drain()
    await sender.close()
    assert [s["message"] for s in twitch.api.sent] == [f"line {n}" for n in range(5)]
    assert time.sleeps == [30.0, 30.0]


async def test_channels_have_separate_windows(twitch: Twitch, http: aiohttp.ClientSession) -> None:
    time = FakeTime()
    sender = await make_sender(twitch, http, time, send_rate_limit=1)
    for channel in (CHANNEL, OTHER):
        await sender.send(Reply(platform=Platform.TWITCH, channel=channel, text="hi"))
    await sender.drain()
    await sender.close()
    assert sorted(s["broadcaster_id"] for s in twitch.api.sent) == sorted([CHANNEL, OTHER])
    assert time.sleeps == []


async def test_long_reply_is_split_and_every_part_is_threaded(
    twitch: Twitch, http: aiohttp.ClientSession
) -> None:
    sender = await make_sender(twitch, http, FakeTime())
    text = "first line\n" + " ".join(["inventory"] * 80)
    await sender.send(Reply(platform=Platform.TWITCH, channel=CHANNEL, text=text, reply_to="m-1"))
    await sender.drain()
    await sender.close()
    parts = [s["message"] for s in twitch.api.sent]
    assert len(parts) == 2 and all(len(p) <= 500 for p in parts)
    assert " ".join(parts) == text.replace("\n", " ")
    assert {s["reply_parent_message_id"] for s in twitch.api.sent} == {"m-1"}


async def test_mention_without_thread_is_prefixed(
    twitch: Twitch, http: aiohttp.ClientSession
) -> None:
    sender = await make_sender(twitch, http, FakeTime())
    await sender.send(
        Reply(platform=Platform.TWITCH, channel=CHANNEL, text="you won", mention="viewer32")
    )
    await sender.drain()
    await sender.close()
    assert twitch.api.sent[0]["message"] == "@viewer32 you won"
    assert "reply_parent_message_id" not in twitch.api.sent[0]


async def test_token_near_expiry_is_refreshed_before_use(
    twitch: Twitch, http: aiohttp.ClientSession
) -> None:
    twitch.api.expires_in = 60  # validate reports the token expires within the refresh margin
    settings = twitch.settings
    tokens = TokenManager(settings, twitch.store, OAuthClient(settings, http))
    await tokens.load()
    assert {t.account for t in twitch.store.saved} == {BOT, OTHER}
    assert tokens.token(BOT).access_token != twitch.bot_token


async def test_login_flow_saves_the_bot_token(twitch: Twitch, http: aiohttp.ClientSession) -> None:
    lines: list[str] = []
    task = asyncio.create_task(
        login_flow(twitch.settings, twitch.store, out=lines.append, session=http)
    )
    await asyncio.wait_for(twitch.api.device_requested.wait(), 5)
    twitch.api.approve_device(BOT, "kingpinbot")
    token = await asyncio.wait_for(task, 5)
    assert token.account == BOT and set(token.scopes) == set(BOT_SCOPES)
    assert twitch.store.saved[-1] == token and token.access_token in twitch.api.access
    assert "/activate" in lines[0] and "BOT account" in lines[0]
    assert not any(line.startswith("Warning") for line in lines)


async def test_login_flow_for_a_broadcaster_asks_broadcaster_scopes(
    twitch: Twitch, http: aiohttp.ClientSession
) -> None:
    lines: list[str] = []
    task = asyncio.create_task(
        login_flow(twitch.settings, twitch.store, out=lines.append, broadcaster=True, session=http)
    )
    await asyncio.wait_for(twitch.api.device_requested.wait(), 5)
    twitch.api.approve_device("555", "newstreamer")
    token = await asyncio.wait_for(task, 5)
    assert token.account == "555" and set(token.scopes) == set(BROADCASTER_SCOPES)
    assert any("TWITCH__CHANNELS" in line for line in lines)
