"""Channel-point redemptions run the same handlers; redemption-only commands refuse chat."""

from __future__ import annotations

from bot.app import open_app
from bot.clock import SimulatedClock
from bot.config import Settings
from bot.events import Platform, Redemption, Sender
from tests.harness import START, Harness


def redeem(h: Harness, title: str, user_input: str = "", *, reward_id: str = "", n: int = 1) -> Redemption:
    return Redemption(
        platform=Platform.TWITCH,
        event_id=f"redeem-{title}-{n}",
        channel="chan",
        sender=Sender(user_id="tw-ana", login="ana", display_name="Ana"),
        reward_id=reward_id,
        reward_title=title,
        user_input=user_input,
        received_at=h.clock.now(),
    )


async def test_redemptions_match_by_title_in_a_safe_order(h: Harness) -> None:
    pipeline = h.app.pipeline
    played = await pipeline(redeem(h, "Play Kingpin"))
    assert played and ("Ana:" in played[0].text or "busted" in played[0].text)
    # "Rob Player" contains "play" but is a rob: it needs a target in the message
    asked = await pipeline(redeem(h, "Rob Player"))
    assert "who to rob" in asked[0].text
    h.advance(seconds=5)
    robbed = await pipeline(redeem(h, "Rob Player", "@nobody_here", n=2))
    assert "don't know that player" in robbed[0].text
    assert await pipeline(redeem(h, "Hydrate!")) == ()
    plays = await h.pool.fetchval("SELECT count(*) FROM game_events WHERE event_type = 'play'")
    assert plays == 1


async def test_a_redelivered_redemption_acts_once(h: Harness) -> None:
    pipeline = h.app.pipeline
    first = await pipeline(redeem(h, "Play Kingpin", n=7))
    again = await pipeline(redeem(h, "Play Kingpin", n=7))
    assert first and again == ()
    assert await h.pool.fetchval("SELECT count(*) FROM game_events WHERE event_type = 'play'") == 1


async def test_redemption_only_play_refuses_chat_and_matches_reward_ids(db_url: str) -> None:
    settings = Settings(
        _env_file=None,
        redemption_only_play=True,
        twitch={"rewards": {"play": "reward-123"}},
    )
    clock = SimulatedClock(START)
    async with open_app(db_url, settings, clock, seed=3, pool_size=2, flush_interval=3600) as app:
        h = Harness(app, clock)
        refused = await h.say1("ana: !play")
        assert "channel-point redemption" in refused
        by_id = await app.pipeline(redeem(h, "Totally Unrelated Title", reward_id="reward-123"))
        assert by_id and "Ana" in by_id[0].text
        assert await app.pool.fetchval("SELECT count(*) FROM game_events WHERE event_type = 'play'") == 1


async def test_console_redeem_directive(h: Harness) -> None:
    replies = await h.say("/as zed", "/redeem play")
    assert len(replies) == 1 and "zed" in replies[0]
