"""Shared pieces for the Kick adapter tests: a recording sink, fakes, a running adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.kick import KickAdapter
from bot.config import KickSettings, Settings
from bot.events import ChatMessage, Event, Platform, Reply
from bot.ports import OAuthToken
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_tokens import MemoryTokenStore
from tests.fakes.kick_webhook import KickSigner

BROADCASTER = "123456789"  # the fixtures' broadcaster user id
BOT = "4242"


@dataclass
class RecordingSink:
    """The adapter's port boundary: records events, dedupes like the pipeline promises to.

    ``accepted`` holds the events a pipeline would act on: the first with a given event id and
    the first with a given payload hash. ``!``-lines are answered with one threaded reply.
    """

    events: list[Event] = field(default_factory=list)
    accepted: list[Event] = field(default_factory=list)
    fail: bool = False
    reply: Callable[[ChatMessage], Sequence[Reply]] | None = None
    _seen: set[tuple[str, str]] = field(default_factory=set)

    async def __call__(self, event: Event, /) -> Sequence[Reply]:
        if self.fail:
            raise ConnectionError("database unavailable")
        self.events.append(event)
        keys = {("id", event.event_id)}
        if event.payload_hash:
            keys.add(("hash", event.payload_hash))
        if keys & self._seen:
            return ()
        self._seen |= keys
        self.accepted.append(event)
        if isinstance(event, ChatMessage) and event.text.startswith("!"):
            if self.reply is not None:
                return self.reply(event)
            return (
                Reply(
                    platform=Platform.KICK,
                    channel=event.channel,
                    text=f"{event.sender.display_name} ran {event.text}",
                    reply_to=event.message_id,
                ),
            )
        return ()


def make_settings(api: KickApiFake, **overrides: Any) -> Settings:
    kick: dict[str, Any] = {
        "enabled": True,
        "client_id": api.client_id,
        "client_secret": api.client_secret,
        "bot_user_id": BOT,
        "channels": [BROADCASTER],
        "api_url": api.url,
        "oauth_url": api.url,
        "send_interval_seconds": 0,
        "send_backoff_seconds": 0.01,
        "send_backoff_max_seconds": 0.05,
        "reconcile_interval_seconds": 0,
        "http_timeout_seconds": 5,
        "pusher_backoff_min_seconds": 0.01,
        "pusher_backoff_max_seconds": 0.05,
    }
    kick.update(overrides)
    return Settings(_env_file=None, kick=KickSettings(**kick))  # type: ignore[call-arg]


def seed_bot_token(api: KickApiFake, store: MemoryTokenStore, **extra: Any) -> OAuthToken:
    access, refresh = api.issue_user_token(BOT)
    token = OAuthToken(
        platform=Platform.KICK,
        account=BOT,
        access_token=access,
        refresh_token=refresh,
        scopes=("chat:write",),
        expires_at=extra.get("expires_at", datetime.now(UTC) + timedelta(hours=1)),
    )
    store.tokens[(Platform.KICK, BOT)] = token
    return token


@pytest.fixture(scope="session")
def signer() -> KickSigner:
    return KickSigner()


@pytest.fixture
async def kick_api(signer: KickSigner) -> AsyncIterator[KickApiFake]:
    async with KickApiFake(public_key_pem=signer.public_pem) as fake:
        yield fake


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def token_store() -> MemoryTokenStore:
    return MemoryTokenStore()


@dataclass
class Running:
    adapter: KickAdapter
    client: TestClient[web.Request, web.Application]
    api: KickApiFake
    sink: RecordingSink
    tokens: MemoryTokenStore


@pytest.fixture
async def running(
    kick_api: KickApiFake,
    sink: RecordingSink,
    token_store: MemoryTokenStore,
    signer: KickSigner,
) -> AsyncIterator[Running]:
    """A started webhook-mode adapter behind a real aiohttp server on 127.0.0.1."""
    seed_bot_token(kick_api, token_store)
    settings = make_settings(kick_api, public_key_pem=signer.public_pem)
    adapter = KickAdapter(settings, sink, token_store)
    app = web.Application()
    adapter.add_routes(app)
    client = TestClient(TestServer(app, host="127.0.0.1", port=0))
    await client.start_server()
    await adapter.start()
    try:
        yield Running(adapter, client, kick_api, sink, token_store)
    finally:
        await adapter.stop()
        await client.close()
