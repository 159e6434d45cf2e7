"""Helix calls the adapter makes: create EventSub subscriptions and send chat messages.

Every call carries the acting account's user token; a 401 refreshes that token once and
retries. Rate limiting and retries of chat sends are the sender's job (``sender.py``): this
module reports a 429 as :class:`RateLimited` with the wait Twitch asked for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog

from adapters.twitch.auth import TokenManager
from bot.config import TwitchSettings

__all__ = ["HelixClient", "HelixError", "RateLimited", "SendResult"]

log = structlog.get_logger("adapters.twitch.helix")


class HelixError(RuntimeError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Helix HTTP {status}: {message}")
        self.status = status


class RateLimited(HelixError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(429, f"rate limited, retry in {retry_after:.1f}s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class SendResult:
    message_id: str
    is_sent: bool
    drop_code: str = ""
    drop_message: str = ""


class HelixClient:
    def __init__(
        self, settings: TwitchSettings, session: aiohttp.ClientSession, tokens: TokenManager
    ) -> None:
        self._settings = settings
        self._session = session
        self._tokens = tokens
        self._base = settings.helix_url.rstrip("/")

    async def _post(
        self, account: str, path: str, body: Mapping[str, Any]
    ) -> tuple[int, Any, float]:
        """POST as ``account``; returns status, JSON body and the rate-limit wait (429 only)."""
        for attempt in (1, 2):
            token = await self._tokens.access_token(account)
            headers = {"Authorization": f"Bearer {token}", "Client-Id": self._settings.client_id}
            async with self._session.post(
                f"{self._base}/{path}", json=body, headers=headers
            ) as resp:
                data = _json_or_none(await resp.read())
                if resp.status == 401 and attempt == 1:
                    await self._tokens.refresh(account, stale=token)
                    continue
                wait = (
                    _reset_wait(resp.headers.get("Ratelimit-Reset")) if resp.status == 429 else 0.0
                )
                return resp.status, data, wait
        raise AssertionError("unreachable")

    async def create_subscription(
        self,
        account: str,
        sub_type: str,
        version: str,
        condition: Mapping[str, str],
        session_id: str,
    ) -> bool:
        """Subscribe ``session_id`` to ``sub_type``; ``False`` (logged) if Twitch refused."""
        body = {
            "type": sub_type,
            "version": version,
            "condition": dict(condition),
            "transport": {"method": "websocket", "session_id": session_id},
        }
        status, data, _ = await self._post(account, "eventsub/subscriptions", body)
        if status in (200, 202, 409):
            return True
        message = (data or {}).get("message", "") if isinstance(data, dict) else ""
        if status >= 500 or status == 429:
            raise HelixError(status, message)
        log.error(
            "twitch.subscribe_refused",
            type=sub_type,
            condition=dict(condition),
            status=status,
            message=message,
        )
        return False

    async def send_chat_message(
        self, broadcaster_id: str, text: str, reply_to: str | None = None
    ) -> SendResult:
        sender_id = self._settings.bot_user_id
        body: dict[str, str] = {
            "broadcaster_id": broadcaster_id,
            "sender_id": sender_id,
            "message": text,
        }
        if reply_to:
            body["reply_parent_message_id"] = reply_to
        status, data, wait = await self._post(sender_id, "chat/messages", body)
        if status == 429:
            raise RateLimited(wait)
        if status != 200 or not isinstance(data, dict) or not data.get("data"):
            message = data.get("message", "") if isinstance(data, dict) else ""
            raise HelixError(status, str(message))
        row = data["data"][0]
        drop = row.get("drop_reason") or {}
        return SendResult(
            message_id=str(row.get("message_id") or ""),
            is_sent=bool(row.get("is_sent")),
            drop_code=str(drop.get("code") or ""),
            drop_message=str(drop.get("message") or ""),
        )


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _reset_wait(header: str | None) -> float:
    """Seconds until ``Ratelimit-Reset`` (a Unix time); 0 when absent or past."""
    try:
        return max(0.0, float(header or 0) - time.time())
    except ValueError:
        return 0.0
