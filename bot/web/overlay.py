"""HTTP routes of the OBS overlay: the page, its assets and its WebSocket.

``GET /overlay?token=…&widgets=crown,heist,toasts`` serves one static page (HTML, JS and CSS in
``bot/web/static``, no build step, no CDN); ``GET /overlay/ws?token=…`` is the event socket: the
``state`` event first, then every event the hub publishes. Without the right token both answer
401 (compared in constant time). The assets carry no secret and need no token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from importlib import resources

from aiohttp import WSMsgType, web

from bot.web.hub import OverlayHub, encode

__all__ = ["WIDGETS", "add_overlay_routes", "overlay_url"]

WIDGETS = ("crown", "standings", "heist", "toasts")
_STATIC = resources.files("bot.web") / "static"
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
_HUB = web.AppKey("overlay_hub", OverlayHub)
_TOKEN = web.AppKey("overlay_token", str)


def overlay_url(host: str, port: int, token: str, widgets: str = "") -> str:
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    extra = f"&widgets={widgets}" if widgets else ""
    return f"http://{shown}:{port}/overlay?token={token}{extra}"


def _authorised(request: web.Request) -> bool:
    given = request.query.get("token", "")
    return hmac.compare_digest(given.encode(), request.app[_TOKEN].encode())


def _asset(name: str) -> web.Response:
    body = (_STATIC / name).read_bytes()
    suffix = name[name.rfind(".") :]
    return web.Response(
        body=body,
        content_type=_TYPES[suffix],
        charset="utf-8",
        headers={"Cache-Control": "no-cache"},
    )


async def _page(request: web.Request) -> web.Response:
    if not _authorised(request):
        raise web.HTTPUnauthorized(text="overlay token missing or wrong\n")
    return _asset("overlay.html")


async def _script(_request: web.Request) -> web.Response:
    return _asset("overlay.js")


async def _style(_request: web.Request) -> web.Response:
    return _asset("overlay.css")


async def _socket(request: web.Request) -> web.StreamResponse:
    if not _authorised(request):
        raise web.HTTPUnauthorized(text="overlay token missing or wrong\n")
    hub = request.app[_HUB]
    ws = web.WebSocketResponse(heartbeat=20.0)
    await ws.prepare(request)
    queue = hub.subscribe()
    try:
        await ws.send_str(encode(hub.snapshot()))

        async def pump() -> None:
            while (event := await queue.get()) is not None:
                await ws.send_str(event)
            await ws.close()

        sender = asyncio.create_task(pump())
        try:
            async for msg in ws:  # the page sends nothing; this waits for it to go away
                if msg.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                    break
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await sender
    finally:
        hub.unsubscribe(queue)
    return ws


def add_overlay_routes(app: web.Application, hub: OverlayHub, token: str) -> None:
    if not token:
        raise ValueError("the overlay needs a token")
    app[_HUB] = hub
    app[_TOKEN] = token
    app.router.add_get("/overlay", _page)
    app.router.add_get("/overlay/overlay.js", _script)
    app.router.add_get("/overlay/overlay.css", _style)
    app.router.add_get("/overlay/ws", _socket)
