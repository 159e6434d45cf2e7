"""Signed webhook deliveries posted to the running endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.kick import KickAdapter
from bot.events import ChatMessage, Platform, Redemption, StreamOnline, Support, SupportKind
from tests.adapters.kick.conftest import BROADCASTER, Running, make_settings
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_tokens import MemoryTokenStore
from tests.fakes.kick_webhook import FIXTURES, KickSigner

from .conftest import RecordingSink

PATH = "/kick/webhook"


def body_of(name: str, **changes: Any) -> bytes:
    data = json.loads((FIXTURES / "kick" / name).read_text())
    data.update(changes)
    return json.dumps(data).encode()


async def deliver(
    run: Running, signer: KickSigner, body: bytes, event_type: str, **header_args: Any
) -> int:
    headers = signer.headers(body, event_type, **header_args)
    async with run.client.post(PATH, data=body, headers=headers) as resp:
        return resp.status


async def test_valid_chat_command_is_answered_through_the_chat_api(
    running: Running, signer: KickSigner
) -> None:
    body = body_of("chat.message.sent.viewer.json", content="!balance")
    assert await deliver(running, signer, body, "chat.message.sent", message_id="01A") == 200
    [event] = running.sink.accepted
    assert isinstance(event, ChatMessage)
    assert event.event_id == "01A"
    assert event.payload_hash == hashlib.sha256(body).hexdigest()
    assert event.channel == BROADCASTER and event.text == "!balance"
    await running.adapter.drain()
    [post] = running.api.chat_posts
    assert post.account == "4242"
    assert post.body == {
        "type": "user",
        "broadcaster_user_id": int(BROADCASTER),
        "content": "sender_name ran !balance",
        "reply_to_message_id": "unique_message_id_124",
    }


async def test_bad_signature_is_401(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json")
    headers = signer.headers(body, "chat.message.sent")
    headers["Kick-Event-Signature"] = headers["Kick-Event-Signature"][:-8] + "AAAAAAA="
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 401
    headers["Kick-Event-Signature"] = "not base64!"
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 401
    assert running.sink.events == []


async def test_signed_by_another_key_is_401(running: Running) -> None:
    stranger = KickSigner()
    body = body_of("chat.message.sent.viewer.json")
    assert await deliver(running, stranger, body, "chat.message.sent") == 401
    assert running.sink.events == []


async def test_signature_covers_id_and_timestamp(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json")
    headers = signer.headers(body, "chat.message.sent", message_id="01ORIGINAL")
    headers["Kick-Event-Message-Id"] = "01REPLAYED"
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 401
    assert running.sink.events == []


async def test_stale_and_future_timestamps_are_400(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json")
    for offset in (timedelta(minutes=-11), timedelta(minutes=11)):
        stamp = (datetime.now(UTC) + offset).isoformat()
        assert await deliver(running, signer, body, "chat.message.sent", timestamp=stamp) == 400
    assert await deliver(running, signer, body, "chat.message.sent", timestamp="yesterday") == 400
    assert running.sink.events == []


async def test_missing_headers_are_400(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json")
    headers = signer.headers(body, "chat.message.sent")
    del headers["Kick-Event-Signature"]
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 400
    assert running.sink.events == []


async def test_truncated_body(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json")
    cut = body[: len(body) // 2]
    # Signed in full, delivered cut: the signature no longer matches.
    status = await deliver(running, signer, cut, "chat.message.sent", signed_body=body)
    assert status == 401
    # Signed as cut (a broken sender): verified, but not JSON.
    assert await deliver(running, signer, cut, "chat.message.sent") == 400
    assert running.sink.events == []


async def test_known_type_missing_fields_is_400(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json", sender=None)
    assert await deliver(running, signer, body, "chat.message.sent") == 400
    assert running.sink.events == []


async def test_unknown_type_is_200_and_ignored(running: Running, signer: KickSigner) -> None:
    body = b'{"anything": [1, 2, 3]}'
    assert await deliver(running, signer, body, "channel.hype_train.begin") == 200
    body = body_of("moderation.banned.json")
    assert await deliver(running, signer, body, "moderation.banned") == 200
    body = body_of("channel.followed.json")
    assert await deliver(running, signer, body, "channel.followed") == 200
    assert running.sink.events == []


async def test_other_channels_are_ignored(running: Running, signer: KickSigner) -> None:
    data = json.loads(body_of("chat.message.sent.viewer.json"))
    data["broadcaster"]["user_id"] = 5
    assert await deliver(running, signer, json.dumps(data).encode(), "chat.message.sent") == 200
    assert running.sink.events == []


async def test_same_event_twice_counts_once(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json", content="!play")
    for _ in range(2):
        assert await deliver(running, signer, body, "chat.message.sent", message_id="01DUP") == 200
    first, second = running.sink.events
    assert first.event_id == second.event_id == "01DUP"
    assert len(running.sink.accepted) == 1
    await running.adapter.drain()
    assert len(running.api.chat_posts) == 1


async def test_same_event_concurrently_counts_once(running: Running, signer: KickSigner) -> None:
    body = body_of("chat.message.sent.viewer.json", content="!play")
    statuses = await asyncio.gather(
        *(deliver(running, signer, body, "chat.message.sent", message_id="01CON") for _ in range(8))
    )
    assert statuses == [200] * 8
    assert {e.event_id for e in running.sink.events} == {"01CON"}
    assert len(running.sink.accepted) == 1


async def test_same_payload_under_a_new_id_counts_once(
    running: Running, signer: KickSigner
) -> None:
    body = body_of("kicks.gifted.json")
    assert await deliver(running, signer, body, "kicks.gifted", message_id="01FIRST") == 200
    assert await deliver(running, signer, body, "kicks.gifted", message_id="01AGAIN") == 200
    first, second = running.sink.events
    assert (first.event_id, second.event_id) == ("01FIRST", "01AGAIN")
    assert first.payload_hash == second.payload_hash == hashlib.sha256(body).hexdigest()
    assert len(running.sink.accepted) == 1


async def test_gifted_subs_credit_the_gifter_once(running: Running, signer: KickSigner) -> None:
    data = json.loads(body_of("channel.subscription.gifts.json"))
    data["giftees"] = [dict(data["giftees"][0], user_id=1000 + i) for i in range(3)]
    body = json.dumps(data).encode()
    assert await deliver(running, signer, body, "channel.subscription.gifts") == 200
    [gift] = running.sink.accepted
    assert isinstance(gift, Support)
    assert gift.kind is SupportKind.GIFT_SUB and gift.amount == 3
    assert gift.sender is not None and gift.sender.user_id == "987654321"


async def test_redemption_updates_share_one_event_id(running: Running, signer: KickSigner) -> None:
    data = json.loads(body_of("channel.reward.redemption.updated.json"))
    data["broadcaster"]["user_id"] = int(BROADCASTER)
    for status in ("pending", "accepted"):
        body = json.dumps(dict(data, status=status)).encode()
        assert await deliver(running, signer, body, "channel.reward.redemption.updated") == 200
    first, second = running.sink.events
    assert isinstance(first, Redemption) and isinstance(second, Redemption)
    assert first.event_id == second.event_id == "redemption:01KBHE78QE4HZY1617DK5FC7YD"
    assert len(running.sink.accepted) == 1


async def test_stream_online(running: Running, signer: KickSigner) -> None:
    body = body_of("livestream.status.updated.live.json")
    assert await deliver(running, signer, body, "livestream.status.updated") == 200
    [event] = running.sink.accepted
    assert isinstance(event, StreamOnline) and event.platform is Platform.KICK


async def test_sink_failure_is_500_and_redelivery_succeeds(
    running: Running, signer: KickSigner
) -> None:
    body = body_of("chat.message.sent.viewer.json", content="!play")
    headers = signer.headers(body, "chat.message.sent")
    running.sink.fail = True
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 500
    assert running.sink.accepted == []
    running.sink.fail = False
    async with running.client.post(PATH, data=body, headers=headers) as resp:
        assert resp.status == 200
    assert len(running.sink.accepted) == 1


async def test_before_start_the_endpoint_is_503(
    kick_api: KickApiFake, signer: KickSigner, sink: RecordingSink
) -> None:
    adapter = KickAdapter(
        make_settings(kick_api, public_key_pem=signer.public_pem), sink, MemoryTokenStore()
    )
    app = web.Application()
    adapter.add_routes(app)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        body = body_of("chat.message.sent.viewer.json")
        headers = signer.headers(body, "chat.message.sent")
        async with client.post(PATH, data=body, headers=headers) as resp:
            assert resp.status == 503
    assert sink.events == []


async def test_empty_key_setting_fetches_kick_public_key(
    kick_api: KickApiFake, signer: KickSigner, sink: RecordingSink
) -> None:
    adapter = KickAdapter(make_settings(kick_api, public_key_pem=""), sink, MemoryTokenStore())
    app = web.Application()
    adapter.add_routes(app)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        await adapter.start()
        try:
            body = body_of("chat.message.sent.viewer.json")
            headers = signer.headers(body, "chat.message.sent")
            async with client.post(PATH, data=body, headers=headers) as resp:
                assert resp.status == 200
        finally:
            await adapter.stop()
    assert len(sink.accepted) == 1


def test_shipped_public_key_loads() -> None:
    from adapters.kick.webhook import SignatureVerifier
    from bot.config import KICK_PUBLIC_KEY_PEM

    verifier = SignatureVerifier(KICK_PUBLIC_KEY_PEM)
    assert not verifier.verify("id", "ts", b"{}", "AAAA")
