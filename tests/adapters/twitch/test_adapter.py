"""The Twitch adapter against local EventSub and Helix fakes, with a recording sink."""

from __future__ import annotations

import asyncio
import copy
import logging

import pytest
from structlog.testing import capture_logs

from adapters.twitch import TwitchAuthError
from bot.events import (
    ChatMessage,
    Platform,
    Redemption,
    Role,
    StreamOnline,
    Support,
    SupportKind,
)
from tests.adapters.twitch.conftest import BOT, CHANNEL, CLIENT_SECRET, OTHER, Twitch, chat
from tests.fakes.twitch_eventsub import load_fixture

SUBSCRIPTIONS_PER_START = 2 * 4 + 1  # chat, notices, online, offline per channel + redemptions


async def test_start_subscribes_bot_and_broadcaster_sessions(twitch: Twitch) -> None:
    await twitch.started()
    subs = {
        (s.type, s.condition["broadcaster_user_id"]) for s in twitch.eventsub.subscriptions.values()
    }
    assert ("channel.chat.message", CHANNEL) in subs and ("stream.offline", OTHER) in subs
    assert ("channel.channel_points_custom_reward_redemption.add", OTHER) in subs
    assert len(twitch.eventsub.subscriptions) == SUBSCRIPTIONS_PER_START
    chat_sub = next(
        r for r in twitch.api.subscription_requests if r["type"] == "channel.chat.message"
    )
    assert (
        chat_sub["condition"]["user_id"] == BOT and chat_sub["transport"]["method"] == "websocket"
    )
    assert len(twitch.eventsub.live_sessions()) == 2


async def test_chat_command_is_answered_threaded_to_the_message(twitch: Twitch) -> None:
    adapter = await twitch.started()
    msg = await twitch.say("!checkin")
    await adapter.drain()
    assert twitch.api.sent == [
        {
            "broadcaster_id": CHANNEL,
            "sender_id": BOT,
            "message": "viewer32 checked in",
            "reply_parent_message_id": msg.message_id,
        }
    ]


async def test_moderator_badge_reaches_the_sink_as_moderator(twitch: Twitch) -> None:
    await twitch.started()
    msg = await twitch.say("!startsession", fixture="channel.chat.message.moderator")
    assert Role.MODERATOR in msg.sender.roles and msg.sender.is_moderator
    viewer = await twitch.say("!startsession")
    assert not viewer.sender.is_moderator


async def test_bot_own_message_never_reaches_the_sink(twitch: Twitch) -> None:
    adapter = await twitch.started()
    await twitch.eventsub.notify(load_chat_from_bot())
    await twitch.say("after")
    await adapter.drain()
    assert [e.sender.user_id for e in twitch.sink.events if isinstance(e, ChatMessage)] == [
        "4145994"
    ]


def load_chat_from_bot() -> dict[str, object]:
    payload = copy.deepcopy(load_fixture("channel.chat.message.viewer"))
    payload["event"].update(
        chatter_user_id=BOT, chatter_user_login="kingpinbot", message_id="own-1"
    )
    return payload


async def test_each_support_and_redemption_becomes_exactly_one_event(twitch: Twitch) -> None:
    await twitch.started()
    notify = twitch.eventsub.notify
    await notify(load_fixture("channel.chat.notification.sub"))
    await notify(load_fixture("channel.chat.notification.community_sub_gift"))
    for n in range(5):  # the gift bomb's per-recipient notices
        recipient = copy.deepcopy(load_fixture("channel.chat.notification.sub_gift"))
        recipient["event"]["message_id"] = f"recipient-{n}"
        recipient["event"]["sub_gift"]["community_gift_id"] = "12111455614691086754"
        await notify(recipient)
    await notify(load_fixture("channel.chat.message.cheer"))
    await notify(load_fixture("channel.chat.notification.raid"))
    redemption_id = await notify(
        load_fixture("channel.channel_points_custom_reward_redemption.add")
    )
    online_id = await notify(load_fixture("stream.online"))
    await twitch.say("sentinel")  # events are processed in order: everything above is in

    supports = [e for e in twitch.sink.events if isinstance(e, Support)]
    assert sorted((s.kind, s.amount) for s in supports) == sorted(
        [
            (SupportKind.SUB, 1),
            (SupportKind.GIFT_SUB, 5),
            (SupportKind.BITS, 100),
            (SupportKind.RAID, 42),
        ]
    )
    assert len({s.event_id for s in supports}) == 4
    (redemption,) = [e for e in twitch.sink.events if isinstance(e, Redemption)]
    assert redemption.event_id == redemption_id and redemption.reward_id == "9001"
    (online,) = [e for e in twitch.sink.events if isinstance(e, StreamOnline)]
    assert online.event_id == online_id and online.channel == OTHER


async def test_duplicate_notification_reaches_the_sink_with_the_same_id(twitch: Twitch) -> None:
    await twitch.started()
    sub = load_fixture("channel.chat.notification.sub")
    await twitch.eventsub.notify(sub, message_id="dup-1")
    await twitch.eventsub.notify(sub, message_id="dup-1")
    redemption = load_fixture("channel.channel_points_custom_reward_redemption.add")
    await twitch.eventsub.notify(redemption, message_id="dup-2")
    await twitch.eventsub.notify(redemption, message_id="dup-2")
    await twitch.sink.wait_for(lambda events: len(events) == 4)
    ids = [e.event_id for e in twitch.sink.events]
    assert ids.count("d62235c8-47ff-a4f4-84e8-5a29a65a9c04") == 2 and ids.count("dup-2") == 2


async def test_session_reconnect_loses_no_message_and_keeps_subscriptions(twitch: Twitch) -> None:
    adapter = await twitch.started()
    old = twitch.bot_session()
    requests_before = len(twitch.api.subscription_requests)
    await twitch.eventsub.reconnect(old)
    on_old = await twitch.eventsub.notify(load_fixture("stream.online"), session=old)
    new = await twitch.eventsub.wait_sessions(3)
    await twitch.eventsub.wait_subscribed(new, 8)
    on_new = await twitch.say("!checkin")
    await twitch.sink.wait_event(on_old)
    async with asyncio.timeout(5):
        await old.closed.wait()
    await adapter.drain()
    assert len(twitch.api.subscription_requests) == requests_before
    assert on_new.message_id in {s["reply_parent_message_id"] for s in twitch.api.sent}
    assert adapter.client is not None
    assert new.id in {s.session_id for s in adapter.client.sockets() if s.connected}
    assert old.id not in {s.session_id for s in adapter.client.sockets()}


async def test_network_loss_reconnects_and_resubscribes(twitch: Twitch) -> None:
    await twitch.started()
    requests_before = len(twitch.api.subscription_requests)
    twitch.eventsub.cut(twitch.bot_session())
    new = await twitch.eventsub.wait_sessions(3)
    await twitch.eventsub.wait_subscribed(new, 8)
    assert len(twitch.api.subscription_requests) == requests_before + 8
    assert (await twitch.say("after the cut")).text == "after the cut"


async def test_keepalive_silence_reconnects(twitch: Twitch) -> None:
    await twitch.started()
    requests_before = len(twitch.api.subscription_requests)
    twitch.eventsub.silence()
    with capture_logs() as logs:
        await twitch.eventsub.wait_sessions(4)  # both sessions gave up on the silent sockets
        await twitch.eventsub.wait_subscription("channel.chat.message", CHANNEL)
        await twitch.eventsub.wait_subscription(
            "channel.channel_points_custom_reward_redemption.add", OTHER
        )
    assert any(e["event"] == "twitch.eventsub_lost" and "keepalive" in e["error"] for e in logs)
    assert len(twitch.api.subscription_requests) > requests_before  # created again
    assert (await twitch.say("still here")).text == "still here"


async def test_revocation_is_logged_and_chat_keeps_working(twitch: Twitch) -> None:
    await twitch.started()
    with capture_logs() as logs:
        await twitch.eventsub.revoke("stream.online", OTHER)
        await twitch.say("still fine")
    revoked = [e for e in logs if e["event"] == "twitch.subscription_revoked"]
    assert revoked and revoked[0]["status"] == "authorization_revoked"
    assert revoked[0]["type"] == "stream.online"


async def test_rate_limited_send_waits_for_ratelimit_reset_and_is_sent_once(
    twitch: Twitch,
) -> None:
    adapter = await twitch.started()
    twitch.api.rate_limit_next = 2
    twitch.api.rate_limit_reset_in = 0.5
    with capture_logs() as logs:
        await twitch.say("!checkin")
        await adapter.drain()
    assert [s["message"] for s in twitch.api.sent] == ["viewer32 checked in"]
    assert twitch.api.send_attempts == 3
    limited = [e for e in logs if e["event"] == "twitch.reply_rate_limited"]
    assert len(limited) == 2 and all(e["retry_after"] > 0 for e in limited)


async def test_dropped_message_is_logged_and_sending_goes_on(twitch: Twitch) -> None:
    adapter = await twitch.started()
    twitch.api.drop_next = [("msg_rejected", "Your message is being checked by mods")]
    with capture_logs() as logs:
        await twitch.say("!checkin first")
        await twitch.say("!checkin second")
        await adapter.drain()
    (dropped,) = [e for e in logs if e["event"] == "twitch.reply_dropped"]
    assert dropped["drop_reason"] == "msg_rejected"
    assert len(twitch.api.sent) == 1


async def test_expired_token_is_refreshed_and_saved(twitch: Twitch) -> None:
    adapter = await twitch.started()
    twitch.api.expire(twitch.bot_token)
    await twitch.say("!checkin")
    await adapter.drain()
    assert len(twitch.api.sent) == 1
    (saved,) = twitch.store.saved
    assert saved.account == BOT and saved.access_token != twitch.bot_token
    assert saved.access_token in twitch.api.access


async def test_revoked_bot_token_fails_start_clearly(twitch: Twitch) -> None:
    twitch.api.revoke_all(BOT)
    adapter = twitch.adapter()
    with capture_logs() as logs, pytest.raises(TwitchAuthError, match="kingpin twitch login"):
        await adapter.start()
    assert any(e["event"] == "twitch.auth_failed" and e["account"] == BOT for e in logs)


async def test_revoked_broadcaster_token_only_disables_redemptions(twitch: Twitch) -> None:
    twitch.api.revoke_all(OTHER)
    adapter = await twitch.started()
    assert adapter.client is not None and len(adapter.client.sockets()) == 1
    assert len(twitch.eventsub.live_sessions()) == 1
    assert (await twitch.say("!checkin")).text == "!checkin"


async def test_sink_failure_is_retried(twitch: Twitch) -> None:
    await twitch.started()
    twitch.sink.fail_next = 2
    assert (await twitch.say("!checkin")).text == "!checkin"


async def test_server_error_on_send_is_retried_and_a_refusal_is_dropped(twitch: Twitch) -> None:
    adapter = await twitch.started()
    twitch.api.fail_next = [500, 403]
    with capture_logs() as logs:
        await twitch.say("!checkin one")
        await twitch.say("!checkin two")
        await adapter.drain()
    assert [s["message"] for s in twitch.api.sent] == ["viewer32 checked in"]
    assert any(e["event"] == "twitch.reply_retry" and e["status"] == 500 for e in logs)
    (refused,) = [e for e in logs if e["event"] == "twitch.reply_refused"]
    assert refused["status"] == 403


async def test_twitchio_endpoints_come_from_the_settings(twitch: Twitch) -> None:
    import twitchio.eventsub.websockets
    from twitchio.http import Route

    from bot.config import TwitchSettings

    defaults = TwitchSettings()
    assert defaults.eventsub_ws_url == "wss://eventsub.wss.twitch.tv/ws"
    assert defaults.helix_url == "https://api.twitch.tv/helix/"
    assert defaults.oauth_url == "https://id.twitch.tv/"
    await twitch.started()
    assert twitch.eventsub.url == twitchio.eventsub.websockets.WSS
    assert (twitch.api.helix_url, twitch.api.oauth_url) == (Route.BASE, Route.ID_BASE)


async def test_no_token_or_secret_in_any_log(
    twitch: Twitch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # twitchio's stdlib logging, every level
    twitch.api.expires_in = 60  # every token is refreshed at start, and again after a 401
    with capture_logs() as logs:
        adapter = await twitch.started()
        await twitch.store.wait_saved(2)
        twitch.api.expire(twitch.store.tokens[(Platform.TWITCH, BOT)].access_token)
        await twitch.say("!checkin")
        await adapter.drain()
        await adapter.stop()
    secrets = {CLIENT_SECRET} | {
        value
        for token in [*twitch.store.saved, *twitch.store.tokens.values()]
        for value in (token.access_token, token.refresh_token)
    }
    secrets |= set(twitch.api.access) | set(twitch.api.refresh)
    assert len(twitch.store.saved) >= 3 and len(twitch.api.sent) == 1
    ours = [r for r in caplog.records if not r.name.startswith(("aiohttp.access", "websockets"))]
    texts = [r.getMessage() for r in ours] + [repr(e) for e in logs]  # not the fakes' own logs
    assert any("twitchio" in r.name for r in caplog.records)
    assert not [t for t in texts for s in secrets if s in t]


async def test_a_field_twitchio_models_require_may_be_missing(twitch: Twitch) -> None:
    from twitchio.models.eventsub_ import create_event_instance

    await twitch.started()
    payload = chat("!checkin")
    del payload["event"]["channel_points_animation_id"]
    with pytest.raises(KeyError):  # why parse.py reads the raw envelope (docs/twitch.md)
        create_event_instance("channel.chat.message", payload, http=None)
    await twitch.eventsub.notify(payload)
    event = await twitch.sink.wait_event(payload["event"]["message_id"])
    assert isinstance(event, ChatMessage) and event.text == "!checkin"
