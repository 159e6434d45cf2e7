"""Public pages: server-rendered boards, the crown, privacy, bad queries, caching."""

from __future__ import annotations

import aiohttp

from bot.repository.web import set_private
from tests.web.conftest import Web, serving


async def _get(web: Web, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(web.base + path) as resp:
        return resp.status, await resp.text()


async def test_home_shows_boards_and_the_live_session(web: Web) -> None:
    await web.h.say("alice: !checkin", "bob: !checkin", "streamer [broadcaster]: /live")
    status, page = await _get(web, "/")
    assert status == 200
    assert "Richest players" in page and "alice" in page and "bob" in page
    assert "Live now" in page


async def test_leaderboard_by_period_and_metric(web: Web) -> None:
    await web.h.say("alice: !checkin", "bob: !checkin", "bob: !play")
    status, page = await _get(web, "/leaderboard?period=daily&metric=checkins")
    assert status == 200 and "Daily checkins leaderboard" in page
    assert "alice" in page and "bob" in page
    status, text = await _get(web, "/leaderboard?period=fortnight&metric=wealth")
    assert status == 400 and "weekly" in text and "checkins" in text


async def test_a_private_player_keeps_a_place_but_shows_nothing(db_url: str) -> None:
    from tests.harness import harness

    async with harness(db_url) as h, serving(h, db_url, ttl=0) as web:
        await h.say("alice: !checkin", "bob: !checkin")
        async with h.pool.acquire() as conn:
            await set_private(conn, await h.user_id("bob"), True)
        _, page = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        assert "alice" in page and "bob" not in page and "private player" in page


async def test_pages_are_cached_for_a_few_seconds(db_url: str) -> None:
    from tests.harness import harness

    async with harness(db_url) as h, serving(h, db_url, ttl=3600) as web:
        await h.say("alice: !checkin")
        _, first = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        await h.say("zed: !checkin")
        _, second = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        assert first == second and "zed" not in second
    async with harness(db_url) as h, serving(h, db_url, ttl=0) as web:
        _, fresh = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        assert "zed" in fresh


async def test_private_command_hides_and_shows_on_the_public_page(db_url: str) -> None:
    from tests.harness import harness

    async with harness(db_url) as h, serving(h, db_url, ttl=0) as web:
        await h.say("alice: !checkin", "bob: !checkin")
        assert "hidden" in await h.say1("bob: !private")
        _, page = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        assert "bob" not in page and "private player" in page
        h.advance(seconds=5)
        assert "shown" in await h.say1("bob: !private off")
        _, page = await _get(web, "/leaderboard?period=lifetime&metric=wealth")
        assert "bob" in page and "private player" not in page
        h.advance(seconds=5)
        assert await h.say1("bob: !private maybe") == "ℹ️ Usage: !private [on|off]"
