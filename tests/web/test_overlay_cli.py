"""`kingpin overlay url` prints a URL whose token the overlay accepts; the token is kept."""

from __future__ import annotations

import asyncio
import os
import sys
from urllib.parse import parse_qs, urlsplit

import aiohttp

from bot.config import Settings
from bot.http import HttpServer, create_app
from bot.web.service import serve_web
from tests.harness import harness


async def _overlay_url(db_url: str, **env: str) -> str:
    environ = {**os.environ, "DATABASE_URL": db_url, "LOG_FORMAT": "json", **env}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "overlay", "url", "--widgets", "crown,toasts",
        env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, err.decode()
    return out.decode().strip().splitlines()[-1]


async def test_printed_url_opens_the_overlay(db_url: str) -> None:
    first = await _overlay_url(db_url, HTTP_PORT="8765")
    again = await _overlay_url(db_url, HTTP_PORT="8765")
    assert first == again  # generated once, then kept in the database
    parts = urlsplit(first)
    query = parse_qs(parts.query)
    assert parts.path == "/overlay" and parts.port == 8765
    assert query["widgets"] == ["crown,toasts"] and len(query["token"][0]) >= 24

    async with harness(db_url) as h:
        web_app = create_app()
        settings = Settings(_env_file=None)  # no OVERLAY__TOKEN: the stored one is used
        async with serve_web(web_app, h.pool, db_url, settings, h.clock, h.app.game.rules):
            server = HttpServer(web_app, "127.0.0.1", 0)
            await server.start()
            try:
                url = first.replace(":8765", f":{server.port}")
                async with aiohttp.ClientSession() as http, http.get(url) as resp:
                    assert resp.status == 200 and "overlay.js" in await resp.text()
            finally:
                await server.stop()


async def test_configured_token_wins(db_url: str) -> None:
    url = await _overlay_url(db_url, OVERLAY__TOKEN="my-own-secret-token")
    assert "token=my-own-secret-token" in url
