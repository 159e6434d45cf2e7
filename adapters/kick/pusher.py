"""Kick's unofficial Pusher chat socket (protocol 7): read-only chat for hosts without HTTPS.

One connection subscribes to ``chatrooms.<id>.v2`` for every configured chatroom. Frames carry
``data`` as a JSON string (double-encoded). Heartbeat: after ``activity_timeout`` seconds of
silence (the server's value from ``pusher:connection_established`` or our setting, whichever is
smaller) we send ``pusher:ping``; no frame within ``pusher_pong_timeout_seconds`` means the
connection is dead and we reconnect. Server pings are answered with ``pusher:pong``.

Reconnects follow Pusher's close-code ranges: 4000–4099 are fatal (bad app key, over quota:
stop and log), 4100–4199 back off, 4200–4299 reconnect at once; anything else (network loss,
1006, refused connections) backs off exponentially with jitter between the configured bounds.
Replies still go out through the REST API; Pusher cannot send.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import Enum

import structlog
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from adapters.kick.parse import (
    CHAT_MESSAGE_EVENT,
    MalformedPayload,
    PusherFrame,
    chat_room_channel,
    decode_pusher_frame,
    parse_pusher_chat,
)
from bot.config import KickSettings
from bot.ports import EventSink, ReplySender
from bot.retry import backoff_delay

__all__ = ["PusherChat", "Reconnect", "reconnect_policy"]

log = structlog.get_logger("adapters.kick.pusher")


class Reconnect(Enum):
    NOW = "now"
    BACKOFF = "backoff"
    STOP = "stop"


def reconnect_policy(code: int | None) -> Reconnect:
    """What to do after the socket closed with ``code`` (Pusher's ranges)."""
    if code is not None and 4000 <= code <= 4099:
        return Reconnect.STOP
    if code is not None and 4200 <= code <= 4299:
        return Reconnect.NOW
    return Reconnect.BACKOFF


class _Closed(Exception):
    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"closed {code}: {reason}")
        self.code = code


class PusherChat:
    """Runs the socket until :meth:`stop` or a fatal close code."""

    def __init__(
        self,
        settings: KickSettings,
        *,
        sink: EventSink,
        replies: ReplySender,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        if len(settings.chatroom_ids) != len(settings.channels):
            raise ValueError("KICK__CHATROOM_IDS must list one chatroom id per channel")
        self._settings = settings
        self._sink = sink
        self._replies = replies
        self._clock = clock
        self._rng = rng or random.Random()
        # Pusher channel name -> our channel (broadcaster user id).
        self._rooms: Mapping[str, str] = {
            chat_room_channel(room): channel
            for room, channel in zip(settings.chatroom_ids, settings.channels, strict=True)
        }
        self._stopping = asyncio.Event()
        self._ws: ClientConnection | None = None
        self._ws_established = False
        self.connections = 0  # successful handshakes so far (for health checks)
        self.subscribed: set[str] = set()

    async def run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            code: int | None = None
            try:
                await self._session()
            except _Closed as exc:
                code = exc.code
                log.warning("kick.pusher.closed", code=code, error=str(exc))
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as exc:
                log.warning("kick.pusher.connect_failed", error=f"{type(exc).__name__}: {exc}")
            if self._stopping.is_set():
                return
            policy = reconnect_policy(code)
            if policy is Reconnect.STOP:
                log.error("kick.pusher.fatal_close", code=code)
                return
            if self._ws_established:
                failures = 0
            failures += 1
            delay = 0.0 if policy is Reconnect.NOW else self._backoff(failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    async def stop(self) -> None:
        self._stopping.set()
        ws = self._ws
        if ws is not None:
            await ws.close()

    def _backoff(self, failures: int) -> float:
        low = self._settings.pusher_backoff_min_seconds
        high = self._settings.pusher_backoff_max_seconds
        ceiling = backoff_delay(failures, low, high)
        return self._rng.uniform(low, max(low, ceiling))

    async def _session(self) -> None:
        self._ws_established = False
        self.subscribed = set()
        settings = self._settings
        async with connect(
            settings.pusher_url,
            ping_interval=None,
            open_timeout=settings.http_timeout_seconds,
            close_timeout=1,
        ) as ws:
            self._ws = ws
            try:
                activity = await self._handshake(ws)
                self._ws_established = True
                self.connections += 1
                for room in self._rooms:
                    await _send(ws, "pusher:subscribe", {"auth": "", "channel": room})
                while not self._stopping.is_set():
                    raw = await self._receive(ws, activity)
                    await self._dispatch(ws, raw)
            except ConnectionClosed as exc:
                if self._stopping.is_set():
                    return
                code = exc.rcvd.code if exc.rcvd is not None else None
                raise _Closed(code, exc.rcvd.reason if exc.rcvd else "no close frame") from exc
            finally:
                self._ws = None

    async def _handshake(self, ws: ClientConnection) -> float:
        raw = await asyncio.wait_for(ws.recv(), self._settings.pusher_pong_timeout_seconds)
        frame = decode_pusher_frame(raw)
        if frame.event == "pusher:error":
            raise _Closed(*_error_code(frame))
        if frame.event != "pusher:connection_established":
            raise _Closed(None, f"unexpected first frame {frame.event}")
        activity = self._settings.pusher_activity_timeout_seconds
        if isinstance(frame.data, dict):
            server = frame.data.get("activity_timeout")
            if isinstance(server, int | float) and server > 0:
                activity = min(activity, float(server))
        log.info("kick.pusher.connected", activity_timeout=activity)
        return activity

    async def _receive(self, ws: ClientConnection, activity: float) -> str | bytes:
        try:
            return await asyncio.wait_for(ws.recv(), activity)
        except TimeoutError:
            await _send(ws, "pusher:ping", {})
        try:
            return await asyncio.wait_for(ws.recv(), self._settings.pusher_pong_timeout_seconds)
        except TimeoutError:
            log.warning("kick.pusher.no_pong")
            await ws.close(code=4201, reason="no pong")
            raise _Closed(None, "no pong") from None

    async def _dispatch(self, ws: ClientConnection, raw: str | bytes) -> None:
        try:
            frame = decode_pusher_frame(raw)
        except MalformedPayload as exc:
            log.warning("kick.pusher.bad_frame", error=str(exc))
            return
        match frame.event:
            case "pusher:ping":
                await _send(ws, "pusher:pong", {})
            case "pusher:pong":
                pass
            case "pusher_internal:subscription_succeeded":
                self.subscribed.add(frame.channel)
                log.info("kick.pusher.subscribed", room=frame.channel)
            case "pusher:error":
                code, message = _error_code(frame)
                log.warning("kick.pusher.error", code=code, message=message)
                if code is not None and code >= 4000:
                    await ws.close()
                    raise _Closed(code, message)
            case event if event == CHAT_MESSAGE_EVENT:
                await self._chat(frame)
            case _:
                log.debug("kick.pusher.ignored", pusher_event=frame.event, room=frame.channel)

    async def _chat(self, frame: PusherFrame) -> None:
        channel = self._rooms.get(frame.channel)
        if channel is None:
            return
        try:
            event = parse_pusher_chat(
                frame,
                channel=channel,
                received_at=self._clock(),
                bot_user_id=self._settings.bot_user_id,
            )
        except MalformedPayload as exc:
            log.warning("kick.pusher.malformed", error=str(exc))
            return
        if event is None:
            return
        try:
            replies = await self._sink(event)
        except Exception:
            # The socket cannot redeliver: the message is lost, loudly.
            log.exception("kick.pusher.sink_failed", event_id=event.event_id, channel=channel)
            return
        for reply in replies:
            await self._replies.send(reply)


async def _send(ws: ClientConnection, event: str, data: object) -> None:
    await ws.send(json.dumps({"event": event, "data": data}))


def _error_code(frame: PusherFrame) -> tuple[int | None, str]:
    data = frame.data if isinstance(frame.data, dict) else {}
    code = data.get("code")
    message = data.get("message")
    return (code if isinstance(code, int) else None, message if isinstance(message, str) else "")
