"""Replies through the fake chat API: Bearer token, threading, splitting, pacing, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from adapters.kick.client import BotToken, KickApi
from adapters.kick.send import MAX_MESSAGE_CHARS, ChatSender
from bot.events import Platform, Reply
from bot.format import split
from tests.adapters.kick.conftest import BOT, BROADCASTER, Running, make_settings, seed_bot_token
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_tokens import MemoryTokenStore


def split_message(text: str) -> list[str]:
    """What the Kick sender cuts a reply into: the one reply splitter, flattened."""
    return split(text, MAX_MESSAGE_CHARS, flatten=True)


def reply(text: str, reply_to: str | None = None, **kw: object) -> Reply:
    return Reply(platform=Platform.KICK, channel=BROADCASTER, text=text, reply_to=reply_to, **kw)  # type: ignore[arg-type]


def test_split_short_and_flattened() -> None:
    assert split_message("one\ntwo\r\n  three") == ["one two three"]
    assert split_message("   ") == []


def test_split_at_last_space() -> None:
    words = " ".join(f"w{i:03d}" for i in range(300))  # 1499 chars
    chunks = split_message(words)
    assert all(len(c) <= 500 for c in chunks)
    assert " ".join(chunks) == words
    assert all(not c.startswith(" ") and not c.endswith(" ") for c in chunks)
    assert len(chunks[0]) == 499  # 100 words of 4 chars + 99 spaces


def test_split_without_spaces_cuts_hard() -> None:
    assert split_message("x" * 1200) == ["x" * 500, "x" * 500, "x" * 200]
    assert split_message("y" * 500) == ["y" * 500]


async def test_long_reply_is_split_and_only_first_chunk_threads(running: Running) -> None:
    text = "\n".join(f"line {i} " + "z" * 40 for i in range(30))
    await running.adapter.send(reply(text, "m-1"))
    await running.adapter.drain()
    posts = running.api.chat_posts
    assert len(posts) > 2
    assert all(len(p.body["content"]) <= 500 for p in posts)
    assert " ".join(p.body["content"] for p in posts) == " ".join(text.split())
    assert posts[0].body["reply_to_message_id"] == "m-1"
    assert all("reply_to_message_id" not in p.body for p in posts[1:])
    token = running.tokens.tokens[(Platform.KICK, BOT)].access_token
    assert {p.token for p in posts} == {token}


async def test_mention_without_thread_is_prefixed(running: Running) -> None:
    await running.adapter.send(reply("you win", mention="alice"))
    await running.adapter.send(reply("you lose", "m-2", mention="bob"))
    await running.adapter.drain()
    assert [p.body["content"] for p in running.api.chat_posts] == ["@alice you win", "you lose"]


async def test_429_and_5xx_are_retried(running: Running) -> None:
    running.api.chat_failures.extend([(429, "0"), (503, None), (429, None)])
    await running.adapter.send(reply("finally"))
    await running.adapter.drain()
    assert running.api.chat_attempts == 4
    assert [p.body["content"] for p in running.api.chat_posts] == ["finally"]


async def test_gives_up_after_max_attempts_and_moves_on(running: Running) -> None:
    running.api.chat_failures.extend([(500, None)] * 5)
    await running.adapter.send(reply("lost"))
    await running.adapter.send(reply("next"))
    await running.adapter.drain()
    assert [p.body["content"] for p in running.api.chat_posts] == ["next"]


async def test_401_refreshes_and_saves_the_new_token(running: Running) -> None:
    old = running.tokens.tokens[(Platform.KICK, BOT)]
    running.api.revoke(old.access_token)
    await running.adapter.send(reply("after refresh"))
    await running.adapter.drain()
    [post] = running.api.chat_posts
    saved = running.tokens.tokens[(Platform.KICK, BOT)]
    assert saved.access_token == post.token != old.access_token
    assert saved.refresh_token != old.refresh_token  # Kick rotates refresh tokens
    assert running.tokens.saves == [saved]
    assert running.api.token_requests[-1]["grant_type"] == "refresh_token"


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_token_near_expiry_is_refreshed_first(
    kick_api: KickApiFake, http: aiohttp.ClientSession
) -> None:
    store = MemoryTokenStore()
    old = seed_bot_token(kick_api, store, expires_at=datetime.now(UTC) + timedelta(seconds=5))
    settings = make_settings(kick_api).kick
    api = KickApi(settings, http)
    sender = ChatSender(api, BotToken(api, store, BOT), settings)
    await sender.send(reply("fresh"))
    await sender.close()
    [post] = kick_api.chat_posts
    assert post.token != old.access_token
    assert kick_api.chat_attempts == 1


async def test_pacing_one_message_per_interval(
    kick_api: KickApiFake, http: aiohttp.ClientSession
) -> None:
    store = MemoryTokenStore()
    seed_bot_token(kick_api, store)
    settings = make_settings(kick_api, send_interval_seconds=1.0).kick
    api = KickApi(settings, http)
    sleeps: list[float] = []
    posted_before_sleep: list[int] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        posted_before_sleep.append(len(kick_api.chat_posts))

    sender = ChatSender(api, BotToken(api, store, BOT), settings, sleep=fake_sleep)
    for text in ("a", "b", "c"):
        await sender.send(reply(text))
    await sender.close()
    assert [p.body["content"] for p in kick_api.chat_posts] == ["a", "b", "c"]
    assert sleeps == [1.0, 1.0, 1.0]
    assert posted_before_sleep == [1, 2, 3]


async def test_retry_after_is_honoured(kick_api: KickApiFake, http: aiohttp.ClientSession) -> None:
    store = MemoryTokenStore()
    seed_bot_token(kick_api, store)
    settings = make_settings(kick_api, send_backoff_max_seconds=30).kick
    api = KickApi(settings, http)
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kick_api.chat_failures.extend([(429, "7"), (502, None), (500, None)])
    sender = ChatSender(api, BotToken(api, store, BOT), settings, sleep=fake_sleep)
    await sender.send(reply("x"))
    await sender.close()
    # Retry-After 7, then exponential from the base backoff (0.01 doubled once).
    assert sleeps[:3] == [7.0, 0.01, 0.02]
    assert len(kick_api.chat_posts) == 1


async def test_no_stored_token_sends_nothing(
    kick_api: KickApiFake, http: aiohttp.ClientSession
) -> None:
    settings = make_settings(kick_api).kick
    api = KickApi(settings, http)
    sender = ChatSender(api, BotToken(api, MemoryTokenStore(), BOT), settings)
    await sender.send(reply("nobody home"))
    await sender.close()
    assert kick_api.chat_attempts == 0
