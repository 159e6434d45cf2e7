"""Concurrency on a real database: supports racing for the crown, answers racing for a heist."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest_asyncio

from bot.app import App, open_app
from bot.clock import SimulatedClock
from bot.config import Settings
from bot.events import ChatMessage, Platform, Role, Sender, StreamOnline, Support, SupportKind
from bot.live.jobs import heist_slot
from game.live.juicernaut import CrownChange, crown_check
from tests.harness import START


@pytest_asyncio.fixture(loop_scope="session")
async def app(db_url: str) -> AsyncIterator[App]:
    async with open_app(db_url, Settings(_env_file=None), SimulatedClock(START), seed=3, pool_size=12,
                        flush_interval=3600) as running:
        yield running


def _sender(n: int, *, mod: bool = False) -> Sender:
    roles = frozenset({Role.MODERATOR}) if mod else frozenset()
    return Sender(user_id=f"u{n}", login=f"viewer{n}", display_name=f"Viewer{n}", roles=roles)


def _bits(n: int, amount: int) -> Support:
    return Support(platform=Platform.TWITCH, event_id=uuid.uuid4().hex, channel="chan", sender=_sender(n),
                   kind=SupportKind.BITS, amount=amount, received_at=START)


def _chat(platform: Platform, n: int, text: str, *, mod: bool = False) -> ChatMessage:
    eid = uuid.uuid4().hex
    return ChatMessage(platform=platform, event_id=eid, channel="chan", sender=_sender(n, mod=mod), text=text,
                       received_at=START, message_id=eid)


async def _go_live(app: App) -> None:
    await app.pipeline(StreamOnline(platform=Platform.TWITCH, event_id=uuid.uuid4().hex, channel="chan",
                                    received_at=START, title="race"))


async def test_concurrent_supports_serialize_the_crown_check(app: App) -> None:
    await _go_live(app)
    # 12 viewers, 4 supports each, all at once; amounts chosen to make many ties and overtakes.
    events = [_bits(n, 100 + 50 * ((n * 7 + k * 3) % 5)) for k in range(4) for n in range(12)]
    await asyncio.gather(*(app.pipeline(e) for e in events))
    async with app.pool.acquire() as conn:
        contributions = await conn.fetch(
            "SELECT user_id, usd_cents FROM session_contributions ORDER BY contribution_id"
        )
        logged = await conn.fetch(
            "SELECT previous_juicernaut_user_id, new_juicernaut_user_id, new_total_cents "
            "FROM juicernaut_crown_changes ORDER BY change_id"
        )
        holder = await conn.fetchval("SELECT current_juicernaut_user_id FROM streaming_sessions WHERE is_active")
    assert len(contributions) == 48
    # Replaying the contributions in commit order through the crown rule gives exactly the log.
    totals: dict[int, int] = {}
    current: int | None = None
    expected: list[CrownChange] = []
    for row in contributions:
        totals[row["user_id"]] = totals.get(row["user_id"], 0) + row["usd_cents"]
        change = crown_check(current, totals.get(current, 0) if current else 0, row["user_id"], totals[row["user_id"]])
        if change is not None:
            expected.append(change)
            current = change.new
    assert [CrownChange(r[0], r[1], r[2]) for r in logged] == expected
    assert holder == current
    assert totals[holder] == max(totals.values())


async def test_two_correct_answers_at_once_have_one_winner(app: App) -> None:
    await _go_live(app)
    for round_ in range(4):
        fired = await app.pipeline(_chat(Platform.TWITCH, 99, "!heist now", mod=True))
        assert fired and "set off a heist" in fired[0].text, fired
        answer = await app.pool.fetchval("SELECT correct_answer FROM heist_events WHERE status = 'open'")
        twitch, kick = _chat(Platform.TWITCH, 2 * round_, answer), _chat(Platform.KICK, 2 * round_ + 1, answer)
        replies = await asyncio.gather(app.pipeline(twitch), app.pipeline(kick))
        told = [r for r in replies if r]
        assert len(told) == 1 and "too late" in told[0][0].text, replies
    async with app.pool.acquire() as conn:
        heists = await conn.fetch("SELECT status, winner_user_id FROM heist_events ORDER BY heist_id")
        crates = await conn.fetchval("SELECT count(*) FROM user_crates WHERE source = 'heist'")
        wins = await conn.fetchval("SELECT sum(heist_wins) FROM users")
    assert [h["status"] for h in heists] == ["won"] * 4
    assert crates == 4 and wins == 4


async def test_a_heist_job_run_twice_for_a_slot_fires_once(app: App) -> None:
    await _go_live(app)
    slot = START.replace(minute=START.minute + 15)
    async def run() -> int:
        async with app.pool.acquire() as conn, conn.transaction():
            return await heist_slot(conn, app.game, app.fairness, slot)

    done = await asyncio.gather(run(), run())
    assert sorted(done) == [0, 1]
    assert await app.pool.fetchval("SELECT count(*) FROM heist_events") == 1
    assert await app.pool.fetchval("SELECT count(*) FROM outbox WHERE kind = 'announce' AND payload->>'text' LIKE '%HEIST ALERT%'") == 1
