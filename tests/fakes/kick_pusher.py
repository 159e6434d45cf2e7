"""A fake of Kick's Pusher socket (protocol 7) on 127.0.0.1, built on ``websockets.serve``.

On connect it sends ``pusher:connection_established`` (``data`` as a JSON string), answers
``pusher:subscribe`` with ``pusher_internal:subscription_succeeded`` and ``pusher:ping`` with
``pusher:pong``. Tests push channel frames (double-encoding ``data``), ping the client, and
close every connection with a chosen code.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve

__all__ = ["PusherFake"]


@dataclass
class PusherFake:
    activity_timeout: int = 120
    port: int = 0
    answer_pings: bool = True
    connections: int = 0
    subscriptions: list[str] = field(default_factory=list)
    client_pings: int = 0
    client_pongs: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    _live: set[ServerConnection] = field(default_factory=set)
    _server: Server | None = None
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    url: str = ""

    async def __aenter__(self) -> PusherFake:
        self._server = await serve(self._handler, "127.0.0.1", self.port, ping_interval=None)
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}/app/testkey?protocol=7&client=js&version=8.4.0"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def wait_for(self, predicate: Any, within: float = 5.0) -> None:
        """Wait until ``predicate(self)`` holds (re-checked on every frame and connection)."""

        async def check() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self))

        await asyncio.wait_for(check(), within)

    async def push(self, frame: dict[str, Any]) -> None:
        """Send a channel frame to every client, ``data`` double-encoded like Kick's."""
        wire = json.dumps({**frame, "data": json.dumps(frame["data"])})
        for ws in list(self._live):
            await ws.send(wire)

    async def ping_clients(self) -> None:
        for ws in list(self._live):
            await ws.send(json.dumps({"event": "pusher:ping", "data": "{}"}))

    async def close_all(self, code: int, reason: str = "") -> None:
        for ws in list(self._live):
            await ws.close(code, reason)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handler(self, ws: ServerConnection) -> None:
        self.connections += 1
        self._live.add(ws)
        try:
            data = json.dumps(
                {"socket_id": f"1.{self.connections}", "activity_timeout": self.activity_timeout}
            )
            await ws.send(json.dumps({"event": "pusher:connection_established", "data": data}))
            await self._notify()
            async for raw in ws:
                message = json.loads(raw)
                self.received.append(message)
                event = message.get("event")
                if event == "pusher:subscribe":
                    channel = message["data"]["channel"]
                    self.subscriptions.append(channel)
                    await ws.send(
                        json.dumps(
                            {
                                "event": "pusher_internal:subscription_succeeded",
                                "channel": channel,
                                "data": "{}",
                            }
                        )
                    )
                elif event == "pusher:ping":
                    self.client_pings += 1
                    if self.answer_pings:
                        await ws.send(json.dumps({"event": "pusher:pong", "data": "{}"}))
                elif event == "pusher:pong":
                    self.client_pongs += 1
                await self._notify()
        except Exception:
            pass  # a client vanishing mid-frame is part of what is tested
        finally:
            self._live.discard(ws)
            await self._notify()
