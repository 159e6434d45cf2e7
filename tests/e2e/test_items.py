"""Items through the console: !inventory, !equip, !unequip, !sell, !collect, !insurance."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.harness import START, Harness, goal_rewards


async def grant(
    h: Harness, player: str, item_name: str, *, equipped: bool = False, durability: int = 100,
    escrow_until: datetime | None = None,
) -> int:
    """Put a catalogue item (by display name) into a player's inventory; returns its row id."""
    uid = await h.user_id(player)
    return await h.pool.fetchval(
        "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, is_equipped, equipped_at,"
        " is_escrowed, escrow_expires_at, source)"
        " SELECT $1, item_id, item_type, $3, base_durability, $4, CASE WHEN $4 THEN now() END,"
        " $5::timestamptz IS NOT NULL, $5, 'admin' FROM items WHERE item_name = $2 RETURNING inventory_id",
        uid, item_name, durability, equipped, escrow_until,
    )


async def ledger_matches(h: Harness, player: str) -> int:
    """Assert sum(ledger) == wealth for the player; return the wealth."""
    uid = await h.user_id(player)
    wealth, total = await h.pool.fetchrow(
        "SELECT wealth, (SELECT coalesce(sum(amount), 0) FROM wealth_ledger WHERE user_id = $1)"
        " FROM users WHERE user_id = $1",
        uid,
    )
    assert wealth == total
    wealth -= await goal_rewards(h.pool, uid)  # achievements reached on the way pay on top
    return wealth


async def equipped(h: Harness, player: str) -> set[str]:
    uid = await h.user_id(player)
    rows = await h.pool.fetch(
        "SELECT i.item_name FROM user_inventory ui JOIN items i USING (item_id)"
        " WHERE ui.user_id = $1 AND ui.is_equipped",
        uid,
    )
    return {r[0] for r in rows}


async def owned(h: Harness, player: str) -> list[str]:
    uid = await h.user_id(player)
    rows = await h.pool.fetch(
        "SELECT i.item_name FROM user_inventory ui JOIN items i USING (item_id)"
        " WHERE ui.user_id = $1 ORDER BY ui.inventory_id",
        uid,
    )
    return [r[0] for r in rows]


async def test_inventory_lists_equipped_durability_and_escrow(h: Harness) -> None:
    empty = await h.say1("alice: !inventory")
    assert "empty (0/10)" in empty
    await grant(h, "alice", "Rusty Knife", equipped=True, durability=73)
    await grant(h, "alice", "Kevlar Vest")
    await grant(h, "alice", "Combat Knife", escrow_until=START + timedelta(hours=5))
    h.advance(seconds=5)
    reply = await h.say1("alice: !inv")
    assert reply.startswith("📦 alice's inventory (2/10): 1. ✅ 🔪 Rusty Knife 73/100 · 2. 🛡️ Kevlar Vest")
    assert "⏳ Escrow (1/3): 3. 🔪 Combat Knife (4h 59m left)" in reply
    assert len(reply) <= 500


async def test_equip_by_prefix_number_and_typo_swaps_the_slot(h: Harness) -> None:
    await h.say("alice: !inventory")
    await grant(h, "alice", "Rusty Knife")
    await grant(h, "alice", "Brass Knuckles")
    await grant(h, "alice", "Leather Jacket")
    assert await h.say1("alice: !equip rusty") == "✅ alice equipped Rusty Knife."
    assert await equipped(h, "alice") == {"Rusty Knife"}
    h.advance(seconds=2)
    assert await h.say1("alice: !equip 2") == "✅ alice equipped Brass Knuckles (swapped out Rusty Knife)."
    h.advance(seconds=2)
    assert await h.say1("alice: !equip #3") == "✅ alice equipped Leather Jacket."
    assert await equipped(h, "alice") == {"Brass Knuckles", "Leather Jacket"}
    h.advance(seconds=2)
    assert "already equipped" in await h.say1("alice: !equip BRASS KNUCKLS")  # close spelling
    uid = await h.user_id("alice")
    logged = await h.pool.fetchval(
        "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'equip'", uid
    )
    assert logged == 3


async def test_equip_refusals_change_nothing(h: Harness) -> None:
    await h.say("alice: !inventory")
    await grant(h, "alice", "Rusty Knife")
    await grant(h, "alice", "Rusty Stick")
    await grant(h, "alice", "Combat Knife", escrow_until=START + timedelta(hours=20))
    h.advance(seconds=2)
    assert await h.say1("alice: !equip bazooka") == "❌ alice, no 'bazooka' in your inventory (!inventory)."
    h.advance(seconds=2)
    ambiguous = await h.say1("alice: !equip rusty")
    assert ambiguous.startswith("🤔 alice, 'rusty' could be ")
    assert "Rusty Knife" in ambiguous and "Rusty Stick" in ambiguous
    h.advance(seconds=2)
    escrow = await h.say1("alice: !equip combat")
    assert "Combat Knife is in escrow" in escrow
    h.advance(seconds=2)
    assert "no '#9'" in await h.say1("alice: !equip 9")
    h.advance(seconds=2)
    assert "Usage: !equip <item>" in await h.say1("alice: !equip")
    assert await equipped(h, "alice") == set()


async def test_unequip_by_slot(h: Harness) -> None:
    await h.say("alice: !inventory")
    assert await h.say1("alice: !unequip weapon") == "❌ alice, nothing is equipped in your weapon slot."
    h.advance(seconds=2)
    assert "Usage: !unequip <weapon|armor|business|housing>" in await h.say1("alice: !unequip sword")
    await grant(h, "alice", "Leather Jacket", equipped=True)
    h.advance(seconds=2)
    assert await h.say1("alice: !unequip ARMOR") == "📤 alice unequipped Leather Jacket (armor slot)."
    assert await equipped(h, "alice") == set()
    assert await owned(h, "alice") == ["Leather Jacket"]


async def test_sell_pays_the_sell_price_and_refuses_equipped_and_escrowed(h: Harness) -> None:
    await h.say("alice: !inventory")
    await grant(h, "alice", "Rusty Knife", equipped=True)
    spare = await grant(h, "alice", "Rusty Knife", durability=40)
    await grant(h, "alice", "Kevlar Vest", escrow_until=START + timedelta(hours=3))
    h.advance(seconds=2)
    sold = await h.say1("alice: !sell rusty knife")
    assert sold == "💵 alice sold Rusty Knife for $250. Balance: $250."
    assert await owned(h, "alice") == ["Rusty Knife", "Kevlar Vest"]
    assert await h.pool.fetchval("SELECT count(*) FROM user_inventory WHERE inventory_id = $1", spare) == 0
    uid = await h.user_id("alice")
    reason = await h.pool.fetchval("SELECT reason FROM wealth_ledger WHERE user_id = $1", uid)
    assert reason == "item_sale"
    h.advance(seconds=2)
    assert await h.say1("alice: !sell rusty") == "🔒 alice, Rusty Knife is equipped: !unequip weapon first."
    h.advance(seconds=2)
    assert "in escrow and can't be sold" in await h.say1("alice: !sell kevlar")
    h.advance(seconds=2)
    assert "no 'golden gun'" in await h.say1("alice: !sell golden gun")
    assert await owned(h, "alice") == ["Rusty Knife", "Kevlar Vest"]
    assert await ledger_matches(h, "alice") == 250


async def test_collect_pays_the_equipped_business_once_per_cycle(h: Harness) -> None:
    await h.say("alice: !inventory")
    assert "no business equipped" in await h.say1("alice: !collect")
    await grant(h, "alice", "Food Cart", equipped=True)
    h.advance(seconds=5)
    paid = await h.say1("alice: !collect")
    assert paid.startswith("🏢 alice collected $") and "from Food Cart" in paid and "Next collection in 3h" in paid
    first = await ledger_matches(h, "alice")
    assert 57 <= first <= 131  # (187 ± 37) − 93 per cycle for a Food Cart
    h.advance(seconds=5)
    assert "still earning: collect again in 2h 59m" in await h.say1("alice: !collect")
    assert await ledger_matches(h, "alice") == first
    h.advance(hours=3)
    assert "collected" in await h.say1("alice: !collect")
    uid = await h.user_id("alice")
    rows = await h.pool.fetch(
        "SELECT reason, amount FROM wealth_ledger WHERE user_id = $1 AND reason <> 'achievement' ORDER BY ledger_id", uid
    )
    assert [r["reason"] for r in rows] == ["business_revenue", "business_revenue"]
    events = await h.pool.fetchval(
        "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'business_collect'"
        " AND rng_seed_id IS NOT NULL",
        uid,
    )
    assert events == 2


async def test_collect_respects_the_daily_cap(h: Harness) -> None:
    await h.say("alice: !inventory")
    await grant(h, "alice", "Neon Nightclub", equipped=True)
    uid = await h.user_id("alice")
    await h.pool.execute(
        "INSERT INTO game_events (user_id, event_type, wealth_change, details)"
        " VALUES ($1, 'business_collect', 49900, jsonb_build_object('day', $2::text))",
        uid, START.date().isoformat(),
    )
    h.advance(seconds=5)
    capped = await h.say1("alice: !collect")
    assert "collected $100 from Neon Nightclub" in capped  # 375..875 capped to what is left today
    h.advance(hours=3)
    assert "already paid today's $50,000 business cap" in await h.say1("alice: !collect")
    assert await ledger_matches(h, "alice") == 100


async def test_insurance_lists_plans_and_charges_the_premium(h: Harness) -> None:
    listing = await h.say1("alice: !insurance")
    assert listing.startswith("🛡️ alice: no policy. Plans (per day): basic 25% $1,000 · standard 50% $5,000")
    h.advance(seconds=5)
    assert "Usage: !insurance [plan]" in await h.say1("alice: !insurance gold")
    h.advance(seconds=5)
    assert await h.say1("alice: !insurance standard") == "💸 alice, you can't afford that. You need $5,000."
    uid = await h.user_id("alice")
    assert await h.pool.fetchval("SELECT count(*) FROM insurance_policies WHERE user_id = $1", uid) == 0
    await h.fund("alice", 6_000)
    h.advance(seconds=5)
    bought = await h.say1("alice: !insurance standard")
    assert bought.startswith("🛡️ alice bought Standard insurance: 50%") and "Balance: $1,000" in bought
    tier, paid_until = await h.pool.fetchrow(
        "SELECT tier, paid_until FROM insurance_policies WHERE user_id = $1 AND status = 'active'", uid
    )
    assert tier == "standard" and paid_until - h.clock.now() == timedelta(hours=24)  # on the game clock
    reason = await h.pool.fetchval(
        "SELECT reason FROM wealth_ledger WHERE user_id = $1 AND amount = -5000", uid
    )
    assert reason == "insurance_premium"
    h.advance(seconds=5)
    assert "already paid for another 23h 59m" in await h.say1("alice: !insurance standard")
    h.advance(seconds=5)
    status = await h.say1("alice: !insure")
    assert status.startswith("🛡️ alice: Standard (50%), paid for another 23h 59m")
    h.advance(seconds=5)
    assert "bought Basic insurance" in await h.say1("alice: !insurance basic")
    assert await ledger_matches(h, "alice") == 0
