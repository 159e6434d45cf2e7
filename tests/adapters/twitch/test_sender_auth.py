"""Send-rate window, long replies, and the login helper, against the Helix/OAuth fake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest_asyncio

from adapters.twitch import TwitchAuthError, login_flow
from adapters.twitch.auth import BOT_SCOPES, BROADCASTER_SCOPES
from adapters.twitch.sender import RateLimitReset, TwitchSender
from adapters.twitch.transport import TwitchClient, point_twitchio_at
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


@dataclass
class Clients:
    """twitchio clients over the fakes, logged in with the stored tokens (no EventSub)."""

    twitch: Twitch
    session: aiohttp.ClientSession
    made: list[TwitchClient] = field(default_factory=list)

    async def logged_in(self, **overrides: object) -> TwitchClient:
        settings = self.twitch.settings.model_copy(update=overrides)
        point_twitchio_at(settings)
        client = TwitchClient(
            settings, self.twitch.store, deliver=lambda _: None, session=self.session
        )
        self.made.append(client)
        await client.login()
        return client


@pytest_asyncio.fixture
async def clients(twitch: Twitch) -> AsyncIterator[Clients]:
    async with aiohttp.ClientSession() as session:
        made = Clients(twitch, session)
        yield made
        for client in made.made:
            await client.close()


async def make_sender(clients: Clients, time: FakeTime, **overrides: object) -> TwitchSender:
    client = await clients.logged_in(**overrides)
    settings = clients.twitch.settings.model_copy(update=overrides)
    return TwitchSender(settings, client, RateLimitReset(), clock=time.clock, sleep=time.sleep)


async def test_send_rate_window_queues_instead_of_dropping(
    twitch: Twitch, clients: Clients
) -> None:
    time = FakeTime()
    sender = await make_sender(clients, time, send_rate_limit=2, send_rate_window_seconds=30.0)
    for n in range(5):
        await sender.send(Reply(platform=Platform.TWITCH, channel=CHANNEL, text=f"line {n}"))
    await sender.drain()
    await sender.close()
    assert [s["message"] for s in twitch.api.sent] == [f"line {n}" for n in range(5)]
    assert time.sleeps == [30.0, 30.0]


async def test_channels_have_separate_windows(twitch: Twitch, clients: Clients) -> None:
    time = FakeTime()
    sender = await make_sender(clients, time, send_rate_limit=1)
    for channel in (CHANNEL, OTHER):
        await sender.send(Reply(platform=Platform.TWITCH, channel=channel, text="hi"))
    await sender.drain()
    await sender.close()
    assert sorted(s["broadcaster_id"] for s in twitch.api.sent) == sorted([CHANNEL, OTHER])
    assert time.sleeps == []


async def test_long_reply_is_split_and_every_part_is_threaded(
    twitch: Twitch, clients: Clients
) -> None:
    sender = await make_sender(clients, FakeTime())
    text = "first line\n" + " ".join(["inventory"] * 80)
    await sender.send(Reply(platform=Platform.TWITCH, channel=CHANNEL, text=text, reply_to="m-1"))
    await sender.drain()
    await sender.close()
    parts = [s["message"] for s in twitch.api.sent]
    assert len(parts) == 2 and all(len(p) <= 500 for p in parts)
    assert " ".join(parts) == text.replace("\n", " ")
    assert {s["reply_parent_message_id"] for s in twitch.api.sent} == {"m-1"}


async def test_mention_without_thread_is_prefixed(twitch: Twitch, clients: Clients) -> None:
    sender = await make_sender(clients, FakeTime())
    await sender.send(
        Reply(platform=Platform.TWITCH, channel=CHANNEL, text="you won", mention="viewer32")
    )
    await sender.drain()
    await sender.close()
    assert twitch.api.sent[0]["message"] == "@viewer32 you won"
    assert "reply_parent_message_id" not in twitch.api.sent[0]


async def test_token_near_expiry_is_refreshed_and_saved_at_login(
    twitch: Twitch, clients: Clients
) -> None:
    twitch.api.expires_in = 60  # validate reports the tokens expire within twitchio's hour
    client = await clients.logged_in()
    await twitch.store.wait_saved(2)
    assert {t.account for t in twitch.store.saved} == {BOT, OTHER}
    assert client.tokens[BOT]["token"] != twitch.bot_token
    saved = twitch.store.tokens[(Platform.TWITCH, BOT)]
    assert saved.access_token == client.tokens[BOT]["token"] in twitch.api.access
    assert saved.refresh_token in twitch.api.refresh and set(saved.scopes) == set(BOT_SCOPES)
    assert saved.expires_at is not None


async def test_login_flow_saves_the_bot_token(twitch: Twitch) -> None:
    lines: list[str] = []
    task = asyncio.create_task(login_flow(twitch.settings, twitch.store, out=lines.append))
    await asyncio.wait_for(twitch.api.device_requested.wait(), 5)
    twitch.api.approve_device(BOT, "kingpinbot")
    token = await asyncio.wait_for(task, 5)
    assert token.account == BOT and set(token.scopes) == set(BOT_SCOPES)
    assert twitch.store.saved[-1] == token and token.access_token in twitch.api.access
    assert "/activate" in lines[0] and "BOT account" in lines[0]
    assert not any(line.startswith("Warning") for line in lines)


async def test_login_flow_for_a_broadcaster_asks_broadcaster_scopes(twitch: Twitch) -> None:
    lines: list[str] = []
    task = asyncio.create_task(
        login_flow(twitch.settings, twitch.store, out=lines.append, broadcaster=True)
    )
    await asyncio.wait_for(twitch.api.device_requested.wait(), 5)
    twitch.api.approve_device("555", "newstreamer")
    token = await asyncio.wait_for(task, 5)
    assert token.account == "555" and set(token.scopes) == set(BROADCASTER_SCOPES)
    assert any("TWITCH__CHANNELS" in line for line in lines)


async def test_reply_to_a_vanished_message_is_sent_unthreaded(
    twitch: Twitch, clients: Clients
) -> None:
    sender = await make_sender(clients, FakeTime())
    twitch.api.fail_next = [400]  # Twitch: the parent message is gone
    await sender.send(Reply(platform=Platform.TWITCH, channel=CHANNEL, text="hi", reply_to="m-1"))
    await sender.drain()
    await sender.close()
    assert twitch.api.sent == [{"broadcaster_id": CHANNEL, "sender_id": BOT, "message": "hi"}]


async def test_login_flow_refused_code_is_a_clear_error(twitch: Twitch) -> None:
    task = asyncio.create_task(login_flow(twitch.settings, twitch.store, out=lambda _: None))
    await asyncio.wait_for(twitch.api.device_requested.wait(), 5)
    twitch.api.devices.clear()  # Twitch forgot the code: "invalid device code"
    try:
        await asyncio.wait_for(task, 5)
    except TwitchAuthError as exc:
        assert "kingpin twitch login" in str(exc)
    else:
        raise AssertionError("login_flow succeeded without an approved code")
    assert twitch.store.saved == []
