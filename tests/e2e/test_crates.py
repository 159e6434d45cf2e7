"""Crates through the console: !crates and !open (oldest first, titles and duplicates)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from tests.e2e.test_items import grant, ledger_matches
from tests.harness import START, Harness, harness


async def crate(h: Harness, player: str, tier: str, *, age_minutes: int = 0, escrow_until: datetime | None = None) -> int:
    uid = await h.user_id(player)
    return await h.pool.fetchval(
        "INSERT INTO user_crates (user_id, crate_tier, source, is_escrowed, escrow_expires_at, acquired_at)"
        " VALUES ($1, $2, 'gift', $3::timestamptz IS NOT NULL, $3, now() - make_interval(mins => $4))"
        " RETURNING crate_id",
        uid, tier, escrow_until, age_minutes,
    )


async def test_crates_counts_by_tier_and_escrow(h: Harness) -> None:
    assert "no crates yet (0/10)" in await h.say1("alice: !crates")
    await crate(h, "alice", "common")
    await crate(h, "alice", "common")
    await crate(h, "alice", "rare")
    await crate(h, "alice", "legendary", escrow_until=START + timedelta(hours=2))
    h.advance(seconds=5)
    reply = await h.say1("alice: !crate")
    assert reply == (
        "📦 alice's crates (3/10): 2 common, 1 rare | ⏳ Escrow (1/3): 1 legendary, first expires in 1h 59m. "
        "!open opens the oldest."
    )


async def test_open_takes_the_oldest_crate_and_records_the_open(h: Harness) -> None:
    await h.say("alice: !crates")
    rare = await crate(h, "alice", "rare", age_minutes=1)
    common = await crate(h, "alice", "common", age_minutes=5)
    h.advance(seconds=5)
    first = await h.say1("alice: !open")
    assert first.startswith("📦 alice opened a Common crate → ") and first.endswith("1 crate left.")
    uid = await h.user_id("alice")
    opened = await h.pool.fetch("SELECT crate_id, crate_tier, drop_type FROM crate_opens WHERE user_id = $1", uid)
    assert [(r["crate_id"], r["crate_tier"]) for r in opened] == [(common, "common")]
    assert await h.pool.fetchval("SELECT array_agg(crate_id) FROM user_crates WHERE user_id = $1", uid) == [rare]
    assert await h.pool.fetchval(
        "SELECT count(*) FROM cooldowns WHERE user_id = $1 AND command_type = 'crate_open'", uid
    ) == 1
    assert await h.pool.fetchval(
        "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'crate_open' AND rng_seed_id IS NOT NULL",
        uid,
    ) == 1
    h.advance(seconds=5)
    assert await h.say("alice: !open") == ["⏳ alice, slow down: 24 s."]  # the 30 s throttle, told once
    assert await h.say("alice: !open") == []
    h.advance(seconds=30)
    second = await h.say1("alice: !open rare")
    assert second.startswith("📦 alice opened a Rare crate → ")
    h.advance(seconds=31)
    assert "no crate to open" in await h.say1("alice: !open")
    drops = await h.pool.fetch("SELECT drop_type, item_id, wealth_amount FROM crate_opens WHERE user_id = $1", uid)
    assert len(drops) == 2
    items = await h.pool.fetchval("SELECT count(*) FROM user_inventory WHERE user_id = $1 AND source = 'crate'", uid)
    assert items == sum(1 for d in drops if d["drop_type"] in ("weapon", "armor"))
    wealth = sum(d["wealth_amount"] or 0 for d in drops)
    assert await ledger_matches(h, "alice") == wealth
    assert await h.pool.fetchval("SELECT crates_opened FROM users WHERE user_id = $1", uid) == 2


async def test_open_refusals_change_nothing(h: Harness) -> None:
    await h.say("alice: !crates")
    assert "Usage: !open" in await h.say1("alice: !open epic")
    h.advance(seconds=31)
    await crate(h, "alice", "common")
    await crate(h, "alice", "rare", escrow_until=START + timedelta(hours=2))
    assert await h.say1("alice: !open legendary") == "📦 alice, you have no legendary crate to open (!crates)."
    h.advance(seconds=31)
    assert "no rare crate" in await h.say1("alice: !open rare")  # only one in escrow
    for _ in range(10):
        await grant(h, "alice", "Rusty Knife")
    h.advance(seconds=31)
    full = await h.say1("alice: !open")
    assert full == "📦 alice, your inventory is full (10/10): !sell something before opening crates."
    uid = await h.user_id("alice")
    assert await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1", uid) == 2
    assert await h.pool.fetchval("SELECT count(*) FROM crate_opens") == 0
    assert await ledger_matches(h, "alice") == 0


async def test_titles_unlock_and_duplicates_convert_to_wealth(db_url: str) -> None:
    # Rare crates always drop a title here, so the test needs no lucky seed.
    weights = [[0.4, 0.4, 0.2, 0.0], [0.39, 0.39, 0.22, 0.0], [0.0, 0.0, 0.0, 1.0], [0.3, 0.3, 0.3, 0.1]]
    async with harness(db_url) as h:
        await h.pool.execute(
            "INSERT INTO bot_config (config_key, config_value, value_type, scope)"
            " VALUES ('crates.drop_weights', $1, 'json', 'rules')",
            json.dumps(weights),
        )
    async with harness(db_url) as h:
        await h.say("alice: !crates")
        await crate(h, "alice", "rare", age_minutes=2)
        await crate(h, "alice", "rare", age_minutes=1)
        h.advance(seconds=5)
        fresh = await h.say1("alice: !open")
        assert "→ 🏷️ new title: " in fresh
        uid = await h.user_id("alice")
        title = await h.pool.fetchval("SELECT title FROM user_titles WHERE user_id = $1 AND source = 'crate'", uid)
        assert title is not None and title in fresh
        # own every rare title: the next one is a duplicate
        await h.pool.execute(
            "INSERT INTO user_titles (user_id, title, source) SELECT $1, title_name, 'admin' FROM crate_titles"
            " WHERE crate_tier = 'rare' ON CONFLICT DO NOTHING",
            uid,
        )
        h.advance(seconds=31)
        dup = await h.say1("alice: !open")
        assert "again: converted to $5,000." in dup
        row = await h.pool.fetchrow(
            "SELECT title_was_duplicate, duplicate_conversion FROM crate_opens WHERE user_id = $1"
            " ORDER BY open_id DESC LIMIT 1",
            uid,
        )
        assert tuple(row) == (True, 5000)
        assert await h.pool.fetchval(
            "SELECT reason FROM wealth_ledger WHERE user_id = $1", uid
        ) == "title_duplicate"
        assert await ledger_matches(h, "alice") == 5000
