"""Start-up reconciliation of event subscriptions with an app token."""

from __future__ import annotations

from adapters.kick import KickAdapter
from adapters.kick.parse import SUBSCRIBED_EVENTS
from tests.adapters.kick.conftest import BROADCASTER, RecordingSink, Running, make_settings
from tests.fakes.kick_api import KickApiFake
from tests.fakes.kick_tokens import MemoryTokenStore
from tests.fakes.kick_webhook import KickSigner


async def test_start_subscribes_every_event_with_an_app_token(running: Running) -> None:
    [post] = running.api.subscription_posts
    assert post["broadcaster_user_id"] == int(BROADCASTER)
    assert post["method"] == "webhook"
    assert [e["name"] for e in post["events"]] == list(SUBSCRIBED_EVENTS)
    assert {e["version"] for e in post["events"]} == {1}
    grants = [r["grant_type"] for r in running.api.token_requests]
    assert grants == ["client_credentials"]


async def test_reconcile_creates_only_what_is_missing(
    kick_api: KickApiFake, signer: KickSigner
) -> None:
    for name in SUBSCRIBED_EVENTS[:5]:
        kick_api.seed_subscription(int(BROADCASTER), name)
    kick_api.seed_subscription(777, "chat.message.sent")  # another channel of the same app
    settings = make_settings(
        kick_api, public_key_pem=signer.public_pem, channels=[BROADCASTER, "555"]
    )
    adapter = KickAdapter(settings, RecordingSink(), MemoryTokenStore())
    await adapter.start()
    try:
        first, second = kick_api.subscription_posts
        assert first["broadcaster_user_id"] == int(BROADCASTER)
        assert [e["name"] for e in first["events"]] == list(SUBSCRIBED_EVENTS[5:])
        assert second["broadcaster_user_id"] == 555
        assert len(second["events"]) == len(SUBSCRIBED_EVENTS)
        # A second pass finds everything in place and reuses the cached app token.
        assert await adapter.reconcile_subscriptions() == {}
        assert len(kick_api.subscription_posts) == 2
        assert [r["grant_type"] for r in kick_api.token_requests] == ["client_credentials"]
    finally:
        await adapter.stop()


async def test_api_failure_at_start_does_not_stop_the_adapter(
    kick_api: KickApiFake, signer: KickSigner
) -> None:
    settings = make_settings(
        kick_api, public_key_pem=signer.public_pem, client_secret="wrong-secret"
    )
    adapter = KickAdapter(settings, RecordingSink(), MemoryTokenStore())
    await adapter.start()  # logs the refusal; the receiver still serves
    try:
        assert kick_api.subscription_posts == []
    finally:
        await adapter.stop()
