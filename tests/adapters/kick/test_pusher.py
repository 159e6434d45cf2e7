"""Pusher mode against a websockets fake on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web

from adapters.kick import KickAdapter
from adapters.kick.pusher import Reconnect, reconnect_policy
from bot.events import ChatMessage
from tests.adapters.kick.conftest import (
    BROADCASTER,
    RecordingSink,
    make_settings,
    seed_bot_token,
)
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_pusher import PusherFake
from tests.fakes.kick_tokens import MemoryTokenStore
from tests.fakes.kick_webhook import FIXTURES

ROOM = "chatrooms.2346570.v2"


def frame(name: str, **data_changes: Any) -> dict[str, Any]:
    recorded = json.loads((FIXTURES / "pusher" / name).read_text())
    recorded["data"].update(data_changes)
    return recorded


@dataclass
class PusherRun:
    adapter: KickAdapter
    fake: PusherFake
    api: KickApiFake
    sink: RecordingSink


async def _start(
    kick_api: KickApiFake, fake: PusherFake, **overrides: Any
) -> tuple[KickAdapter, RecordingSink]:
    store = MemoryTokenStore()
    seed_bot_token(kick_api, store)
    settings = make_settings(
        kick_api,
        mode="pusher",
        pusher_url=fake.url,
        chatroom_ids=["2346570"],
        **overrides,
    )
    sink = RecordingSink()
    adapter = KickAdapter(settings, sink, store)
    await adapter.start()
    return adapter, sink


@pytest.fixture
async def pusher_run(kick_api: KickApiFake) -> AsyncIterator[PusherRun]:
    async with PusherFake() as fake:
        adapter, sink = await _start(kick_api, fake)
        try:
            await fake.wait_for(lambda f: f.subscriptions == [ROOM])
            yield PusherRun(adapter, fake, kick_api, sink)
        finally:
            await adapter.stop()


async def wait_until(predicate: Any, within: float = 5.0) -> None:
    """Poll state the adapter changes without a signal (sink records, subscription acks)."""

    async def poll() -> None:
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), within)


async def test_connects_subscribes_and_gets_the_ack(pusher_run: PusherRun) -> None:
    assert pusher_run.fake.connections == 1
    pusher = pusher_run.adapter.pusher
    assert pusher is not None
    await wait_until(lambda: pusher.subscribed == {ROOM})


async def test_chat_messages_reach_the_sink_and_are_answered(pusher_run: PusherRun) -> None:
    await pusher_run.fake.push(frame("chat_message.viewer.json"))
    await pusher_run.fake.push(frame("chat_message.moderator.json"))  # "!ping"
    await wait_until(lambda: len(pusher_run.sink.accepted) == 2)
    viewer, moderator = pusher_run.sink.accepted
    assert isinstance(viewer, ChatMessage) and isinstance(moderator, ChatMessage)
    assert viewer.channel == moderator.channel == BROADCASTER
    assert viewer.text == "Hello chat"
    assert moderator.event_id == "59778b1e-9c4d-42e3-a1c7-8cf6de3eee7a"
    assert moderator.sender.is_moderator
    await pusher_run.adapter.drain()
    [post] = pusher_run.api.chat_posts
    assert post.body["broadcaster_user_id"] == int(BROADCASTER)
    assert post.body["reply_to_message_id"] == moderator.message_id


async def test_bot_own_messages_and_other_events_are_dropped(pusher_run: PusherRun) -> None:
    await pusher_run.fake.push(
        frame(
            "chat_message.viewer.json",
            sender={
                "id": 4242,
                "username": "kingpin_bot",
                "slug": "kingpin_bot",
                "identity": {"badges": []},
            },
        )
    )
    await pusher_run.fake.push(frame("gifted_subscriptions.json"))
    await pusher_run.fake.push(frame("chat_message.broadcaster.json"))
    await wait_until(lambda: len(pusher_run.sink.events) == 1)
    await asyncio.sleep(0.05)
    [event] = pusher_run.sink.events
    assert event.sender.is_broadcaster  # type: ignore[union-attr]


async def test_server_ping_is_answered(pusher_run: PusherRun) -> None:
    await pusher_run.fake.ping_clients()
    await pusher_run.fake.wait_for(lambda f: f.client_pongs == 1)


async def test_client_pings_when_idle(kick_api: KickApiFake) -> None:
    async with PusherFake() as fake:
        adapter, _ = await _start(kick_api, fake, pusher_activity_timeout_seconds=0.1)
        try:
            await fake.wait_for(lambda f: f.client_pings >= 2)
            assert fake.connections == 1
        finally:
            await adapter.stop()


async def test_missing_pong_reconnects(kick_api: KickApiFake) -> None:
    async with PusherFake(answer_pings=False) as fake:
        adapter, _ = await _start(
            kick_api,
            fake,
            pusher_activity_timeout_seconds=0.05,
            pusher_pong_timeout_seconds=0.1,
        )
        try:
            await fake.wait_for(lambda f: f.connections >= 2 and len(f.subscriptions) >= 2)
        finally:
            await adapter.stop()


@pytest.mark.parametrize("code", [4200, 4100, 1011])
async def test_server_close_then_reconnect(pusher_run: PusherRun, code: int) -> None:
    await pusher_run.fake.close_all(code, "bye")
    await pusher_run.fake.wait_for(lambda f: f.connections == 2 and f.subscriptions == [ROOM] * 2)
    await pusher_run.fake.push(frame("chat_message.viewer.json"))
    await wait_until(lambda: len(pusher_run.sink.accepted) == 1)


async def test_fatal_close_code_stops(pusher_run: PusherRun) -> None:
    await pusher_run.fake.close_all(4001, "app disabled")
    await asyncio.sleep(0.2)  # several backoff periods: nothing must reconnect
    assert pusher_run.fake.connections == 1


async def test_reconnects_after_the_server_was_down(kick_api: KickApiFake) -> None:
    async with PusherFake() as gone:
        pass
    # Nothing listens on that port now: the adapter keeps retrying with backoff.
    adapter, _ = await _start(kick_api, gone)
    try:
        await asyncio.sleep(0.1)
        async with PusherFake(port=gone.port) as back:
            await back.wait_for(lambda f: f.subscriptions == [ROOM])
    finally:
        await adapter.stop()


async def test_pusher_mode_adds_no_webhook_route(kick_api: KickApiFake) -> None:
    settings = make_settings(kick_api, mode="pusher", chatroom_ids=["1"])
    adapter = KickAdapter(settings, RecordingSink(), MemoryTokenStore())
    app = web.Application()
    adapter.add_routes(app)
    assert list(app.router.routes()) == []


def test_close_code_policy() -> None:
    assert reconnect_policy(4000) is Reconnect.STOP
    assert reconnect_policy(4099) is Reconnect.STOP
    assert reconnect_policy(4100) is Reconnect.BACKOFF
    assert reconnect_policy(4200) is Reconnect.NOW
    assert reconnect_policy(4299) is Reconnect.NOW
    assert reconnect_policy(1006) is Reconnect.BACKOFF
    assert reconnect_policy(None) is Reconnect.BACKOFF


def test_chatroom_ids_must_match_channels(kick_api: KickApiFake) -> None:
    from adapters.kick.pusher import PusherChat

    settings = make_settings(kick_api, mode="pusher", chatroom_ids=[])
    with pytest.raises(ValueError):
        PusherChat(settings.kick, sink=RecordingSink(), replies=RecordingReplies())


class RecordingReplies:
    async def send(self, reply: Any, /) -> None:
        pass


async def test_sink_failure_keeps_the_socket_running(pusher_run: PusherRun) -> None:
    pusher_run.sink.fail = True
    await pusher_run.fake.push(frame("chat_message.viewer.json"))
    await asyncio.sleep(0.05)
    pusher_run.sink.fail = False
    await pusher_run.fake.push(frame("chat_message.moderator.json"))
    await wait_until(lambda: len(pusher_run.sink.accepted) == 1)
    assert pusher_run.fake.connections == 1
