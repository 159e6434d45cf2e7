"""Heists on Kick and Twitch at once, through the real adapters and the platform fakes."""

from __future__ import annotations

from bot.announce import ANNOUNCE_KIND, BroadcastPublisher
from bot.app import App
from bot.outbox import OutboxDrain
from tests.adapters.twitch.conftest import CHANNEL
from tests.e2e.test_platforms import (  # noqa: F401  (fixtures)
    KICK_BROADCASTER,
    KickRig,
    TwitchRig,
    app,
    kick,
    kick_body,
    twitch,
)
from tests.fakes.twitch_eventsub import load_fixture


async def _deliver(app: App, twitch: TwitchRig, kick: KickRig) -> None:  # noqa: F811
    """What the chat announcement drain does in ``kingpin run``: every chat gets every line."""
    publisher = BroadcastPublisher([twitch.adapter, kick.adapter])
    await OutboxDrain(app.pool, publisher, kinds=(ANNOUNCE_KIND,)).drain()
    await twitch.adapter.drain()
    await kick.adapter.drain()


def _twitch_lines(twitch: TwitchRig) -> list[str]:  # noqa: F811
    return [s["message"] for s in twitch.api.sent if s.get("broadcaster_id") == CHANNEL]


def _kick_lines(kick: KickRig) -> list[str]:  # noqa: F811
    return [p.body["content"] for p in kick.api.chat_posts]


async def test_heist_announced_on_both_answered_on_kick_twitch_told_the_winner(
    app: App, twitch: TwitchRig, kick: KickRig  # noqa: F811
) -> None:
    # Kick goes live first (livestream status): the session starts; Twitch going live joins it.
    live = kick_body("livestream.status.updated.live.json")
    assert await kick.post(live, "livestream.status.updated", message_id="01LIVE") == 200
    await twitch.settle(await twitch.eventsub.notify(load_fixture("stream.online")))
    assert await app.pool.fetchval("SELECT count(*) FROM streaming_sessions WHERE is_active") == 1
    assert await app.pool.fetchval("SELECT platform FROM streaming_sessions") == "kick"

    await twitch.say("!heist now", fixture="channel.chat.message.moderator")
    await _deliver(app, twitch, kick)
    assert any("HEIST ALERT" in line for line in _twitch_lines(twitch))
    assert any("HEIST ALERT" in line for line in _kick_lines(kick))

    answer = await app.pool.fetchval("SELECT correct_answer FROM heist_events WHERE status = 'open'")
    line = kick_body("chat.message.sent.viewer.json", content=answer)
    assert await kick.post(line, "chat.message.sent", message_id="01ANSWER") == 200
    await kick.adapter.drain()
    await _deliver(app, twitch, kick)
    won = [line for line in _twitch_lines(twitch) if "cracked the heist" in line]
    assert len(won) == 1 and won[0].startswith("🏆 sender_name cracked the heist")
    assert any("cracked the heist" in line for line in _kick_lines(kick))
    winner = await app.pool.fetchrow("SELECT winner_platform, status FROM heist_events")
    assert (winner["winner_platform"], winner["status"]) == ("kick", "won")

    # The same answer typed on Twitch now is simply too late: nothing opens, nothing is paid.
    await twitch.say(answer)
    assert await app.pool.fetchval("SELECT count(*) FROM user_crates WHERE source = 'heist'") == 1
