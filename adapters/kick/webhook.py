"""The Kick webhook receiver (an aiohttp handler) and its signature check.

Kick signs ``f"{Kick-Event-Message-Id}.{Kick-Event-Message-Timestamp}.{raw body}"`` with RSA
PKCS#1 v1.5 over SHA-256 and sends the base64 signature in ``Kick-Event-Signature``.

Answers, in the order checked, and nothing reaches the sink before the last check passes:

* 503 while no verification key is loaded (before ``start()``);
* 400 when a header is missing or the timestamp is unreadable or more than
  ``max_clock_skew_seconds`` away from now (Kick documents no replay window);
* 401 when the signature does not verify;
* 400 when the body is not JSON, or a known event type lacks fields we need;
* 200 for unknown types, ``channel.followed``, channels we do not serve, and every event the
  sink accepted, duplicates included (the sink refuses a second event with the same message id
  or the same body hash);
* 500 when the sink raised: the event was not recorded, so Kick should deliver it again.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

import structlog
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from adapters.kick.parse import MalformedPayload, parse_webhook, payload_hash
from bot.ports import EventSink, ReplySender

__all__ = ["HEADERS", "SignatureVerifier", "WebhookReceiver"]

log = structlog.get_logger("adapters.kick.webhook")

MESSAGE_ID = "Kick-Event-Message-Id"
TIMESTAMP = "Kick-Event-Message-Timestamp"
SIGNATURE = "Kick-Event-Signature"
EVENT_TYPE = "Kick-Event-Type"
EVENT_VERSION = "Kick-Event-Version"
SUBSCRIPTION_ID = "Kick-Event-Subscription-Id"
HEADERS = (MESSAGE_ID, TIMESTAMP, SIGNATURE, EVENT_TYPE)


class SignatureVerifier:
    """Checks Kick's webhook signatures against one RSA public key (PEM)."""

    def __init__(self, public_key_pem: str) -> None:
        key = load_pem_public_key(public_key_pem.encode())
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError("the Kick public key is not an RSA key")
        self._key = key

    def verify(self, message_id: str, timestamp: str, body: bytes, signature_b64: str) -> bool:
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError):
            return False
        signed = f"{message_id}.{timestamp}.".encode() + body
        try:
            self._key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True


class WebhookReceiver:
    """Verifies, parses and hands one webhook to the sink; queues the sink's replies."""

    def __init__(
        self,
        *,
        sink: EventSink,
        replies: ReplySender,
        verifier: Callable[[], SignatureVerifier | None],
        channels: Collection[str],
        bot_user_id: str,
        max_clock_skew_seconds: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sink = sink
        self._replies = replies
        self._verifier = verifier
        self._channels = frozenset(channels)
        self._bot_user_id = bot_user_id
        self._skew = timedelta(seconds=max_clock_skew_seconds)
        self._clock = clock

    async def handle(self, request: web.Request) -> web.Response:
        verifier = self._verifier()
        if verifier is None:
            return web.Response(status=503, text="not ready")
        headers = request.headers
        missing = [name for name in HEADERS if not headers.get(name)]
        if missing:
            log.warning("kick.webhook.missing_headers", missing=missing)
            return web.Response(status=400, text="missing headers")
        message_id = headers[MESSAGE_ID]
        timestamp = headers[TIMESTAMP]
        event_type = headers[EVENT_TYPE]
        bound = log.bind(event_id=message_id, event_type=event_type)

        now = self._clock()
        sent_at = _parse_timestamp(timestamp)
        if sent_at is None or abs(now - sent_at) > self._skew:
            bound.warning("kick.webhook.stale", timestamp=timestamp)
            return web.Response(status=400, text="bad timestamp")

        body = await request.read()
        if not verifier.verify(message_id, timestamp, body, headers[SIGNATURE]):
            bound.warning("kick.webhook.bad_signature")
            return web.Response(status=401, text="bad signature")

        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            bound.warning("kick.webhook.bad_json")
            return web.Response(status=400, text="bad body")

        try:
            event = parse_webhook(
                event_type,
                payload,
                event_id=message_id,
                payload_hash=payload_hash(body),
                received_at=now,
                bot_user_id=self._bot_user_id,
            )
        except MalformedPayload as exc:
            bound.warning("kick.webhook.malformed", error=str(exc))
            return web.Response(status=400, text="malformed payload")

        if event is None:
            bound.info("kick.webhook.ignored", version=headers.get(EVENT_VERSION, ""))
            return web.Response(status=200, text="ignored")
        if self._channels and event.channel not in self._channels:
            bound.info("kick.webhook.other_channel", channel=event.channel)
            return web.Response(status=200, text="ignored")

        try:
            replies = await self._sink(event)
        except Exception:
            bound.exception("kick.webhook.sink_failed")
            return web.Response(status=500, text="not recorded")
        for reply in replies:
            try:
                await self._replies.send(reply)
            except Exception:
                bound.exception("kick.webhook.reply_failed")
        return web.Response(status=200, text="ok")


def _parse_timestamp(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed
