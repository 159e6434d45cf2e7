"""A local EventSub WebSocket server speaking Twitch's wire format (127.0.0.1, port 0).

It sends ``session_welcome`` on connect (echoing ``keepalive_timeout_seconds``), keepalives
while ``keepalives`` is true (and the session was not ``silence``d), and whatever a test asks for: notifications built from the
fixture payloads (``{"subscription", "event"}``) routed to the session that holds a matching
subscription, ``session_reconnect`` to a local URL (subscriptions move to the new session on
its welcome), revocations, and abrupt network loss. Subscriptions are registered by the Helix
fake (``tests.fakes.twitch_helix``), as Twitch's API does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

WAIT_SECONDS = 5.0
FIXTURES = Path(__file__).resolve().parents[1] / "adapters" / "twitch" / "fixtures"


def load_fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class FakeSession:
    id: str
    ws: ServerConnection
    keepalive: int
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    silent: bool = False


@dataclass
class FakeSubscription:
    id: str
    type: str
    version: str
    condition: dict[str, str]
    session_id: str
    created_at: str = field(default_factory=_now)

    def wire(self, status: str = "enabled") -> dict[str, Any]:
        return {
            "id": self.id,
            "status": status,
            "type": self.type,
            "version": self.version,
            "cost": 0,
            "condition": self.condition,
            "transport": {"method": "websocket", "session_id": self.session_id},
            "created_at": self.created_at,
        }


class FakeEventSub:
    def __init__(self) -> None:
        self.sessions: list[FakeSession] = []
        self.subscriptions: dict[str, FakeSubscription] = {}
        self.keepalives = True
        self.sent_message_ids: list[str] = []
        self._server: Server | None = None
        self._changed = asyncio.Condition()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/ws"

    async def start(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def live_sessions(self) -> list[FakeSession]:
        return [s for s in self.sessions if not s.closed.is_set()]

    async def wait_sessions(self, count: int) -> FakeSession:
        """Until ``count`` sessions have been opened in total; returns the latest."""
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            await self._changed.wait_for(lambda: len(self.sessions) >= count)
        return self.sessions[count - 1]

    def silence(self) -> None:
        """Stop keepalives on every open session (sessions opened later get them again)."""
        for session in self.live_sessions():
            session.silent = True

    async def wait_subscription(self, sub_type: str, broadcaster: str) -> None:
        """Until a healthy (open, not silenced) session holds ``sub_type`` for ``broadcaster``."""

        def held() -> bool:
            healthy = {s.id for s in self.live_sessions() if not s.silent}
            return any(
                s.type == sub_type
                and s.condition.get("broadcaster_user_id") == broadcaster
                and s.session_id in healthy
                for s in self.subscriptions.values()
            )

        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            await self._changed.wait_for(held)

    async def wait_subscribed(self, session: FakeSession, count: int) -> None:
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            await self._changed.wait_for(
                lambda: (
                    sum(1 for s in self.subscriptions.values() if s.session_id == session.id)
                    >= count
                )
            )

    async def register(self, sub: FakeSubscription) -> None:
        async with self._changed:
            self.subscriptions[sub.id] = sub
            self._changed.notify_all()

    def has_session(self, session_id: str) -> bool:
        return any(s.id == session_id for s in self.live_sessions())

    async def _handle(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        query = parse_qs(urlsplit(ws.request.path).query)
        keepalive = int(query.get("keepalive_timeout_seconds", ["10"])[0])
        session = FakeSession(uuid.uuid4().hex, ws, keepalive)
        await ws.send(
            json.dumps(
                {
                    "metadata": {
                        "message_id": str(uuid.uuid4()),
                        "message_type": "session_welcome",
                        "message_timestamp": _now(),
                    },
                    "payload": {
                        "session": {
                            "id": session.id,
                            "status": "connected",
                            "connected_at": _now(),
                            "keepalive_timeout_seconds": keepalive,
                            "reconnect_url": None,
                            "recovery_url": None,
                        }
                    },
                }
            )
        )
        async with self._changed:
            old = query.get("reconnect", [""])[0]
            for sub in self.subscriptions.values():
                if sub.session_id == old:
                    sub.session_id = session.id
            self.sessions.append(session)
            self._changed.notify_all()
        ticker = asyncio.create_task(self._keepalive(session))
        try:
            async for _ in ws:
                await ws.close(4001, "client sent inbound traffic")
        except ConnectionClosed:
            pass
        finally:
            ticker.cancel()
            session.closed.set()
            async with self._changed:
                for sub_id in [
                    k for k, s in self.subscriptions.items() if s.session_id == session.id
                ]:
                    del self.subscriptions[sub_id]
                self._changed.notify_all()

    async def _keepalive(self, session: FakeSession) -> None:
        while True:
            await asyncio.sleep(session.keepalive / 2)
            if self.keepalives and not session.silent:
                with contextlib.suppress(ConnectionClosed):
                    await session.ws.send(
                        json.dumps(
                            {
                                "metadata": {
                                    "message_id": str(uuid.uuid4()),
                                    "message_type": "session_keepalive",
                                    "message_timestamp": _now(),
                                },
                                "payload": {},
                            }
                        )
                    )

    def _find(self, sub_type: str, broadcaster: str) -> FakeSubscription:
        for sub in self.subscriptions.values():
            if sub.type == sub_type and sub.condition.get("broadcaster_user_id") == broadcaster:
                return sub
        raise AssertionError(f"nobody subscribed to {sub_type} for {broadcaster}")

    def _session(self, session_id: str) -> FakeSession:
        return next(s for s in reversed(self.sessions) if s.id == session_id)

    async def notify(
        self,
        fixture: dict[str, Any],
        *,
        message_id: str | None = None,
        session: FakeSession | None = None,
    ) -> str:
        """Send a notification shaped like Twitch's; returns its ``metadata.message_id``."""
        sub_type = fixture["subscription"]["type"]
        event = fixture["event"]
        sub = self._find(sub_type, str(event["broadcaster_user_id"]))
        message_id = message_id or str(uuid.uuid4())
        target = session or self._session(sub.session_id)
        await target.ws.send(
            json.dumps(
                {
                    "metadata": {
                        "message_id": message_id,
                        "message_type": "notification",
                        "message_timestamp": _now(),
                        "subscription_type": sub.type,
                        "subscription_version": sub.version,
                    },
                    "payload": {"subscription": sub.wire(), "event": event},
                }
            )
        )
        self.sent_message_ids.append(message_id)
        return message_id

    async def reconnect(self, session: FakeSession) -> None:
        """Ask ``session`` to move to a new local URL (the old socket stays open)."""
        await session.ws.send(
            json.dumps(
                {
                    "metadata": {
                        "message_id": str(uuid.uuid4()),
                        "message_type": "session_reconnect",
                        "message_timestamp": _now(),
                    },
                    "payload": {
                        "session": {
                            "id": session.id,
                            "status": "reconnecting",
                            "keepalive_timeout_seconds": None,
                            "reconnect_url": f"{self.url}?reconnect={session.id}",
                            "connected_at": _now(),
                        }
                    },
                }
            )
        )

    async def revoke(
        self, sub_type: str, broadcaster: str, status: str = "authorization_revoked"
    ) -> None:
        sub = self._find(sub_type, broadcaster)
        del self.subscriptions[sub.id]
        await self._session(sub.session_id).ws.send(
            json.dumps(
                {
                    "metadata": {
                        "message_id": str(uuid.uuid4()),
                        "message_type": "revocation",
                        "message_timestamp": _now(),
                        "subscription_type": sub.type,
                        "subscription_version": sub.version,
                    },
                    "payload": {"subscription": sub.wire(status)},
                }
            )
        )

    def cut(self, session: FakeSession) -> None:
        """Network loss: drop the TCP connection without a closing handshake."""
        session.ws.transport.abort()
