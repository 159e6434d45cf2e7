"""Twitch EventSub payloads → ``bot.events`` values. Pure: no I/O, no clock, no logging.

twitchio (the transport) hands over each notification as the raw EventSub envelope;
:func:`read_notification` takes out its id, type and payload, and :func:`parse_notification`
turns the payload (``{"subscription": …, "event": …}``) into zero or more events. Raw dicts,
not twitchio's models: those raise ``KeyError`` on a field Twitch left out (docs/twitch.md).

Rules that are not obvious from the payloads:

* **Event ids.** Chat messages and chat notices use the chat ``message_id`` (stable across
  redeliveries, and the id replies thread to); other notifications use the EventSub
  ``metadata.message_id``, which Twitch keeps on redelivery. The pipeline dedupes on them.
* **Gift bombs count once.** A community gift arrives as one ``community_sub_gift`` notice plus
  one ``sub_gift`` per recipient carrying the same ``community_gift_id``. The community notice
  becomes one ``Support(GIFT_SUB, amount=total)``; the per-recipient notices become nothing.
  A single directed gift (``sub_gift`` with no ``community_gift_id``) is ``amount=1``.
* **Cheers ride on chat messages.** A message with ``cheer.bits`` yields the ``ChatMessage``
  (``bits`` filled in for information) *and* one ``Support(BITS)`` whose id is
  ``<message_id>:bits``; the Support is the one that pays. Anonymous cheers come from
  Twitch's ``ananonymouscheerer`` account: the Support has no sender and no ChatMessage is made.
* **Money from elsewhere is not ours.** Shared-chat notices (``shared_chat_*``) and cheers whose
  ``source_broadcaster_user_id`` is another channel describe another channel's supporters: the
  message is kept, the money is not counted. Resubs of gifted subs (``is_gift``) are not
  counted again (the gifter was credited).
* The bot's own messages (Twitch echoes them) are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    "ANONYMOUS_CHEERER_LOGIN",
    "Notification",
    "parse_notification",
    "read_notification",
    "roles_from_badges",
]

ANONYMOUS_CHEERER_LOGIN = "ananonymouscheerer"

Payload = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Notification:
    message_id: str
    subscription_type: str
    payload: Payload  # {"subscription": …, "event": …}


def read_notification(envelope: Payload) -> Notification:
    """The parts of an EventSub ``notification`` envelope (``{"metadata", "payload"}``) we use."""
    metadata: Payload = envelope["metadata"]
    payload: Payload = envelope["payload"]
    subscription_type = metadata.get("subscription_type") or payload["subscription"]["type"]
    return Notification(str(metadata["message_id"]), str(subscription_type), payload)


def roles_from_badges(badges: Sequence[Payload] | None) -> frozenset[Role]:
    roles: set[Role] = set()
    for badge in badges or ():
        match badge.get("set_id"):
            case "broadcaster":
                roles.add(Role.BROADCASTER)
            case "moderator" | "lead_moderator":
                roles.add(Role.MODERATOR)
            case "vip":
                roles.add(Role.VIP)
            case "subscriber":
                roles.add(Role.SUBSCRIBER)
            case "founder":
                roles.update((Role.FOUNDER, Role.SUBSCRIBER))
    return frozenset(roles)


def parse_notification(
    payload: Payload, *, message_id: str, bot_user_id: str, received_at: datetime
) -> tuple[Event, ...]:
    """Turn one notification payload into the events it means (often none)."""
    subscription_type = str(payload["subscription"]["type"])
    event: Payload = payload["event"]
    match subscription_type:
        case "channel.chat.message":
            return _chat_message(event, bot_user_id=bot_user_id, received_at=received_at)
        case "channel.chat.notification":
            return _chat_notification(event, received_at=received_at)
        case "channel.channel_points_custom_reward_redemption.add":
            return (_redemption(event, message_id=message_id, received_at=received_at),)
        case "stream.online":
            return (
                StreamOnline(
                    platform=Platform.TWITCH,
                    event_id=message_id,
                    channel=str(event["broadcaster_user_id"]),
                    received_at=received_at,
                ),
            )
        case "stream.offline":
            return (
                StreamOffline(
                    platform=Platform.TWITCH,
                    event_id=message_id,
                    channel=str(event["broadcaster_user_id"]),
                    received_at=received_at,
                ),
            )
        case _:
            return ()


def _sender(event: Payload, prefix: str, *, roles: frozenset[Role] = frozenset()) -> Sender | None:
    user_id = event.get(f"{prefix}_id")
    if not user_id:
        return None
    login = str(event.get(f"{prefix}_login") or "")
    return Sender(
        user_id=str(user_id),
        login=login,
        display_name=str(event.get(f"{prefix}_name") or login),
        roles=roles,
    )


def _chatter_roles(event: Payload) -> frozenset[Role]:
    roles = roles_from_badges(event.get("badges"))
    if event.get("chatter_user_id") == event.get("broadcaster_user_id"):
        roles |= {Role.BROADCASTER}
    return roles


def _from_other_channel(event: Payload) -> bool:
    source = event.get("source_broadcaster_user_id")
    return bool(source) and source != event.get("broadcaster_user_id")


def _chat_message(event: Payload, *, bot_user_id: str, received_at: datetime) -> tuple[Event, ...]:
    chatter_id = str(event.get("chatter_user_id") or "")
    if not chatter_id or chatter_id == bot_user_id:
        return ()
    channel = str(event["broadcaster_user_id"])
    message_id = str(event["message_id"])
    bits = int((event.get("cheer") or {}).get("bits") or 0)
    anonymous = event.get("chatter_user_login") == ANONYMOUS_CHEERER_LOGIN
    sender = _sender(event, "chatter_user", roles=_chatter_roles(event))
    assert sender is not None
    text = str((event.get("message") or {}).get("text") or "")
    out: list[Event] = []
    if not anonymous:
        out.append(
            ChatMessage(
                platform=Platform.TWITCH,
                event_id=message_id,
                channel=channel,
                sender=sender,
                text=text,
                received_at=received_at,
                message_id=message_id,
                bits=bits,
            )
        )
    if bits > 0 and not _from_other_channel(event):
        out.append(
            Support(
                platform=Platform.TWITCH,
                event_id=f"{message_id}:bits",
                channel=channel,
                sender=None if anonymous else sender,
                kind=SupportKind.BITS,
                amount=bits,
                received_at=received_at,
                message=text,
            )
        )
    return tuple(out)


def _tier(sub_tier: object) -> int:
    """Twitch tiers are "1000"/"2000"/"3000" (Prime is tier 1)."""
    try:
        return min(3, max(1, int(str(sub_tier)) // 1000))
    except ValueError:
        return 1


def _chat_notification(event: Payload, *, received_at: datetime) -> tuple[Event, ...]:
    notice = str(event.get("notice_type") or "")
    detail: Payload = event.get(notice) or {}
    channel = str(event["broadcaster_user_id"])
    anonymous = bool(event.get("chatter_is_anonymous"))
    chatter = None if anonymous else _sender(event, "chatter_user", roles=_chatter_roles(event))
    text = str((event.get("message") or {}).get("text") or "")

    def support(
        kind: SupportKind,
        amount: int,
        *,
        sender: Sender | None = chatter,
        tier: int = 1,
        months: int = 0,
    ) -> tuple[Event, ...]:
        return (
            Support(
                platform=Platform.TWITCH,
                event_id=str(event["message_id"]),
                channel=channel,
                sender=sender,
                kind=kind,
                amount=amount,
                received_at=received_at,
                tier=tier,
                months=months,
                message=text,
            ),
        )

    match notice:
        case "sub":
            months = int(detail.get("duration_months") or 1)
            return support(SupportKind.SUB, 1, tier=_tier(detail.get("sub_tier")), months=months)
        case "resub":
            if detail.get("is_gift"):
                return ()
            months = int(detail.get("cumulative_months") or 0)
            return support(SupportKind.RESUB, 1, tier=_tier(detail.get("sub_tier")), months=months)
        case "sub_gift":
            if detail.get("community_gift_id"):
                return ()  # one recipient of a gift bomb: counted on the community notice
            return support(SupportKind.GIFT_SUB, 1, tier=_tier(detail.get("sub_tier")))
        case "community_sub_gift":
            total = int(detail.get("total") or 0)
            if total <= 0:
                return ()
            return support(SupportKind.GIFT_SUB, total, tier=_tier(detail.get("sub_tier")))
        case "gift_paid_upgrade" | "prime_paid_upgrade":
            return support(SupportKind.SUB, 1, tier=_tier(detail.get("sub_tier")))
        case "raid":
            raider = _sender(detail, "user") or chatter
            return support(SupportKind.RAID, int(detail.get("viewer_count") or 0), sender=raider)
        case _:
            return ()


def _redemption(event: Payload, *, message_id: str, received_at: datetime) -> Redemption:
    sender = _sender(event, "user")
    if sender is None:
        raise KeyError("redemption without user_id")
    reward: Payload = event["reward"]
    return Redemption(
        platform=Platform.TWITCH,
        event_id=message_id,
        channel=str(event["broadcaster_user_id"]),
        sender=sender,
        reward_id=str(reward["id"]),
        reward_title=str(reward.get("title") or ""),
        user_input=str(event.get("user_input") or ""),
        received_at=received_at,
    )
