"""A running app with its HTTP server (overlay + public pages) on a free port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest_asyncio

from bot.config import Settings
from bot.http import HttpServer, create_app
from bot.web.hub import OverlayHub
from bot.web.service import serve_web
from tests.harness import Harness, harness

TOKEN = "test-overlay-token-abc123"


@dataclass
class Web:
    h: Harness
    hub: OverlayHub
    server: HttpServer
    dsn: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.server.port}/overlay/ws?token={TOKEN}"


@contextlib.asynccontextmanager
async def serving(h: Harness, dsn: str, port: int = 0, ttl: float = 5.0) -> AsyncIterator[Web]:
    settings = Settings(overlay={"token": TOKEN, "page_cache_seconds": ttl}, _env_file=None)
    web_app = create_app()
    async with serve_web(web_app, h.pool, dsn, settings, h.clock, h.app.game.rules) as hub:
        assert hub is not None
        server = HttpServer(web_app, "127.0.0.1", port)
        await server.start()
        try:
            yield Web(h, hub, server, dsn)
        finally:
            await server.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def web(db_url: str) -> AsyncIterator[Web]:
    async with harness(db_url) as h, serving(h, db_url) as running:
        yield running
