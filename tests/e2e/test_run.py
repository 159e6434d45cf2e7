"""``kingpin run`` and the login verbs, against the Twitch and Kick fakes on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
import pytest
import pytest_asyncio
from structlog.testing import capture_logs

from adapters.twitch.auth import BOT_SCOPES
from bot.clock import SimulatedClock
from bot.config import DiscordSettings, KickSettings, Settings, TwitchSettings
from bot.db import create_pool
from bot.events import Platform
from bot.ports import OAuthToken
from bot.runner import Services, login, run_platforms
from bot.tokens import DatabaseTokenStore
from tests.adapters.twitch.conftest import BOT, CHANNEL, chat
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_webhook import FIXTURES, KickSigner
from tests.fakes.twitch_eventsub import FakeEventSub
from tests.fakes.twitch_helix import FakeTwitchApi
from tests.harness import START

KICK_BOT = "4242"
KICK_USER = "987654321"


@dataclass
class Fakes:
    eventsub: FakeEventSub
    twitch: FakeTwitchApi
    kick: KickApiFake
    signer: KickSigner
    db_url: str

    def settings(self, **overrides: Any) -> Settings:
        twitch = TwitchSettings(
            enabled=True,
            client_id=self.twitch.client_id,
            bot_user_id=BOT,
            channels=[CHANNEL],
            eventsub_ws_url=self.eventsub.url,
            helix_url=self.twitch.helix_url,
            oauth_url=self.twitch.oauth_url,
            reconnect_backoff_seconds=0.05,
            send_retry_seconds=0.01,
            http_timeout_seconds=3,
        )
        kick = KickSettings(
            enabled=True,
            client_id=self.kick.client_id,
            client_secret=self.kick.client_secret,  # type: ignore[arg-type]
            bot_user_id=KICK_BOT,
            channels=["123456789"],
            api_url=self.kick.url,
            oauth_url=self.kick.url,
            public_key_pem=self.signer.public_pem,
            send_interval_seconds=0,
            reconcile_interval_seconds=0,
            http_timeout_seconds=5,
        )
        fields: dict[str, Any] = {
            "database_url": self.db_url,
            "http_host": "127.0.0.1",
            "http_port": 0,
            "db_pool_size": 4,
            "twitch": twitch,
            "kick": kick,
        }
        fields.update(overrides)
        return Settings(_env_file=None, **fields)  # type: ignore[call-arg]

    async def store_tokens(self, *, twitch: bool = True, kick: bool = True) -> None:
        pool = await create_pool(self.db_url, size=1)
        try:
            store = DatabaseTokenStore(pool)
            soon = datetime.now(UTC) + timedelta(hours=2)
            if twitch:
                access, refresh = self.twitch.add_user(BOT, "kingpinbot", BOT_SCOPES)
                await store.save(
                    OAuthToken(
                        platform=Platform.TWITCH, account=BOT, access_token=access,
                        refresh_token=refresh, scopes=BOT_SCOPES, expires_at=soon,
                    )
                )
            if kick:
                access, refresh = self.kick.issue_user_token(KICK_BOT)
                await store.save(
                    OAuthToken(
                        platform=Platform.KICK, account=KICK_BOT, access_token=access,
                        refresh_token=refresh, scopes=("chat:write",), expires_at=soon,
                    )
                )
        finally:
            await pool.close()


@pytest_asyncio.fixture(loop_scope="session")
async def fakes(db_url: str) -> AsyncIterator[Fakes]:
    eventsub = FakeEventSub()
    await eventsub.start()
    twitch = FakeTwitchApi(eventsub)
    await twitch.start()
    signer = KickSigner()
    try:
        async with KickApiFake(public_key_pem=signer.public_pem) as kick:
            yield Fakes(eventsub, twitch, kick, signer, db_url)
    finally:
        await twitch.stop()
        await eventsub.stop()


async def eventually(check: Callable[[], bool], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


@dataclass
class Running:
    task: asyncio.Task[int]
    services: Services
    stop: asyncio.Event


async def start_run(settings: Settings) -> Running:
    stop = asyncio.Event()
    started: asyncio.Future[Services] = asyncio.get_running_loop().create_future()

    async def on_started(services: Services) -> None:
        started.set_result(services)

    task = asyncio.create_task(
        run_platforms(settings, clock=SimulatedClock(START), until=stop.wait, on_started=on_started)
    )
    done, _ = await asyncio.wait({task, started}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        raise AssertionError(f"run ended early with {task.result()}")
    return Running(task, started.result(), stop)


async def post_kick(fakes: Fakes, port: int, body: bytes) -> int:
    headers = fakes.signer.headers(body, "chat.message.sent")
    async with aiohttp.ClientSession() as http, http.post(
        f"http://127.0.0.1:{port}/kick/webhook", data=body, headers=headers
    ) as resp:
        return resp.status


def kick_line(text: str) -> bytes:
    import json

    data = json.loads((FIXTURES / "kick" / "chat.message.sent.viewer.json").read_text())
    data["content"] = text
    return json.dumps(data).encode()


async def test_run_serves_twitch_and_kick_and_stops_cleanly(fakes: Fakes) -> None:
    await fakes.store_tokens()
    with capture_logs() as logs:
        run = await start_run(fakes.settings())
        services = run.services
        assert services.started == ["twitch", "kick"] and services.failed == []
        assert services.drain is None  # no Discord: no feed publisher
        assert services.twitch is not None and services.http is not None and services.http.port
        async with asyncio.timeout(5):
            await services.twitch.wait_ready()

        payload = chat("!checkin")
        await fakes.eventsub.notify(payload)
        await eventually(lambda: len(fakes.twitch.sent) == 1)
        assert "day 1 streak" in fakes.twitch.sent[0]["message"]

        assert await post_kick(fakes, services.http.port, kick_line("!checkin")) == 200
        await eventually(lambda: len(fakes.kick.chat_posts) == 1)
        assert "day 1 streak" in fakes.kick.chat_posts[0].body["content"]

        run.stop.set()
        assert await asyncio.wait_for(run.task, 30) == 0
    running = next(e for e in logs if e["event"] == "kingpin.running")
    assert running["adapters"] == ["twitch", "kick"]
    assert any(e["event"] == "kingpin.stopped" for e in logs)
    assert fakes.eventsub.live_sessions() == []  # EventSub closed
    with pytest.raises(aiohttp.ClientConnectionError):  # the HTTP server is gone
        await post_kick(fakes, services.http.port, kick_line("!balance"))
    conn = await asyncpg.connect(fakes.db_url)
    try:
        rows = await conn.fetch(
            "SELECT twitch_user_id, kick_user_id, wealth FROM users ORDER BY user_id"
        )
    finally:
        await conn.close()
    assert [(r["twitch_user_id"], r["kick_user_id"], r["wealth"]) for r in rows] == [
        ("4145994", None, 200),
        (None, KICK_USER, 200),
    ]


async def test_missing_twitch_token_is_reported_and_kick_keeps_running(fakes: Fakes) -> None:
    await fakes.store_tokens(twitch=False)
    with capture_logs() as logs:
        run = await start_run(fakes.settings(discord=DiscordSettings(enabled=True)))
        assert run.services.started == ["kick"] and run.services.failed == ["twitch", "discord"]
        assert run.services.drain is None
        assert run.services.http is not None and run.services.http.port
        assert await post_kick(fakes, run.services.http.port, kick_line("!checkin")) == 200
        run.stop.set()
        assert await asyncio.wait_for(run.task, 30) == 0
    [error] = [e for e in logs if e["event"] == "twitch.not_started"]
    assert error["log_level"] == "error" and "kingpin twitch login" in error["fix"]
    [discord] = [e for e in logs if e["event"] == "discord.not_started"]
    assert "DISCORD__TOKEN" in discord["reason"]
    assert "access_token" not in repr(logs) and fakes.kick.chat_posts  # replies went out


async def test_run_fails_when_no_enabled_platform_can_start(fakes: Fakes) -> None:
    with capture_logs() as logs:
        code = await run_platforms(fakes.settings(), clock=SimulatedClock(START), until=asyncio.Event().wait)
    assert code == 1
    kick = next(e for e in logs if e["event"] == "kick.not_started")
    assert "kingpin kick login" in kick["fix"]
    assert any(e["event"] == "kingpin.nothing_started" for e in logs)


async def test_run_without_platforms_opens_the_console(
    fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("alice: !checkin\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    off = fakes.settings(twitch=TwitchSettings(), kick=KickSettings())
    assert await run_platforms(off, clock=SimulatedClock(START)) == 0
    conn = await asyncpg.connect(fakes.db_url)
    try:
        assert await conn.fetchval("SELECT wealth FROM users WHERE console_user_id = 'alice'") == 200
    finally:
        await conn.close()


async def test_twitch_login_stores_the_token_in_the_database(fakes: Fakes) -> None:
    settings = fakes.settings()

    async def approve() -> None:
        await asyncio.wait_for(fakes.twitch.device_requested.wait(), 10)
        fakes.twitch.approve_device(BOT, "kingpinbot")

    approver = asyncio.create_task(approve())
    assert await asyncio.wait_for(login(settings, Platform.TWITCH), 20) == 0
    await approver
    conn = await asyncpg.connect(fakes.db_url)
    try:
        row = await conn.fetchrow(
            "SELECT account_role, scopes FROM platform_tokens WHERE platform = 'twitch' AND account_id = $1",
            BOT,
        )
    finally:
        await conn.close()
    assert row is not None and row["account_role"] == "bot"
    assert tuple(row["scopes"]) == BOT_SCOPES


async def test_run_schedules_jobs_and_announces_to_every_chat(fakes: Fakes) -> None:
    from bot.announce import announce

    await fakes.store_tokens()
    run = await start_run(fakes.settings())
    services = run.services
    assert services.scheduler is not None and services.announcer is not None
    assert services.twitch is not None
    async with asyncio.timeout(5):
        await services.twitch.wait_ready()
    conn = await asyncpg.connect(fakes.db_url)
    try:
        async with conn.transaction():
            await announce(conn, "👑 The crown moves to ann!")
        await eventually(lambda: any("crown moves" in m["message"] for m in fakes.twitch.sent))
        await eventually(lambda: any("crown moves" in p.body["content"] for p in fakes.kick.chat_posts))
        # The scheduler ticked on the run's clock: every job ran its latest slot once.
        for _ in range(250):
            if await conn.fetchval("SELECT count(DISTINCT job) FROM job_runs") >= 10:
                break
            await asyncio.sleep(0.02)
        assert await conn.fetchval("SELECT count(*) FROM job_runs WHERE status <> 'ok'") == 0
        assert await conn.fetchval("SELECT count(DISTINCT job) FROM job_runs") >= 10
    finally:
        await conn.close()
        run.stop.set()
        assert await asyncio.wait_for(run.task, 30) == 0
    assert sum("crown moves" in m["message"] for m in fakes.twitch.sent) == 1
