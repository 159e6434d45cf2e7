"""Insurance premiums, housing upkeep and business revenue: effect, idempotence, failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.harness import Harness
from tests.jobs.helpers import run_at, runs

DAY = datetime(2026, 1, 6, 0, 0, tzinfo=UTC)


async def _player(h: Harness, name: str, wealth: int) -> int:
    await h.say(f"{name}: hi")
    uid = await h.user_id(name)
    if wealth:
        await h.fund_user(uid, wealth)
    return uid


async def _policy(h: Harness, uid: int, premium: int, paid_until: datetime) -> None:
    await h.pool.execute(
        "INSERT INTO insurance_policies (user_id, tier, daily_premium, started_at, last_paid_at, paid_until)"
        " VALUES ($1, 'basic', $2, $3, $3, $4)",
        uid, premium, paid_until - timedelta(days=1), paid_until,
    )


async def _equip(h: Harness, uid: int, item_type: str) -> dict:
    item = await h.pool.fetchrow(
        "SELECT item_id, item_key, item_name, base_durability, daily_upkeep FROM items"
        " WHERE item_type = $1 AND is_active ORDER BY purchase_price LIMIT 1",
        item_type,
    )
    await h.pool.execute(
        "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, is_equipped, equipped_at)"
        " VALUES ($1, $2, $3, $4, $4, true, $5)",
        uid, item["item_id"], item_type, item["base_durability"], DAY - timedelta(days=2),
    )
    return dict(item)


async def _ledger(h: Harness, uid: int, reason: str) -> list[int]:
    rows = await h.pool.fetch(
        "SELECT amount FROM wealth_ledger WHERE user_id = $1 AND reason = $2 ORDER BY ledger_id", uid, reason
    )
    return [r["amount"] for r in rows]


async def _audit_clean(h: Harness) -> None:
    from bot.audit import run_audit

    async with h.pool.acquire() as conn:
        report = await run_audit(conn)
    assert report.ok, report.lines()


async def test_premiums_charge_the_payers_and_lapse_the_broke(h: Harness) -> None:
    alice = await _player(h, "alice", 5_000)
    bob = await _player(h, "bob", 10)
    await _policy(h, alice, 1_000, DAY + timedelta(hours=15))  # ends during the coming day: due
    await _policy(h, bob, 1_000, DAY + timedelta(hours=3))
    outcome = await run_at(h.app, "insurance_premium", DAY)
    assert outcome is not None and outcome.ok and outcome.processed == 2
    assert await _ledger(h, alice, "insurance_premium") == [-1_000]
    assert await h.wealth("alice") == 4_000
    row = await h.pool.fetchrow("SELECT status, paid_until, last_paid_at FROM insurance_policies WHERE user_id = $1", alice)
    assert row["status"] == "active" and row["paid_until"] == DAY + timedelta(days=1, hours=15)
    assert row["last_paid_at"] == DAY
    assert await h.pool.fetchval("SELECT status FROM insurance_policies WHERE user_id = $1", bob) == "lapsed"
    assert await h.wealth("bob") == 10
    told = await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'insurance_lapsed'", bob
    )
    assert told == 1
    # Idempotent: the same slot is skipped; the next day charges again, once.
    assert await run_at(h.app, "insurance_premium", DAY) is None
    nxt = await run_at(h.app, "insurance_premium", DAY + timedelta(days=1))
    assert nxt is not None and nxt.processed == 1
    assert await _ledger(h, alice, "insurance_premium") == [-1_000, -1_000]
    await _audit_clean(h)


async def test_premium_failure_rolls_back_every_charge(h: Harness) -> None:
    alice = await _player(h, "alice", 5_000)
    bob = await _player(h, "bob", 0)
    await _policy(h, alice, 1_000, DAY)
    await _policy(h, bob, 1_000, DAY)
    await h.pool.execute("ALTER TABLE insurance_policies ADD CONSTRAINT t_no_lapse CHECK (status <> 'lapsed')")
    outcome = await run_at(h.app, "insurance_premium", DAY)
    assert outcome is not None and not outcome.ok
    assert await _ledger(h, alice, "insurance_premium") == []  # alice's charge rolled back too
    assert [r[1] for r in await runs(h.pool, "insurance_premium")] == ["failed"]
    await h.pool.execute("ALTER TABLE insurance_policies DROP CONSTRAINT t_no_lapse")


async def test_housing_upkeep_charges_then_builds_debt_then_evicts(h: Harness) -> None:
    carol = await _player(h, "carol", 100_000)
    dave = await _player(h, "dave", 0)
    house = await _equip(h, carol, "housing")
    await _equip(h, dave, "housing")
    await h.pool.execute("UPDATE users SET housing_debt_days = 5 WHERE user_id = $1", dave)
    first = await run_at(h.app, "housing_upkeep", DAY + timedelta(minutes=5))
    assert first is not None and first.ok and first.processed == 2
    assert await _ledger(h, carol, "housing_upkeep") == [-house["daily_upkeep"]]
    assert await h.pool.fetchval("SELECT housing_debt_days FROM users WHERE user_id = $1", dave) == 6
    assert await run_at(h.app, "housing_upkeep", DAY + timedelta(minutes=5)) is None  # once a slot
    await run_at(h.app, "housing_upkeep", DAY + timedelta(days=1, minutes=5))
    row = await h.pool.fetchrow(
        "SELECT u.housing_debt_days, bool_or(ui.is_equipped) AS equipped FROM users u"
        " JOIN user_inventory ui USING (user_id) WHERE u.user_id = $1 GROUP BY u.housing_debt_days",
        dave,
    )
    assert row["housing_debt_days"] == 0 and row["equipped"] is False  # evicted at 7 days
    assert await _ledger(h, carol, "housing_upkeep") == [-house["daily_upkeep"]] * 2
    await _audit_clean(h)


async def test_business_revenue_pays_each_cycle_once_and_shares_the_collect_cooldown(h: Harness) -> None:
    erin = await _player(h, "erin", 0)
    await _equip(h, erin, "business")
    slot = DAY + timedelta(hours=3)
    outcome = await run_at(h.app, "business_revenue", slot)
    assert outcome is not None and outcome.ok and outcome.processed == 1
    paid = await _ledger(h, erin, "business_revenue")
    assert len(paid) == 1 and paid[0] > 0
    assert await run_at(h.app, "business_revenue", slot) is None
    rolled = await h.pool.fetchrow(
        "SELECT rng_seed_id, details FROM game_events WHERE user_id = $1 AND event_type = 'business_collect'", erin
    )
    assert rolled["rng_seed_id"] is not None  # the fair roll is recorded
    # !collect inside the same cycle is refused: one cycle per 3 h either way.
    h.clock.advance(slot + timedelta(minutes=30) - h.clock.now())
    reply = await h.say1("erin: !collect")
    assert "⏳" in reply or "cooldown" in reply.lower() or "again" in reply.lower(), reply
    assert len(await _ledger(h, erin, "business_revenue")) == 1
    await _audit_clean(h)
