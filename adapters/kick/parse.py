"""Kick payloads to ``bot.events`` values. Pure: no I/O, no clock, no logging.

Two sources feed this module:

* **Webhooks** (official): the body of one request plus its ``Kick-Event-Type`` header.
  ``event_id`` is the ``Kick-Event-Message-Id`` header and ``payload_hash`` the SHA-256 of the
  raw body; the caller computes both and passes them in.
* **Pusher** (unofficial chat socket): one ``App\\Events\\ChatMessageEvent`` frame whose
  ``data`` is a JSON *string*. Only chat becomes an event there; the socket's money events
  carry usernames without user ids, so they are not trusted (use webhook mode for those).

Channel ids are the broadcaster's Kick user id as a string (what ``POST /public/v1/chat``
takes back as ``broadcaster_user_id``).

Redemptions: Kick sends ``channel.reward.redemption.updated`` for each status
(``pending``, then ``accepted`` or ``rejected``). The viewer paid the points when redeeming,
so the game acts once per redemption, on the first status that is not ``rejected``: the
event id is ``redemption:<redemption id>``, so the pipeline refuses the later updates.
A redemption first seen as ``rejected`` does nothing.

Unknown event types return ``None``; a known type whose body lacks what we need raises
:class:`MalformedPayload` (the receiver answers 400).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.errors import KingpinError
from bot.events import (
    ChatMessage,
    Event,
    Platform,
    Redemption,
    Role,
    Sender,
    StreamOffline,
    StreamOnline,
    Support,
    SupportKind,
)

__all__ = [
    "CHAT_MESSAGE_EVENT",
    "SUBSCRIBED_EVENTS",
    "MalformedPayload",
    "PusherFrame",
    "broadcaster_id",
    "chat_room_channel",
    "decode_pusher_frame",
    "parse_pusher_chat",
    "parse_webhook",
    "payload_hash",
    "roles_from_badges",
]

# The webhook events the adapter subscribes each configured channel to (all version 1).
SUBSCRIBED_EVENTS: tuple[str, ...] = (
    "chat.message.sent",
    "channel.followed",
    "channel.subscription.new",
    "channel.subscription.renewal",
    "channel.subscription.gifts",
    "channel.reward.redemption.updated",
    "kicks.gifted",
    "livestream.status.updated",
)

CHAT_MESSAGE_EVENT = "App\\Events\\ChatMessageEvent"

_BADGE_ROLES: Mapping[str, Role] = {
    "broadcaster": Role.BROADCASTER,
    "moderator": Role.MODERATOR,
    "vip": Role.VIP,
    "og": Role.OG,
    "subscriber": Role.SUBSCRIBER,
    "founder": Role.FOUNDER,
}


class MalformedPayload(KingpinError, ValueError):
    """A payload of a known type that lacks or mistypes a field we rely on."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PusherFrame:
    """One Pusher frame with ``data`` decoded (Pusher double-encodes it as a JSON string)."""

    event: str
    channel: str
    data: Any
    raw_data: str


def payload_hash(raw: bytes | str) -> str:
    """SHA-256 hex of the raw payload: the second dedupe key."""
    if isinstance(raw, str):
        raw = raw.encode()
    return hashlib.sha256(raw).hexdigest()


def chat_room_channel(chatroom_id: str) -> str:
    """The Pusher channel that carries a chatroom's messages."""
    return f"chatrooms.{chatroom_id}.v2"


def roles_from_badges(badges: Any) -> frozenset[Role]:
    """Roles from Kick's ``identity.badges`` (``[{type, text, count?}]``); unknown types ignored."""
    if not isinstance(badges, list):
        return frozenset()
    roles = {
        _BADGE_ROLES[badge["type"]]
        for badge in badges
        if isinstance(badge, dict) and badge.get("type") in _BADGE_ROLES
    }
    return frozenset(roles)


def broadcaster_id(body: Mapping[str, Any]) -> str:
    """The channel (broadcaster user id) a webhook body belongs to."""
    return _user_id(_obj(body, "broadcaster"), "broadcaster")


def parse_webhook(
    event_type: str,
    body: Any,
    *,
    event_id: str,
    payload_hash: str,
    received_at: datetime,
    bot_user_id: str = "",
) -> Event | None:
    """One webhook body to an event; ``None`` for types and cases the game ignores."""
    parser = _WEBHOOK_PARSERS.get(event_type)
    if parser is None:
        return None
    if not isinstance(body, dict):
        raise MalformedPayload("body is not a JSON object")
    ctx = _Ctx(
        event_id=event_id,
        payload_hash=payload_hash,
        received_at=received_at,
        bot_user_id=bot_user_id,
        channel=broadcaster_id(body),
    )
    try:
        return parser(body, ctx)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, MalformedPayload):
            raise
        raise MalformedPayload(f"{event_type}: {exc!r}") from exc


def decode_pusher_frame(raw: str | bytes) -> PusherFrame:
    """Decode one socket message; ``data`` may be a JSON string (decoded) or an object."""
    try:
        frame = json.loads(raw)
    except ValueError as exc:
        raise MalformedPayload("frame is not JSON") from exc
    if not isinstance(frame, dict) or not isinstance(frame.get("event"), str):
        raise MalformedPayload("frame has no event name")
    data = frame.get("data")
    raw_data = data if isinstance(data, str) else json.dumps(data, sort_keys=True)
    if isinstance(data, str):
        with contextlib.suppress(ValueError):  # some frames carry plain strings
            data = json.loads(data) if data else None
    channel = frame.get("channel")
    return PusherFrame(
        event=frame["event"],
        channel=channel if isinstance(channel, str) else "",
        data=data,
        raw_data=raw_data,
    )


def parse_pusher_chat(
    frame: PusherFrame,
    *,
    channel: str,
    received_at: datetime,
    bot_user_id: str = "",
) -> ChatMessage | None:
    """A ``ChatMessageEvent`` frame to a chat message for ``channel`` (broadcaster id)."""
    if frame.event != CHAT_MESSAGE_EVENT:
        return None
    data = frame.data
    if not isinstance(data, dict):
        raise MalformedPayload("chat frame data is not an object")
    try:
        message_id = _str(data["id"])
        sender = data["sender"]
        user_id = _str(sender["id"])
        if bot_user_id and user_id == bot_user_id:
            return None
        identity = sender.get("identity") or {}
        roles = set(roles_from_badges(identity.get("badges")))
        if user_id == channel:
            roles.add(Role.BROADCASTER)
        username = _str(sender["username"])
        content = data["content"]
        if not isinstance(content, str):
            raise MalformedPayload("content is not a string")
    except (KeyError, TypeError, AttributeError) as exc:
        raise MalformedPayload(f"chat frame: {exc!r}") from exc
    return ChatMessage(
        platform=Platform.KICK,
        event_id=message_id,
        channel=channel,
        sender=Sender(
            user_id=user_id,
            login=_str(sender.get("slug") or username).lower(),
            display_name=username,
            roles=frozenset(roles),
        ),
        text=content,
        received_at=received_at,
        message_id=message_id,
        payload_hash=payload_hash(frame.raw_data),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Ctx:
    event_id: str
    payload_hash: str
    received_at: datetime
    bot_user_id: str
    channel: str


def _chat(body: Mapping[str, Any], ctx: _Ctx) -> ChatMessage | None:
    sender_obj = _obj(body, "sender")
    sender = _sender(sender_obj, ctx.channel)
    if ctx.bot_user_id and sender.user_id == ctx.bot_user_id:
        return None
    content = body["content"]
    if not isinstance(content, str):
        raise MalformedPayload("content is not a string")
    return ChatMessage(
        platform=Platform.KICK,
        event_id=ctx.event_id,
        channel=ctx.channel,
        sender=sender,
        text=content,
        received_at=ctx.received_at,
        message_id=_str(body["message_id"]),
        payload_hash=ctx.payload_hash,
    )


def _sub(kind: SupportKind) -> Any:
    def parse(body: Mapping[str, Any], ctx: _Ctx) -> Support:
        months = body.get("duration") or 1
        if not isinstance(months, int):
            raise MalformedPayload("duration is not an integer")
        return Support(
            platform=Platform.KICK,
            event_id=ctx.event_id,
            channel=ctx.channel,
            sender=_sender(_obj(body, "subscriber"), ctx.channel),
            kind=kind,
            amount=1,
            months=months,
            received_at=ctx.received_at,
            payload_hash=ctx.payload_hash,
        )

    return parse


def _gifts(body: Mapping[str, Any], ctx: _Ctx) -> Support | None:
    giftees = body["giftees"]
    if not isinstance(giftees, list):
        raise MalformedPayload("giftees is not a list")
    if not giftees:
        return None
    gifter = body.get("gifter")
    anonymous = (
        not isinstance(gifter, dict) or gifter.get("is_anonymous") or gifter.get("user_id") is None
    )
    return Support(
        platform=Platform.KICK,
        event_id=ctx.event_id,
        channel=ctx.channel,
        sender=None if anonymous or not isinstance(gifter, dict) else _sender(gifter, ctx.channel),
        kind=SupportKind.GIFT_SUB,
        amount=len(giftees),
        received_at=ctx.received_at,
        payload_hash=ctx.payload_hash,
    )


def _kicks(body: Mapping[str, Any], ctx: _Ctx) -> Support | None:
    gift = _obj(body, "gift")
    amount = gift["amount"]
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise MalformedPayload("gift.amount is not an integer")
    if amount <= 0:
        return None
    sender = body.get("sender")
    anonymous = (
        not isinstance(sender, dict) or sender.get("is_anonymous") or not sender.get("user_id")
    )
    message = gift.get("message")
    return Support(
        platform=Platform.KICK,
        event_id=ctx.event_id,
        channel=ctx.channel,
        sender=None if anonymous or not isinstance(sender, dict) else _sender(sender, ctx.channel),
        kind=SupportKind.KICKS,
        amount=amount,
        message=message if isinstance(message, str) else "",
        received_at=ctx.received_at,
        payload_hash=ctx.payload_hash,
    )


def _stream_status(body: Mapping[str, Any], ctx: _Ctx) -> StreamOnline | StreamOffline:
    is_live = body["is_live"]
    if not isinstance(is_live, bool):
        raise MalformedPayload("is_live is not a boolean")
    if is_live:
        title = body.get("title")
        return StreamOnline(
            platform=Platform.KICK,
            event_id=ctx.event_id,
            channel=ctx.channel,
            title=title if isinstance(title, str) else "",
            received_at=ctx.received_at,
            payload_hash=ctx.payload_hash,
        )
    return StreamOffline(
        platform=Platform.KICK,
        event_id=ctx.event_id,
        channel=ctx.channel,
        received_at=ctx.received_at,
        payload_hash=ctx.payload_hash,
    )


def _redemption(body: Mapping[str, Any], ctx: _Ctx) -> Redemption | None:
    status = body["status"]
    if not isinstance(status, str):
        raise MalformedPayload("status is not a string")
    redemption_id = _str(body["id"])
    reward = _obj(body, "reward")
    sender = _sender(_obj(body, "redeemer"), ctx.channel)
    user_input = body.get("user_input")
    if status.lower() == "rejected":
        return None
    return Redemption(
        platform=Platform.KICK,
        event_id=f"redemption:{redemption_id}",
        channel=ctx.channel,
        sender=sender,
        reward_id=_str(reward["id"]),
        reward_title=_str(reward.get("title") or ""),
        user_input=user_input if isinstance(user_input, str) else "",
        received_at=ctx.received_at,
        payload_hash=ctx.payload_hash,
    )


def _ignored(body: Mapping[str, Any], ctx: _Ctx) -> None:
    return None


_WEBHOOK_PARSERS: Mapping[str, Any] = {
    "chat.message.sent": _chat,
    "channel.subscription.new": _sub(SupportKind.SUB),
    "channel.subscription.renewal": _sub(SupportKind.RESUB),
    "channel.subscription.gifts": _gifts,
    "kicks.gifted": _kicks,
    "livestream.status.updated": _stream_status,
    "channel.reward.redemption.updated": _redemption,
    "channel.followed": _ignored,  # logged by the receiver, no game effect yet
}


def _sender(user: Mapping[str, Any], channel: str) -> Sender:
    user_id = _user_id(user, "user")
    username = _str(user["username"])
    identity = user.get("identity")
    roles = set(roles_from_badges(identity.get("badges") if isinstance(identity, dict) else None))
    if user_id == channel:
        roles.add(Role.BROADCASTER)
    slug = user.get("channel_slug")
    return Sender(
        user_id=user_id,
        login=(slug if isinstance(slug, str) and slug else username).lower(),
        display_name=username,
        roles=frozenset(roles),
    )


def _obj(body: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise MalformedPayload(f"{key} is not an object")
    return value


def _user_id(user: Mapping[str, Any], what: str) -> str:
    value = user.get("user_id")
    if isinstance(value, bool) or not isinstance(value, int | str) or value in ("", 0):
        raise MalformedPayload(f"{what}.user_id is missing")
    return str(value)


def _str(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedPayload(f"expected a string, got {type(value).__name__}")
    return str(value)
