"""``login_flow``: PKCE authorization code against the fake OAuth server, browser simulated."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from adapters.kick import login_flow
from adapters.kick.login import LoginFailed
from bot.events import Platform
from tests.adapters.kick.conftest import make_settings
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_tokens import MemoryTokenStore


async def authorize_url_from(out: list[str]) -> str:
    for _ in range(500):
        match = re.search(r"(http://127\.0\.0\.1:\d+/oauth/authorize\?\S+)", "\n".join(out))
        if match:
            return match.group(1)
        await asyncio.sleep(0.01)
    raise AssertionError("no authorize URL printed")


async def test_login_saves_the_token_under_the_kick_user_id(kick_api: KickApiFake) -> None:
    settings = make_settings(
        kick_api, bot_user_id="", login_redirect_uri="http://127.0.0.1:0/kick/callback"
    )
    store = MemoryTokenStore()
    out: list[str] = []
    flow = asyncio.create_task(login_flow(settings, store, out=out.append))
    url = await authorize_url_from(out)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect"] == ["127.0.0.1"]  # Kick's 127.0.0.1 rewrite workaround
    assert query["scope"] == ["user:read chat:write events:subscribe"]
    async with aiohttp.ClientSession() as browser, browser.get(url) as resp:
        assert resp.status == 200  # followed the redirect to our listener
        assert "logged in" in await resp.text()
    token = await asyncio.wait_for(flow, 5)
    assert token.account == "4242" and token.platform is Platform.KICK
    assert store.tokens[(Platform.KICK, "4242")] == token
    assert token.refresh_token and token.expires_at is not None
    assert "KICK__BOT_USER_ID=4242" in "\n".join(out)
    grant = kick_api.token_requests[-1]
    assert grant["grant_type"] == "authorization_code" and grant["code_verifier"]


async def test_wrong_state_is_refused_and_flow_times_out(kick_api: KickApiFake) -> None:
    settings = make_settings(
        kick_api,
        login_redirect_uri="http://localhost:0/cb",
        login_timeout_seconds=0.5,
    )
    out: list[str] = []
    flow = asyncio.create_task(login_flow(settings.kick, MemoryTokenStore(), out=out.append))
    for _ in range(500):
        match = re.search(r"redirect to (http://localhost:\d+/cb)", "\n".join(out))
        if match:
            break
        await asyncio.sleep(0.01)
    assert match
    callback = match.group(1).replace("localhost", "127.0.0.1")
    async with (
        aiohttp.ClientSession() as browser,
        browser.get(callback, params={"code": "x", "state": "forged"}) as resp,
    ):
        assert resp.status == 400
    with pytest.raises(LoginFailed):
        await flow
    assert kick_api.token_requests == []
