"""Signs webhook requests the way Kick does, with a key generated for the test run."""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = ["FIXTURES", "KickSigner", "event_type_of"]

# Recorded payloads copied from the team's shared platform fixtures (see SOURCES.md there).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def event_type_of(fixture: Path) -> str:
    """``chat.message.sent.viewer.json`` → ``chat.message.sent`` (the Kick-Event-Type)."""
    name = fixture.name.removesuffix(".json")
    known = (
        "chat.message.sent",
        "channel.followed",
        "channel.subscription.new",
        "channel.subscription.renewal",
        "channel.subscription.gifts",
        "channel.reward.redemption.updated",
        "livestream.status.updated",
        "livestream.metadata.updated",
        "moderation.banned",
        "kicks.gifted",
    )
    for event_type in known:
        if name == event_type or name.startswith(event_type + "."):
            return event_type
    raise ValueError(f"no event type for {fixture.name}")


@dataclass
class KickSigner:
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def public_pem(self) -> str:
        return (
            self.key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def new_id(self) -> str:
        return f"01TESTMSG{next(self._ids):017d}"

    def sign(self, message_id: str, timestamp: str, body: bytes) -> str:
        signed = f"{message_id}.{timestamp}.".encode() + body
        return base64.b64encode(self.key.sign(signed, padding.PKCS1v15(), hashes.SHA256())).decode()

    def headers(
        self,
        body: bytes,
        event_type: str,
        *,
        message_id: str | None = None,
        timestamp: str | None = None,
        signed_body: bytes | None = None,
    ) -> dict[str, str]:
        """The six Kick headers; ``signed_body`` signs other bytes than those sent."""
        message_id = message_id or self.new_id()
        timestamp = timestamp or datetime.now(UTC).isoformat().replace("+00:00", "Z")
        return {
            "Content-Type": "application/json",
            "Kick-Event-Message-Id": message_id,
            "Kick-Event-Subscription-Id": "01TESTSUBSCRIPTION00000001",
            "Kick-Event-Signature": self.sign(
                message_id, timestamp, body if signed_body is None else signed_body
            ),
            "Kick-Event-Message-Timestamp": timestamp,
            "Kick-Event-Type": event_type,
            "Kick-Event-Version": "1",
        }
