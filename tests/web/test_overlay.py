"""The overlay over a real WebSocket: token, initial state, events from chat actions, reconnect."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
import websockets

from tests.web.conftest import TOKEN, Web, serving


async def _next(ws: Any, kind: str) -> dict[str, Any]:
    """The next event of ``kind`` (others are skipped). The bound only keeps a broken hub from
    hanging the run: latency is measured by benchmarks/overlay_load.py, not asserted here."""
    async with asyncio.timeout(10.0):
        while True:
            event = json.loads(await ws.recv())
            if event["type"] == kind:
                return event


async def test_token_is_required(web: Web) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/overlay", "/overlay?token=wrong", "/overlay/ws", "/overlay/ws?token=nope"):
            async with http.get(web.base + path) as resp:
                assert resp.status == 401, path
        async with http.get(f"{web.base}/overlay?token={TOKEN}&widgets=crown,toasts") as resp:
            assert resp.status == 200
            page = await resp.text()
    assert "/overlay/overlay.js" in page and "<script src=\"http" not in page  # no CDN
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(web.ws.replace(TOKEN, "wrong")):
            pass
    assert refused.value.response.status_code == 401


async def test_assets_are_served(web: Web) -> None:
    async with aiohttp.ClientSession() as http:
        for name, kind in (("overlay.js", "javascript"), ("overlay.css", "css")):
            async with http.get(f"{web.base}/overlay/{name}") as resp:
                assert resp.status == 200 and kind in resp.content_type
                assert len(await resp.read()) > 500


async def test_initial_state_shows_the_live_session(web: Web) -> None:
    await web.h.say("streamer [broadcaster]: /live Friday heist night", "alice: /bits 500")
    await web.hub.refresh()
    async with websockets.connect(web.ws) as ws:
        first = json.loads(await ws.recv())
    assert first["type"] == "state"
    assert first["session"]["title"] == "Friday heist night"
    assert first["standings"] == [{"name": "alice", "cents": 500}]


async def test_session_and_standings_arrive_after_the_chat_action(web: Web) -> None:
    async with websockets.connect(web.ws) as ws:
        assert json.loads(await ws.recv())["type"] == "state"
        await web.h.say("streamer [broadcaster]: /live Go time")
        session = await _next(ws, "session")
        assert session["session"]["title"] == "Go time"
        await web.h.say("bob: /sub")
        standings = await _next(ws, "standings")
        assert standings["top"][0]["name"] == "bob" and standings["top"][0]["cents"] > 0
        await web.h.say("streamer [broadcaster]: /offline", "streamer [broadcaster]: !endsession")
        ended = await _next(ws, "session")
        assert ended["session"] is None


async def test_crown_change_in_the_database_becomes_a_crown_event(web: Web) -> None:
    await web.h.say("streamer [broadcaster]: /live", "carol: /bits 1000")  # carol is crowned
    async with websockets.connect(web.ws) as ws:
        assert json.loads(await ws.recv())["type"] == "state"
        await web.h.say("dave: /bits 2000")  # a bigger total takes the crown
        crown = await _next(ws, "crown")
        if crown["holder"] == "carol":  # the hub may report carol's crowning first
            crown = await _next(ws, "crown")
    assert crown["holder"] == "dave" and crown["total_cents"] == 2000


async def test_legendary_crate_is_a_big_win(web: Web) -> None:
    await web.h.say("dave: !checkin")
    async with websockets.connect(web.ws) as ws:
        assert json.loads(await ws.recv())["type"] == "state"
        await web.h.say("streamer [broadcaster]: !givecrate dave legendary")
        win = await _next(ws, "big_win")
    assert "dave" in win["text"] and "legendary" in win["text"].lower()


async def test_a_restarted_server_serves_the_state_again(web: Web) -> None:
    await web.h.say("streamer [broadcaster]: /live Back again")
    port = web.server.port
    assert port is not None
    async with websockets.connect(web.ws) as ws:
        assert json.loads(await ws.recv())["type"] == "state"
        await web.server.stop()
        with pytest.raises(websockets.ConnectionClosed):
            async with asyncio.timeout(5):
                while True:
                    await ws.recv()
    async with serving(web.h, web.dsn, port=port) as again, websockets.connect(again.ws) as ws:
        state = json.loads(await ws.recv())
    assert state["type"] == "state" and state["session"]["title"] == "Back again"
