"""Session grace period: offline keeps the session, 2 h warns once, 6 h ends it (one flow)."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Harness
from tests.jobs.helpers import announcements, run_at, runs


async def _active(h: Harness) -> bool:
    return bool(await h.pool.fetchval("SELECT count(*) FROM streaming_sessions WHERE is_active"))


async def test_offline_session_is_warned_once_then_ended(h: Harness) -> None:
    await h.say("/live Friday")
    assert "stays open" in await h.say1("/offline")
    off = h.clock.now()
    slot = off.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    assert (await run_at(h.app, "session_grace", slot)).processed == 0  # < 2 h: nothing
    warned = await run_at(h.app, "session_grace", slot + timedelta(hours=2))
    assert warned is not None and warned.processed == 1
    assert await run_at(h.app, "session_grace", slot + timedelta(hours=2)) is None  # same slot
    again = await run_at(h.app, "session_grace", slot + timedelta(hours=3))
    assert again is not None and again.processed == 0  # warned once only
    assert await _active(h)
    ended = await run_at(h.app, "session_grace", slot + timedelta(hours=6))
    assert ended is not None and ended.processed == 1
    assert not await _active(h)
    texts = await announcements(h.pool)  # the start, the warning, the end-of-session summary
    assert len(texts) == 3 and "ends in 4 h" in texts[1] and "Session over" in texts[2]
    feed = await h.pool.fetchval("SELECT count(*) FROM outbox WHERE kind = 'feed'")
    assert feed == 3


async def test_back_online_inside_the_grace_resumes_the_session(h: Harness) -> None:
    await h.say("/live Friday")
    await h.say("/offline")
    h.advance(hours=1)
    assert "Back online" in await h.say1("/live Friday again")
    slot = h.clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=7)
    assert (await run_at(h.app, "session_grace", slot)).processed == 0
    assert await _active(h)


async def test_grace_failure_keeps_the_session(h: Harness) -> None:
    await h.say("/live Friday")
    await h.say("/offline")
    await h.pool.execute("DELETE FROM outbox WHERE kind = 'announce'")  # the start announcement
    await h.pool.execute("ALTER TABLE outbox ADD CONSTRAINT t_no_announce CHECK (kind <> 'announce')")
    slot = h.clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=7)
    failed = await run_at(h.app, "session_grace", slot)
    assert failed is not None and not failed.ok
    assert await _active(h)  # the end rolled back with the announcement
    await h.pool.execute("ALTER TABLE outbox DROP CONSTRAINT t_no_announce")
    done = await run_at(h.app, "session_grace", slot + timedelta(minutes=15))
    assert done is not None and done.ok and not await _active(h)
    assert [r[1] for r in await runs(h.pool, "session_grace")] == ["failed", "ok"]
