"""No token or secret in any log line: `kingpin run` at DEBUG against failing platforms.

`kingpin run` is started as a real process (its own logging set-up, every library's logging on)
against the local Twitch and Kick fakes with tokens they reject, against a hostile server that
answers 500 and echoes back every header and form field it was sent, and against ports that
refuse connections. Every seeded secret is then looked for in stdout, stderr and the log.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from bot.db import create_pool
from bot.events import Platform
from bot.ports import OAuthToken
from bot.redaction import REDACTED, Redactor, describe_error
from bot.tokens import DatabaseTokenStore
from tests.fakes.kick_api import KickApiFake
from tests.fakes.twitch_eventsub import FakeEventSub
from tests.fakes.twitch_helix import FakeTwitchApi

TWITCH_BOT = "11111"
KICK_BOT = "4242"
SECRETS = {
    "twitch_access": "twAccessTok3nSeeded0123456789",
    "twitch_refresh": "twRefreshTok3nSeeded0123456789",
    "twitch_client_secret": "twClientSecretSeeded0123456789",
    "kick_access": "kickAccessTok3nSeeded0123456789",
    "kick_refresh": "kickRefreshTok3nSeeded0123456789",
    "kick_client_secret": "kickClientSecretSeeded0123456789",
    "discord": "MTAxMjM0NTY3ODkwMTIzNDU2Nzg5.GaBcDe.SeededDiscordTokenValue0123456789ab",
    "db_password": "dbPasswordSeeded0123456789",
}


async def _seed_tokens(db_url: str) -> None:
    pool = await create_pool(db_url, size=1)
    try:
        store = DatabaseTokenStore(pool)
        soon = datetime.now(UTC) + timedelta(hours=2)
        await store.save(OAuthToken(
            platform=Platform.TWITCH, account=TWITCH_BOT, access_token=SECRETS["twitch_access"],
            refresh_token=SECRETS["twitch_refresh"], scopes=("user:bot",), expires_at=soon,
        ))
        await store.save(OAuthToken(
            platform=Platform.KICK, account=KICK_BOT, access_token=SECRETS["kick_access"],
            refresh_token=SECRETS["kick_refresh"], scopes=("chat:write",), expires_at=soon,
        ))
    finally:
        await pool.close()


async def _echo_500(request: web.Request) -> web.Response:
    """A hostile platform: every request fails and the body echoes what was sent."""
    sent = {"headers": dict(request.headers), "form": dict(await request.post()), "query": request.query_string}
    return web.json_response({"message": json.dumps(sent), "error": "server_error"}, status=500)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _kingpin_run(env_overrides: dict[str, str], tmp_data: str) -> tuple[int, str, str]:
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("TWITCH__", "KICK__", "DISCORD__", "DATABASE_URL"))
    }
    env.update({
        "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json", "DATA_DIR": tmp_data, "HTTP_PORT": "0",
        "TWITCH__ENABLED": "true", "TWITCH__CLIENT_ID": "fake-client-id",
        "TWITCH__CLIENT_SECRET": SECRETS["twitch_client_secret"],
        "TWITCH__BOT_USER_ID": TWITCH_BOT, "TWITCH__CHANNELS": "22222",
        "TWITCH__HTTP_TIMEOUT_SECONDS": "5",
        "KICK__ENABLED": "true", "KICK__CLIENT_ID": "kick-client",
        "KICK__CLIENT_SECRET": SECRETS["kick_client_secret"],
        "KICK__BOT_USER_ID": KICK_BOT, "KICK__CHANNELS": "123456789",
        "KICK__RECONCILE_INTERVAL_SECONDS": "0", "KICK__HTTP_TIMEOUT_SECONDS": "5",
        "DISCORD__TOKEN": SECRETS["discord"],
    })
    env.update(env_overrides)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None and proc.stdout is not None
    err = b""
    try:
        # Read the log until start-up is over (something ran, or nothing could), then SIGTERM.
        async with asyncio.timeout(120):
            while b"kingpin.running" not in err and b"kingpin.nothing_started" not in err:
                line = await proc.stderr.readline()
                if not line:
                    break
                err += line
        if proc.returncode is None:
            proc.terminate()
        async with asyncio.timeout(60):
            rest, out = await asyncio.gather(proc.stderr.read(), proc.stdout.read())
            await proc.wait()
        err += rest
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode or 0, out.decode(errors="replace"), err.decode(errors="replace")


def _with_password(db_url: str) -> str:
    """The test database URL with the seeded password (trust auth ignores it)."""
    scheme, rest = db_url.split("://", 1)
    user_host = rest.split("@", 1)
    if len(user_host) == 2 and ":" not in user_host[0]:
        return f"{scheme}://{user_host[0]}:{SECRETS['db_password']}@{user_host[1]}"
    return db_url


@pytest.mark.parametrize("platforms", ["fakes", "hostile", "refused"])
async def test_failing_start_logs_no_secret(db_url: str, tmp_path: object, platforms: str) -> None:
    await _seed_tokens(db_url)
    eventsub = FakeEventSub()
    await eventsub.start()
    twitch = FakeTwitchApi(eventsub)
    await twitch.start()
    hostile = web.Application()
    hostile.router.add_route("*", "/{tail:.*}", _echo_500)
    runner = web.AppRunner(hostile)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    hostile_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    closed = f"http://127.0.0.1:{_closed_port()}"
    try:
        async with KickApiFake() as kick:
            urls = {
                "fakes": (twitch.oauth_url, twitch.helix_url, eventsub.url, kick.url),
                "hostile": (hostile_url + "/", hostile_url + "/helix/", "ws" + closed[4:], hostile_url),
                "refused": (closed + "/", closed + "/helix/", "ws" + closed[4:], closed),
            }[platforms]
            code, out, err = await _kingpin_run(
                {
                    "DATABASE_URL": _with_password(db_url),
                    "TWITCH__OAUTH_URL": urls[0], "TWITCH__HELIX_URL": urls[1],
                    "TWITCH__EVENTSUB_WS_URL": urls[2],
                    "KICK__API_URL": urls[3], "KICK__OAUTH_URL": urls[3],
                },
                str(tmp_path),
            )
    finally:
        await runner.cleanup()
        await twitch.stop()
        await eventsub.stop()
    everything = out + err
    for name, secret in SECRETS.items():
        assert secret not in everything, f"{name} leaked:\n{everything}"
    assert "twitch.not_started" in everything, everything
    if platforms != "fakes":  # the Kick fake accepts the app; elsewhere Kick logs its failure
        assert "kick.not_started" in everything or "kick.subscriptions.failed" in everything, everything
    assert '"level": "debug"' in everything  # DEBUG really was on


def test_redactor_covers_headers_keys_urls_and_configured_values() -> None:
    r = Redactor(["configured-secret-value"])
    line = (
        "headers=<CIMultiDictProxy('Authorization': 'Bearer abcdef123456', 'X': 'OAuth zyx98765')> "
        "form access_token=tok123456&refresh_token=ref123456 {\"client_secret\": \"cs123456\"} "
        "postgresql://kingpin:pw123456@db/kingpin configured-secret-value "
        + SECRETS["discord"]
    )
    clean = r.text(line)
    for leaked in ("abcdef123456", "zyx98765", "tok123456", "ref123456", "cs123456", "pw123456",
                   "configured-secret-value", SECRETS["discord"]):
        assert leaked not in clean
    assert clean.count(REDACTED) >= 8
    event = r(None, "info", {"event": "x", "token": "t0ken-value", "error": ValueError("Bearer qwerty12345")})
    assert event["token"] == REDACTED and "qwerty12345" not in event["error"]


def test_client_errors_are_described_without_headers_or_query() -> None:
    from aiohttp import ClientResponseError, RequestInfo
    from multidict import CIMultiDict, CIMultiDictProxy
    from yarl import URL

    headers = CIMultiDictProxy(CIMultiDict({"Authorization": "Bearer secret-in-header-123"}))
    url = URL("https://api.example/helix/users?code=secret-in-query-456")
    exc = ClientResponseError(RequestInfo(url, "GET", headers, url), (), status=503, message="down")
    text = describe_error(exc)
    assert text == "ClientResponseError status=503 GET https://api.example/helix/users"
    assert "secret-in-header-123" in repr(exc)  # what the old code logged
