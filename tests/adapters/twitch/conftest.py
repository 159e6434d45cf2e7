"""Fakes for the Twitch adapter: EventSub + Helix/OAuth on 127.0.0.1 and a recording sink."""

from __future__ import annotations

import asyncio
import copy
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest_asyncio

from adapters.twitch import TwitchAdapter
from adapters.twitch.auth import BOT_SCOPES, BROADCASTER_SCOPES
from bot.config import TwitchSettings
from bot.events import ChatMessage, Event, Platform, Reply
from bot.ports import OAuthToken
from tests.fakes.twitch_eventsub import FakeEventSub, FakeSession, load_fixture
from tests.fakes.twitch_helix import FakeTwitchApi
from tests.fakes.twitch_tokens import MemoryTokenStore

BOT = "2914196"
CHANNEL = "1971641"  # chat fixtures' broadcaster
OTHER = "1337"  # stream/redemption fixtures' broadcaster (also a served channel)
CLIENT_SECRET = "fake-client-secret-7f3a"


def checkin_replies(event: Event) -> Sequence[Reply]:
    if isinstance(event, ChatMessage) and event.text.startswith("!checkin"):
        return [
            Reply(
                platform=Platform.TWITCH,
                channel=event.channel,
                text=f"{event.sender.display_name} checked in",
                reply_to=event.message_id,
            )
        ]
    return []


class RecordingSink:
    """The adapter's port boundary: records events, answers with canned replies."""

    def __init__(self, replies: Callable[[Event], Sequence[Reply]] = checkin_replies) -> None:
        self.events: list[Event] = []
        self.replies = replies
        self.fail_next = 0
        self._changed = asyncio.Condition()

    async def __call__(self, event: Event, /) -> Sequence[Reply]:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("database unavailable")
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()
        return self.replies(event)

    async def wait_for(self, predicate: Callable[[list[Event]], bool]) -> None:
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(lambda: predicate(self.events))

    async def wait_event(self, event_id: str) -> Event:
        await self.wait_for(lambda events: any(e.event_id == event_id for e in events))
        return next(e for e in self.events if e.event_id == event_id)


def chat(text: str, fixture: str = "channel.chat.message.viewer", **changes: Any) -> dict[str, Any]:
    """A chat notification payload with a fresh chat message id."""
    payload = copy.deepcopy(load_fixture(fixture))
    payload["event"]["message_id"] = str(uuid.uuid4())
    payload["event"]["message"] = {
        "text": text,
        "fragments": [
            {"type": "text", "text": text, "cheermote": None, "emote": None, "mention": None}
        ],
    }
    payload["event"].update(changes)
    return payload


@dataclass
class Twitch:
    eventsub: FakeEventSub
    api: FakeTwitchApi
    store: MemoryTokenStore
    sink: RecordingSink
    settings: TwitchSettings
    bot_token: str
    adapters: list[TwitchAdapter] = field(default_factory=list)

    def adapter(self, **overrides: Any) -> TwitchAdapter:
        settings = self.settings.model_copy(update=overrides) if overrides else self.settings
        adapter = TwitchAdapter(settings, sink=self.sink, token_store=self.store)
        self.adapters.append(adapter)
        return adapter

    async def started(self, **overrides: Any) -> TwitchAdapter:
        adapter = self.adapter(**overrides)
        async with asyncio.timeout(10):
            await adapter.start()  # returns once every session is connected and subscribed
        return adapter

    def bot_session(self) -> FakeSession:
        sub = next(
            s
            for s in self.eventsub.subscriptions.values()
            if s.type == "channel.chat.message" and s.condition["broadcaster_user_id"] == CHANNEL
        )
        return next(s for s in self.eventsub.sessions if s.id == sub.session_id)

    async def say(self, text: str, **changes: Any) -> ChatMessage:
        """Send a chat line and wait until the sink has it."""
        payload = chat(text, **changes)
        await self.eventsub.notify(payload)
        event = await self.sink.wait_event(payload["event"]["message_id"])
        assert isinstance(event, ChatMessage)
        return event


@pytest_asyncio.fixture
async def twitch() -> AsyncIterator[Twitch]:
    eventsub = FakeEventSub()
    await eventsub.start()
    api = FakeTwitchApi(eventsub, client_secret=CLIENT_SECRET)
    await api.start()
    bot_access, bot_refresh = api.add_user(BOT, "kingpinbot", BOT_SCOPES)
    owner_access, owner_refresh = api.add_user(OTHER, "cool_user", BROADCASTER_SCOPES)
    soon = datetime.now(UTC) + timedelta(hours=4)
    store = MemoryTokenStore(
        OAuthToken(
            platform=Platform.TWITCH,
            account=BOT,
            access_token=bot_access,
            refresh_token=bot_refresh,
            scopes=BOT_SCOPES,
            expires_at=soon,
        ),
        OAuthToken(
            platform=Platform.TWITCH,
            account=OTHER,
            access_token=owner_access,
            refresh_token=owner_refresh,
            scopes=BROADCASTER_SCOPES,
            expires_at=soon,
        ),
    )
    settings = TwitchSettings(
        enabled=True,
        client_id=api.client_id,
        client_secret=CLIENT_SECRET,
        bot_user_id=BOT,
        channels=[CHANNEL, OTHER],
        eventsub_ws_url=eventsub.url,
        helix_url=api.helix_url,
        oauth_url=api.oauth_url,
        keepalive_timeout_seconds=1,
        keepalive_grace_seconds=0.5,
        reconnect_backoff_seconds=0.05,
        reconnect_backoff_max_seconds=0.2,
        send_retry_seconds=0.01,
        sink_retry_seconds=0.01,
        http_timeout_seconds=3,
    )
    harness = Twitch(eventsub, api, store, RecordingSink(), settings, bot_access)
    try:
        yield harness
    finally:
        for adapter in harness.adapters:
            await adapter.stop()
        await api.stop()
        await eventsub.stop()
