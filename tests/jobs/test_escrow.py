"""Escrow done right: expired escrow never takes a slot; the sweep; !claim; auto-move."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Harness
from tests.jobs.helpers import run_at, runs

BC = "carol [broadcaster]"


async def _crates(h: Harness, name: str, *, held: int, escrowed: int, expired: int) -> int:
    """Give ``name`` crates directly: held ones, live escrow (12 h left), expired escrow."""
    await h.say(f"{name}: hi")
    uid = await h.user_id(name)
    now = h.clock.now()
    rows = [(None, h) for h in range(held)]
    rows += [(now + timedelta(hours=12 - i), 0) for i in range(escrowed)]
    rows += [(now - timedelta(hours=1 + i), 0) for i in range(expired)]
    for n, (until, _) in enumerate(rows):
        await h.pool.execute(
            "INSERT INTO user_crates (user_id, crate_tier, source, is_escrowed, escrow_expires_at, acquired_at)"
            " VALUES ($1, 'common', 'admin', $2::timestamptz IS NOT NULL, $2, $3)",
            uid,
            until,
            now - timedelta(days=2) + timedelta(minutes=n),
        )
    return uid


async def _escrowed(h: Harness, uid: int) -> list[bool]:
    rows = await h.pool.fetch(
        "SELECT escrow_expires_at > $2 AS live FROM user_crates WHERE user_id = $1 AND is_escrowed"
        " ORDER BY crate_id",
        uid,
        h.clock.now(),
    )
    return [r["live"] for r in rows]


async def test_three_expired_escrows_still_let_the_next_crate_in(h: Harness) -> None:
    """Regression: expired escrow rows used to fill the 3 slots, so every new crate was lost."""
    cap = h.app.game.rules.crates.held_cap
    uid = await _crates(h, "alice", held=cap, escrowed=0, expired=3)
    reply = await h.say1(f"{BC}: !givecrate alice rare")
    assert "in escrow" in reply, reply
    assert (await _escrowed(h, uid)).count(True) == 1


async def test_three_expired_item_escrows_still_let_the_next_item_in(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    now = h.clock.now()
    item = await h.pool.fetchrow("SELECT item_id, item_name, base_durability FROM items WHERE item_type = 'weapon' LIMIT 1")
    cap = h.app.game.rules.items.inventory_cap
    for n in range(cap + 3):
        until = now - timedelta(hours=1) if n >= cap else None
        await h.pool.execute(
            "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, is_escrowed,"
            " escrow_expires_at) VALUES ($1, $2, 'weapon', $3, $3, $4::timestamptz IS NOT NULL, $4)",
            uid,
            item["item_id"],
            item["base_durability"],
            until,
        )
    reply = await h.say1(f"{BC}: !giveitem alice {item['item_name']}")
    assert "in escrow" in reply, reply


async def test_sweep_deletes_expired_escrow_once_and_notifies(h: Harness) -> None:
    uid = await _crates(h, "alice", held=1, escrowed=1, expired=2)
    slot = h.clock.now().replace(second=0, microsecond=0)
    outcome = await run_at(h.app, "escrow_sweep", slot)
    assert outcome is not None and outcome.ok and outcome.processed == 2
    assert await _escrowed(h, uid) == [True]  # the live one stays
    notes = await h.pool.fetch(
        "SELECT notification_type FROM user_notifications WHERE user_id = $1 AND notification_type = 'crate_expired'",
        uid,
    )
    assert len(notes) == 2
    # The same slot again: skipped; a later slot finds nothing more to delete.
    assert await run_at(h.app, "escrow_sweep", slot) is None
    again = await run_at(h.app, "escrow_sweep", slot + timedelta(minutes=15))
    assert again is not None and again.processed == 0
    assert [r[1:] for r in await runs(h.pool, "escrow_sweep")] == [("ok", 2), ("ok", 0)]


async def test_sweep_failure_is_recorded_and_changes_nothing(h: Harness) -> None:
    uid = await _crates(h, "alice", held=0, escrowed=0, expired=1)
    slot = h.clock.now().replace(second=0, microsecond=0)
    # A notification the sweep cannot write (its title column refuses) rolls the sweep back.
    await h.pool.execute(
        "ALTER TABLE user_notifications ADD CONSTRAINT t_no_expiry CHECK (notification_type <> 'crate_expired')"
    )
    outcome = await run_at(h.app, "escrow_sweep", slot)
    assert outcome is not None and not outcome.ok and "CheckViolation" in (outcome.error or "")
    assert await _escrowed(h, uid) == [False]  # still there (expired)
    await h.pool.execute("ALTER TABLE user_notifications DROP CONSTRAINT t_no_expiry")
    later = await run_at(h.app, "escrow_sweep", slot + timedelta(minutes=15))
    assert later is not None and later.ok and later.processed == 1
    assert [r[1] for r in await runs(h.pool, "escrow_sweep")] == ["failed", "ok"]


async def test_claim_lists_time_left_and_moves_in(h: Harness) -> None:
    cap = h.app.game.rules.crates.held_cap
    uid = await _crates(h, "alice", held=cap - 1, escrowed=2, expired=1)
    listing = await h.say1("alice: !escrow")
    assert "1) Common crate (11h" in listing and "2) Common crate (10h" in listing
    assert "3)" not in listing  # the expired one is not offered
    reply = await h.say1("alice: !claim all")
    assert "moved in from escrow: Common crate." in reply and "no room for Common crate" in reply
    assert await _escrowed(h, uid) == [True, False]
    h.advance(seconds=5)
    refused = await h.say1("alice: !claim 7")
    assert "claim [n|all]" in refused and "1 to 1" in refused, refused


async def test_opening_a_crate_moves_the_oldest_escrowed_one_in(h: Harness) -> None:
    cap = h.app.game.rules.crates.held_cap
    uid = await _crates(h, "alice", held=cap, escrowed=2, expired=1)
    reply = await h.say1("alice: !open")
    assert "escrowed common crate moved in" in reply, reply
    assert f"{cap} crates left" in reply
    live = await _escrowed(h, uid)
    assert live.count(True) == 1
    held = await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1 AND NOT is_escrowed", uid)
    assert held == cap


async def test_selling_from_a_full_inventory_moves_the_oldest_escrowed_item_in(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    now = h.clock.now()
    item = await h.pool.fetchrow("SELECT item_id, item_name, base_durability FROM items WHERE item_type = 'weapon' LIMIT 1")
    cap = h.app.game.rules.items.inventory_cap
    for n in range(cap + 2):  # a full inventory, then one expired and one live escrowed item
        until = (now - timedelta(hours=1)) if n == cap else (now + timedelta(hours=5)) if n > cap else None
        await h.pool.execute(
            "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, is_escrowed,"
            " escrow_expires_at) VALUES ($1, $2, 'weapon', $3, $3, $4::timestamptz IS NOT NULL, $4)",
            uid, item["item_id"], item["base_durability"], until,
        )
    reply = await h.say1(f"alice: !sell {item['item_name']}")
    assert "moved in from escrow" in reply, reply
    held = await h.pool.fetchval("SELECT count(*) FROM user_inventory WHERE user_id = $1 AND NOT is_escrowed", uid)
    assert held == cap
