"""Buff expiry and the cleanups: effect, idempotence, failure (a refused delete rolls back)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.harness import Harness
from tests.jobs.helpers import run_at, runs

NOW = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)


async def _seed(h: Harness) -> int:
    await h.say("ann: hi")
    uid = await h.user_id("ann")
    old, soon = NOW - timedelta(days=40), NOW + timedelta(days=1)
    await h.pool.execute(
        "INSERT INTO cooldowns (user_id, command_type, expires_at) VALUES ($1, 'old', $2), ($1, 'live', $3)",
        uid, NOW - timedelta(minutes=1), soon,
    )
    await h.pool.execute(
        "INSERT INTO user_notifications (user_id, notification_type, title, message, created_at, expires_at)"
        " VALUES ($1, 'x', 'old', 'old', $2, $3), ($1, 'x', 'new', 'new', $4, $5)",
        uid, old, soon, NOW - timedelta(days=1), soon,
    )
    await h.pool.execute(
        "INSERT INTO link_codes (code, user_id, platform, created_at, expires_at)"
        " VALUES ('OLDCODE1', $1, 'console', $2, $3), ('NEWCODE1', $1, 'console', $4, $5)",
        uid, old, old + timedelta(minutes=10), NOW, soon,
    )
    await h.pool.execute(
        "INSERT INTO processed_events (platform, event_id, processed_at) VALUES ('twitch', 'old-1', $1), ('twitch', 'new-1', $2)",
        NOW - timedelta(days=3), NOW - timedelta(hours=1),
    )
    await h.pool.execute(
        "INSERT INTO active_buffs (user_id, buff_type, multiplier, activated_at, expires_at)"
        " VALUES ($1, 'xp', 1.5, $2, $3), ($1, 'wealth', 1.5, $2, $4)",
        uid, old, NOW - timedelta(minutes=5), soon,
    )
    return uid


CASES = [
    ("buff_expiry", "SELECT count(*) FROM active_buffs WHERE is_active", 1, "active_buffs", "UPDATE"),
    ("cooldown_cleanup", "SELECT count(*) FROM cooldowns WHERE command_type IN ('old', 'live')", 1, "cooldowns", "DELETE"),
    ("notification_cleanup", "SELECT count(*) FROM user_notifications WHERE notification_type = 'x'", 1, "user_notifications", "DELETE"),
    ("link_code_cleanup", "SELECT count(*) FROM link_codes WHERE code IN ('OLDCODE1', 'NEWCODE1')", 1, "link_codes", "DELETE"),
    ("event_id_cleanup", "SELECT count(*) FROM processed_events WHERE event_id IN ('old-1', 'new-1')", 1, "processed_events", "DELETE"),
]


@pytest.mark.parametrize(("job", "count", "left", "table", "op"), CASES)
async def test_cleanup_effect_and_idempotence(h: Harness, job: str, count: str, left: int, table: str, op: str) -> None:
    await _seed(h)
    outcome = await run_at(h.app, job, NOW)
    assert outcome is not None and outcome.ok and outcome.processed >= 1
    assert await h.pool.fetchval(count) == left
    assert await run_at(h.app, job, NOW) is None
    again = await run_at(h.app, job, NOW + timedelta(days=1))
    assert again is not None and again.ok


@pytest.mark.parametrize(("job", "count", "left", "table", "op"), CASES)
async def test_cleanup_failure_changes_nothing(h: Harness, job: str, count: str, left: int, table: str, op: str) -> None:
    await _seed(h)
    before = await h.pool.fetchval(count)
    await h.pool.execute(
        "CREATE FUNCTION t_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$"
    )
    await h.pool.execute(f"CREATE TRIGGER t_refuse BEFORE {op} ON {table} FOR EACH ROW EXECUTE FUNCTION t_refuse()")
    outcome = await run_at(h.app, job, NOW)
    assert outcome is not None and not outcome.ok and "refused" in (outcome.error or "")
    assert await h.pool.fetchval(count) == before
    assert [r[1] for r in await runs(h.pool, job)] == ["failed"]


async def test_job_run_cleanup_keeps_each_jobs_latest_run(h: Harness) -> None:
    for days in (60, 50, 1):
        await run_at(h.app, "buff_expiry", NOW - timedelta(days=days))
    await run_at(h.app, "cooldown_cleanup", NOW - timedelta(days=45))
    outcome = await run_at(h.app, "job_run_cleanup", NOW)
    assert outcome is not None and outcome.processed == 2  # buff_expiry's two old runs
    assert len(await runs(h.pool, "buff_expiry")) == 1
    assert len(await runs(h.pool, "cooldown_cleanup")) == 1  # its latest, however old
