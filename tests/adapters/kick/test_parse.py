"""parse.py over every recorded Kick webhook body and Pusher frame."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.kick.parse import (
    MalformedPayload,
    decode_pusher_frame,
    parse_pusher_chat,
    parse_webhook,
    payload_hash,
    roles_from_badges,
)
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
from tests.fakes.kick_webhook import FIXTURES, event_type_of

NOW = datetime(2025, 1, 14, 16, 8, 7, tzinfo=UTC)
KICK_FIXTURES = sorted((FIXTURES / "kick").glob("*.json"))
PUSHER_FIXTURES = sorted((FIXTURES / "pusher").glob("*.json"))


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def webhook(name: str, *, bot: str = "", body: Any = None, event_type: str | None = None) -> Any:
    path = FIXTURES / "kick" / name
    raw = path.read_bytes()
    return parse_webhook(
        event_type or event_type_of(path),
        json.loads(raw) if body is None else body,
        event_id="01MSG",
        payload_hash=payload_hash(raw),
        received_at=NOW,
        bot_user_id=bot,
    )


def test_fixtures_are_present() -> None:
    assert len(KICK_FIXTURES) >= 15 and len(PUSHER_FIXTURES) >= 7


@pytest.mark.parametrize("path", KICK_FIXTURES, ids=lambda p: p.name)
def test_every_kick_fixture_parses(path: Path) -> None:
    event = webhook(path.name)
    expected: dict[str, type | None] = {
        "chat.message.sent": ChatMessage,
        "channel.subscription.new": Support,
        "channel.subscription.renewal": Support,
        "channel.subscription.gifts": Support,
        "kicks.gifted": Support,
        "livestream.status.updated": StreamOnline if ".live" in path.name else StreamOffline,
        # The recorded redemption was rejected: nothing to do.
        "channel.reward.redemption.updated": None,
        "channel.followed": None,
        "livestream.metadata.updated": None,
        "moderation.banned": None,
    }
    kind = expected[event_type_of(path)]
    if kind is None:
        assert event is None
    else:
        assert isinstance(event, kind)
        assert event.platform is Platform.KICK
        assert event.event_id
        assert event.payload_hash == payload_hash(path.read_bytes())
        assert event.received_at == NOW


def test_chat_viewer() -> None:
    event = webhook("chat.message.sent.viewer.json")
    assert isinstance(event, ChatMessage)
    assert event.channel == "123456789"
    assert event.text == "Hello chat"
    assert event.message_id == "unique_message_id_124"
    assert event.event_id == "01MSG"
    assert event.sender.user_id == "987654321"
    assert event.sender.display_name == "sender_name"
    assert event.sender.login == "sender_channel"
    assert event.sender.roles == frozenset()


def test_chat_moderator_roles_from_badges() -> None:
    event = webhook("chat.message.sent.moderator.json")
    assert isinstance(event, ChatMessage)
    assert event.sender.roles == {Role.MODERATOR, Role.SUBSCRIBER}
    assert event.sender.is_moderator
    assert event.text.startswith("Hello [emote:4148074:HYPERCLAP]")


def test_chat_broadcaster_is_broadcaster() -> None:
    event = webhook("chat.message.sent.broadcaster.json")
    assert isinstance(event, ChatMessage)
    assert event.sender.is_broadcaster and event.sender.is_moderator


def test_broadcaster_without_badge_is_still_broadcaster() -> None:
    body = load("kick/chat.message.sent.broadcaster.json")
    body["sender"]["identity"] = None
    event = webhook("chat.message.sent.broadcaster.json", body=body)
    assert event.sender.roles == {Role.BROADCASTER}


def test_chat_reply_keeps_its_own_message_id() -> None:
    event = webhook("chat.message.sent.reply.json")
    assert isinstance(event, ChatMessage)
    assert event.message_id == "unique_message_id_126"
    assert event.text == "@parent_sender_name agreed"


def test_bot_own_message_dropped() -> None:
    assert webhook("chat.message.sent.viewer.json", bot="987654321") is None
    assert webhook("chat.message.sent.viewer.json", bot="1") is not None


def test_all_badge_roles() -> None:
    badges = [
        {"type": t, "text": t}
        for t in ("broadcaster", "moderator", "vip", "og", "subscriber", "founder", "sub_gifter")
    ]
    assert roles_from_badges(badges) == set(Role)
    assert roles_from_badges(None) == frozenset()
    assert roles_from_badges([{"text": "no type"}, "junk"]) == frozenset()


def test_subscription_new_and_renewal() -> None:
    new = webhook("channel.subscription.new.json")
    renewal = webhook("channel.subscription.renewal.json")
    assert isinstance(new, Support) and isinstance(renewal, Support)
    assert (new.kind, new.months, new.amount) == (SupportKind.SUB, 1, 1)
    assert (renewal.kind, renewal.months) == (SupportKind.RESUB, 3)
    assert new.sender is not None and new.sender.user_id == "987654321"


def test_gifted_subs_credit_the_gifter_once() -> None:
    body = load("kick/channel.subscription.gifts.json")
    body["giftees"] = body["giftees"] * 5
    event = webhook("channel.subscription.gifts.json", body=body)
    assert isinstance(event, Support)
    assert event.kind is SupportKind.GIFT_SUB
    assert event.amount == 5
    assert event.sender is not None and event.sender.user_id == "987654321"


def test_anonymous_gift_has_no_sender() -> None:
    event = webhook("channel.subscription.gifts.anonymous.json")
    assert isinstance(event, Support)
    assert event.sender is None and event.amount == 1


def test_kicks_gifted() -> None:
    event = webhook("kicks.gifted.json")
    assert isinstance(event, Support)
    assert (event.kind, event.amount, event.message) == (SupportKind.KICKS, 500, "w")
    assert event.sender is not None and event.sender.login == "gift_sender_channel"


def test_stream_status() -> None:
    live = webhook("livestream.status.updated.live.json")
    assert isinstance(live, StreamOnline) and live.title == "Stream Title"
    assert isinstance(webhook("livestream.status.updated.offline.json"), StreamOffline)


@pytest.mark.parametrize("status", ["pending", "accepted", "PENDING"])
def test_redemption_acts_once_per_redemption_id(status: str) -> None:
    body = load("kick/channel.reward.redemption.updated.json")
    body["status"] = status
    event = webhook("channel.reward.redemption.updated.json", body=body)
    assert isinstance(event, Redemption)
    assert event.event_id == "redemption:01KBHE78QE4HZY1617DK5FC7YD"
    assert event.channel == "333"
    assert event.reward_id == "01KBHE7RZNHB0SKDV1H86CD4F3"
    assert event.reward_title == "Uban Request"
    assert event.user_input == "unban me"
    assert event.sender.user_id == "123"


def test_unknown_type_is_ignored_without_looking() -> None:
    assert webhook("chat.message.sent.viewer.json", event_type="brand.new.event", body=[]) is None


@pytest.mark.parametrize(
    ("name", "mutate"),
    [
        ("chat.message.sent.viewer.json", lambda b: b.pop("sender")),
        ("chat.message.sent.viewer.json", lambda b: b.update(content=None)),
        ("chat.message.sent.viewer.json", lambda b: b.pop("broadcaster")),
        ("chat.message.sent.viewer.json", lambda b: b["broadcaster"].update(user_id=None)),
        ("channel.subscription.gifts.json", lambda b: b.update(giftees="many")),
        ("kicks.gifted.json", lambda b: b["gift"].update(amount="500")),
        ("livestream.status.updated.live.json", lambda b: b.pop("is_live")),
        ("channel.reward.redemption.updated.json", lambda b: b.pop("reward")),
    ],
)
def test_malformed_known_types_raise(name: str, mutate: Any) -> None:
    body = load(f"kick/{name}")
    mutate(body)
    with pytest.raises(MalformedPayload):
        webhook(name, body=body)


def test_non_object_body_raises() -> None:
    with pytest.raises(MalformedPayload):
        webhook("chat.message.sent.viewer.json", body=[1, 2])


def wire(frame: dict[str, Any]) -> str:
    return json.dumps({**frame, "data": json.dumps(frame["data"])})


@pytest.mark.parametrize("path", PUSHER_FIXTURES, ids=lambda p: p.name)
def test_every_pusher_fixture_decodes(path: Path) -> None:
    recorded = json.loads(path.read_text())
    frame = decode_pusher_frame(wire(recorded))
    assert frame.event == recorded["event"]
    assert frame.channel == "chatrooms.2346570.v2"
    assert frame.data == recorded["data"]
    event = parse_pusher_chat(frame, channel="999", received_at=NOW)
    if path.name.startswith("chat_message."):
        assert isinstance(event, ChatMessage)
        assert event.event_id == recorded["data"]["id"] == event.message_id
        assert event.channel == "999"
        assert event.text == recorded["data"]["content"]
        assert event.payload_hash == payload_hash(json.dumps(recorded["data"]))
    else:
        assert event is None  # the socket's money events carry no user ids


def test_pusher_roles() -> None:
    mod = load("pusher/chat_message.moderator.json")
    event = parse_pusher_chat(decode_pusher_frame(wire(mod)), channel="999", received_at=NOW)
    assert event is not None
    assert event.sender.roles == {Role.MODERATOR, Role.SUBSCRIBER}
    assert event.sender.user_id == "72805522"
    assert event.sender.login == "thestaticmagetest"
    caster = load("pusher/chat_message.broadcaster.json")
    event = parse_pusher_chat(decode_pusher_frame(wire(caster)), channel="999", received_at=NOW)
    assert event is not None and event.sender.is_broadcaster
    assert event.sender.display_name == "TheStaticMage"


def test_pusher_bot_own_message_dropped() -> None:
    frame = decode_pusher_frame(wire(load("pusher/chat_message.viewer.json")))
    assert parse_pusher_chat(frame, channel="1", received_at=NOW, bot_user_id="72805522") is None


def test_pusher_bad_frames() -> None:
    with pytest.raises(MalformedPayload):
        decode_pusher_frame("not json")
    with pytest.raises(MalformedPayload):
        decode_pusher_frame('{"data": "{}"}')
    frame = decode_pusher_frame(
        '{"event": "App\\\\Events\\\\ChatMessageEvent", "channel": "c", "data": "{\\"id\\": 1}"}'
    )
    with pytest.raises(MalformedPayload):
        parse_pusher_chat(frame, channel="1", received_at=NOW)
