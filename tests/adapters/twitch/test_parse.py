"""parse.py over every Twitch fixture (payloads as Twitch's docs print them)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.twitch.parse import (
    Notification,
    parse_notification,
    read_notification,
    roles_from_badges,
)
from adapters.twitch.sender import MESSAGE_LIMIT
from bot.events import (
    ChatMessage,
    Platform,
    Redemption,
    Role,
    StreamOffline,
    StreamOnline,
    Support,
    SupportKind,
)
from bot.format import split
from tests.fakes.twitch_eventsub import FIXTURES, load_fixture

BOT = "2914196"
NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def parse(name: str, message_id: str = "meta-1", **changes: object) -> tuple[object, ...]:
    payload = load_fixture(name)
    payload["event"].update(changes)
    return parse_notification(payload, message_id=message_id, bot_user_id=BOT, received_at=NOW)


def test_every_notification_fixture_is_covered() -> None:
    names = {p.stem for p in FIXTURES.glob("*.json")}
    notifications = {n for n in names if not n.startswith(("ws.", "helix.", "oauth2."))}
    assert notifications == {
        "channel.channel_points_custom_reward_redemption.add",
        "channel.chat.message.broadcaster",
        "channel.chat.message.cheer",
        "channel.chat.message.moderator",
        "channel.chat.message.viewer",
        "channel.chat.notification.community_sub_gift",
        "channel.chat.notification.community_sub_gift.anonymous",
        "channel.chat.notification.raid",
        "channel.chat.notification.resub",
        "channel.chat.notification.sub",
        "channel.chat.notification.sub_gift",
        "stream.offline",
        "stream.online",
    }


def test_viewer_chat_message() -> None:
    (msg,) = parse("channel.chat.message.viewer")
    assert isinstance(msg, ChatMessage)
    assert msg.platform is Platform.TWITCH
    assert msg.event_id == msg.message_id == "cc106a89-1814-919d-454c-f4f2f970aae8"
    assert msg.channel == "1971641"
    assert (msg.sender.user_id, msg.sender.login, msg.sender.display_name) == (
        "4145994",
        "viewer32",
        "viewer32",
    )
    assert msg.sender.roles == frozenset()
    assert msg.text == "Hi chat" and msg.bits == 0 and msg.received_at == NOW


def test_moderator_badge_gives_moderator_role() -> None:
    (msg,) = parse("channel.chat.message.moderator")
    assert isinstance(msg, ChatMessage)
    assert msg.sender.roles == {Role.MODERATOR, Role.SUBSCRIBER}
    assert msg.sender.is_moderator


def test_broadcaster_badge() -> None:
    (msg,) = parse("channel.chat.message.broadcaster")
    assert isinstance(msg, ChatMessage)
    assert msg.sender.is_broadcaster and msg.sender.is_moderator


def test_broadcaster_without_badge_is_still_broadcaster() -> None:
    (msg,) = parse("channel.chat.message.broadcaster", badges=[])
    assert isinstance(msg, ChatMessage) and msg.sender.is_broadcaster


@pytest.mark.parametrize(
    ("badges", "roles"),
    [
        ([{"set_id": "lead_moderator", "id": "1", "info": ""}], {Role.MODERATOR}),
        ([{"set_id": "vip", "id": "1", "info": ""}], {Role.VIP}),
        ([{"set_id": "founder", "id": "0", "info": "3"}], {Role.FOUNDER, Role.SUBSCRIBER}),
        ([{"set_id": "sub-gifter", "id": "1", "info": ""}], set()),
        (None, set()),
    ],
)
def test_roles_from_badges(badges: list[dict[str, str]] | None, roles: set[Role]) -> None:
    assert roles_from_badges(badges) == roles


def test_bot_own_message_is_dropped() -> None:
    assert parse("channel.chat.message.viewer", chatter_user_id=BOT) == ()


def test_cheer_gives_message_and_one_bits_support() -> None:
    msg, support = parse("channel.chat.message.cheer")
    assert isinstance(msg, ChatMessage) and isinstance(support, Support)
    assert msg.bits == 100 and msg.text == "Cheer100 great stream!"
    assert support.kind is SupportKind.BITS and support.amount == 100
    assert support.event_id == f"{msg.event_id}:bits"
    assert support.sender == msg.sender


def test_anonymous_cheer_has_no_sender_and_no_chat_line() -> None:
    (support,) = parse(
        "channel.chat.message.cheer",
        chatter_user_id="407665396",
        chatter_user_login="ananonymouscheerer",
        chatter_user_name="AnAnonymousCheerer",
    )
    assert isinstance(support, Support) and support.sender is None and support.amount == 100


def test_cheer_from_shared_chat_other_channel_is_not_counted() -> None:
    events = parse("channel.chat.message.cheer", source_broadcaster_user_id="999")
    assert [type(e) for e in events] == [ChatMessage]


def test_sub() -> None:
    (s,) = parse("channel.chat.notification.sub")
    assert isinstance(s, Support)
    assert (s.kind, s.amount, s.tier, s.months) == (SupportKind.SUB, 1, 1, 1)
    assert s.event_id == "d62235c8-47ff-a4f4-84e8-5a29a65a9c04"
    assert s.sender is not None and s.sender.user_id == "49912639"


def test_resub() -> None:
    (s,) = parse("channel.chat.notification.resub")
    assert isinstance(s, Support)
    assert (s.kind, s.amount, s.tier, s.months) == (SupportKind.RESUB, 1, 1, 10)


def test_resub_of_gifted_sub_is_not_counted_again() -> None:
    payload = load_fixture("channel.chat.notification.resub")
    payload["event"]["resub"]["is_gift"] = True
    assert parse_notification(payload, message_id="m", bot_user_id=BOT, received_at=NOW) == ()


def test_single_directed_gift_counts_one() -> None:
    (s,) = parse("channel.chat.notification.sub_gift")
    assert isinstance(s, Support) and (s.kind, s.amount) == (SupportKind.GIFT_SUB, 1)
    assert s.sender is not None and s.sender.user_id == "49912639"


def test_gift_bomb_counts_once_for_the_gifter() -> None:
    (bomb,) = parse("channel.chat.notification.community_sub_gift")
    assert isinstance(bomb, Support)
    assert (bomb.kind, bomb.amount, bomb.tier) == (SupportKind.GIFT_SUB, 5, 1)
    assert bomb.sender is not None and bomb.sender.user_id == "49912639"
    recipient = load_fixture("channel.chat.notification.sub_gift")
    recipient["event"]["sub_gift"]["community_gift_id"] = "12111455614691086754"
    assert parse_notification(recipient, message_id="m", bot_user_id=BOT, received_at=NOW) == ()


def test_anonymous_gift_bomb_has_no_sender() -> None:
    (s,) = parse("channel.chat.notification.community_sub_gift.anonymous")
    assert isinstance(s, Support) and s.sender is None and s.amount == 1


def test_raid_credits_the_raider_with_viewers() -> None:
    (s,) = parse("channel.chat.notification.raid")
    assert isinstance(s, Support) and (s.kind, s.amount) == (SupportKind.RAID, 42)
    assert s.sender is not None and (s.sender.user_id, s.sender.display_name) == (
        "123456",
        "RaidingStreamer",
    )


def test_other_notices_are_ignored() -> None:
    assert parse("channel.chat.notification.raid", notice_type="announcement") == ()
    assert parse("channel.chat.notification.raid", notice_type="shared_chat_raid") == ()


def test_redemption() -> None:
    (r,) = parse("channel.channel_points_custom_reward_redemption.add", message_id="meta-r")
    assert isinstance(r, Redemption)
    assert (r.event_id, r.channel, r.reward_id, r.reward_title, r.user_input) == (
        "meta-r",
        "1337",
        "9001",
        "title",
        "pogchamp",
    )
    assert r.sender.user_id == "9001" and r.sender.display_name == "Cooler_User"


def test_stream_online_and_offline() -> None:
    (on,) = parse("stream.online", message_id="on-1")
    (off,) = parse("stream.offline", message_id="off-1")
    assert isinstance(on, StreamOnline) and (on.event_id, on.channel) == ("on-1", "1337")
    assert isinstance(off, StreamOffline) and (off.event_id, off.channel) == ("off-1", "1337")


def test_unknown_subscription_type_gives_nothing() -> None:
    note = read_notification(json.loads((FIXTURES / "ws.notification.json").read_text()))
    assert note.subscription_type == "channel.follow"
    assert (
        parse_notification(
            note.payload, message_id=note.message_id, bot_user_id=BOT, received_at=NOW
        )
        == ()
    )


def test_read_notification_takes_the_eventsub_message_id() -> None:
    envelope = json.loads((FIXTURES / "ws.notification.json").read_text())
    note = read_notification(envelope)
    assert note == Notification(
        "befa7b53-d79d-478f-86b9-120f112b044e", "channel.follow", envelope["payload"]
    )
    del envelope["metadata"]["subscription_type"]  # falls back to the subscription's type
    assert read_notification(envelope).subscription_type == "channel.follow"


@pytest.mark.parametrize("envelope", [{}, {"metadata": {}}, {"metadata": {"message_id": "x"}}])
def test_malformed_envelope_raises(envelope: dict[str, object]) -> None:
    with pytest.raises((KeyError, TypeError)):
        read_notification(envelope)


def split_text(text: str) -> list[str]:
    """What the Twitch sender cuts a reply into: the one reply splitter, flattened."""
    return split(text, MESSAGE_LIMIT, flatten=True)


def test_split_text_flattens_newlines_and_cuts_at_last_space() -> None:
    assert split_text("a\nb\r\n\nc") == ["a b c"]
    words = " ".join(["word"] * 200)  # 999 chars
    chunks = split_text(words)
    assert all(len(c) <= 500 for c in chunks) and " ".join(chunks) == words
    assert all(not c.startswith(" ") and not c.endswith(" ") for c in chunks)
    assert split_text("x" * 1001) == ["x" * 500, "x" * 500, "x"]
    assert split_text("  \n ") == []
