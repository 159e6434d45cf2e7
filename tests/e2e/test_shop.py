"""Shops through the console: !shop, !reroll, !buy and the black market (!market)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.e2e.test_items import grant, ledger_matches, owned
from tests.harness import START, Harness


async def shop_rows(h: Harness, player: str) -> list[tuple[str, int, bool]]:
    uid = await h.user_id(player)
    rows = await h.pool.fetch(
        "SELECT i.item_name, s.price, s.is_purchased FROM player_shop_inventory s JOIN items i USING (item_id)"
        " WHERE s.user_id = $1 ORDER BY s.shop_item_id",
        uid,
    )
    return [tuple(r) for r in rows]


async def stock_shop(h: Harness, player: str, *names: str) -> None:
    """Replace a player's shop with these items, stocked now on the game clock."""
    uid = await h.user_id(player)
    await h.pool.execute("DELETE FROM player_shop_inventory WHERE user_id = $1", uid)
    await h.pool.execute(
        "INSERT INTO player_shop_inventory (user_id, item_id, price, generated_at)"
        " SELECT $1, item_id, purchase_price, $3 FROM unnest($2::text[]) WITH ORDINALITY AS n(name, k)"
        " JOIN items ON item_name = n.name ORDER BY k",
        uid, list(names), h.clock.now(),
    )


async def test_shop_is_stocked_once_and_restocked_at_the_daily_reset(h: Harness) -> None:
    first = await h.say1("alice: !shop")
    assert first.startswith("🛒 Fresh stock for alice: 1. ") and "restocks in 11h 59m" in first
    assert len(first) <= 500
    stocked = await shop_rows(h, "alice")
    assert 6 <= len(stocked) <= 10 and all(not bought for _, _, bought in stocked)
    assert all(f"{name} (C)" in first for name, _, _ in stocked)  # a Punk sees common items only
    uid = await h.user_id("alice")
    assert await h.pool.fetchval("SELECT generated_at FROM player_shop_inventory WHERE user_id = $1 LIMIT 1", uid) == h.clock.now()
    h.advance(hours=2)
    again = await h.say1("alice: !store")
    assert again.startswith("🛒 alice's shop: 1. ")
    assert await shop_rows(h, "alice") == stocked
    h.advance(hours=10)  # past midnight in the game timezone
    assert (await h.say1("alice: !shop")).startswith("🛒 Fresh stock for alice")
    restocks = await h.pool.fetchval(
        "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = 'shop_restock' AND rng_seed_id IS NOT NULL",
        uid,
    )
    assert restocks == 2


async def test_buy_by_number_and_by_name(h: Harness) -> None:
    await h.say("alice: !shop")
    await h.fund("alice", 100_000)
    await stock_shop(h, "alice", "Rusty Knife", "Kevlar Vest", "Food Cart")
    h.advance(seconds=5)
    assert await h.say1("alice: !buy 2") == "✅ alice bought 🛡️ Kevlar Vest for $3,000. Balance: $97,000. !equip it to use it."
    h.advance(seconds=5)
    assert await h.say1("alice: !buy #2") == "🚫 alice, you already bought Kevlar Vest from this shop."
    h.advance(seconds=5)
    assert "bought 🔪 Rusty Knife for $500" in await h.say1("alice: !buy rusty knif")
    h.advance(seconds=5)
    listing = await h.say1("alice: !shop")
    assert "3. 🏢Food Cart (C) $1,000" in listing and "Rusty Knife" not in listing  # numbers stay put
    assert await shop_rows(h, "alice") == [("Rusty Knife", 500, True), ("Kevlar Vest", 3000, True), ("Food Cart", 1000, False)]
    assert await owned(h, "alice") == ["Kevlar Vest", "Rusty Knife"]
    uid = await h.user_id("alice")
    sources = await h.pool.fetch("SELECT source FROM user_inventory WHERE user_id = $1", uid)
    assert {r[0] for r in sources} == {"shop"}
    reasons = await h.pool.fetch("SELECT reason, amount FROM wealth_ledger WHERE user_id = $1 AND amount < 0", uid)
    assert sorted(tuple(r) for r in reasons) == [("shop_purchase", -3000), ("shop_purchase", -500)]
    assert await ledger_matches(h, "alice") == 96_500


async def test_buy_refusals_change_nothing(h: Harness) -> None:
    await h.say("alice: !inventory")
    h.advance(seconds=5)
    assert await h.say1("alice: !buy 1") == "🛒 alice, your shop has new stock: look at !shop first."
    await stock_shop(h, "alice", "Rusty Knife", "Rusty Stick", "Kevlar Vest", "Pawn Shop")
    h.advance(seconds=5)
    assert await h.say1("alice: !buy kevlar") == "💸 alice, Kevlar Vest costs $3,000: you can't afford it yet."
    h.advance(seconds=5)
    ambiguous = await h.say1("alice: !buy rusty")
    assert ambiguous.startswith("🤔 alice, 'rusty' could be ") and "Rusty Stick" in ambiguous
    h.advance(seconds=5)
    assert await h.say1("alice: !buy golden toilet") == (
        "❌ alice, 'golden toilet' isn't for sale in your !shop or the !market: "
        "buy by a name or # from !shop, or a name from !market."
    )
    h.advance(seconds=5)
    assert "Usage: !buy <item|#>" in await h.say1("alice: !buy")
    await h.fund("alice", 50_000)
    for name in ("Food Cart", "Neon Nightclub", "Underground Casino"):
        await grant(h, "alice", name)
    h.advance(seconds=5)
    assert "already own 3 businesses" in await h.say1("alice: !buy pawn shop")
    for _ in range(7):
        await grant(h, "alice", "Rusty Brick")
    h.advance(seconds=5)
    assert await h.say1("alice: !buy 3") == "📦 alice, your inventory is full (10/10). !sell something first."
    assert all(not bought for _, _, bought in await shop_rows(h, "alice"))
    assert len(await owned(h, "alice")) == 10
    assert await ledger_matches(h, "alice") == 50_000


async def test_reroll_replaces_the_shop_and_uses_a_token(h: Harness) -> None:
    await h.say("alice: !shop")
    uid = await h.user_id("alice")
    await h.pool.execute("INSERT INTO user_consumables (user_id, consumable_key, quantity) VALUES ($1, 'reroll_token', 1)", uid)
    await stock_shop(h, "alice", "Rusty Knife")
    h.advance(seconds=5)
    rerolled = await h.say1("alice: !reroll")
    assert rerolled.startswith("🔄 alice rerolled the shop with a Reroll Token: 1. ")
    assert await h.pool.fetchval("SELECT quantity FROM user_consumables WHERE user_id = $1", uid) == 0
    assert 6 <= len(await shop_rows(h, "alice")) <= 10
    h.advance(seconds=5)
    assert (await h.say1("alice: !refresh")).startswith("🔄 alice rerolled the shop: 1. ")
    assert await ledger_matches(h, "alice") == 0


async def market_rows(h: Harness) -> list[dict[str, object]]:
    rows = await h.pool.fetch(
        "SELECT m.market_id, m.rotation_id, i.item_name, m.price, m.stock_quantity, m.is_featured"
        " FROM black_market_inventory m JOIN items i USING (item_id) ORDER BY m.market_id"
    )
    return [dict(r) for r in rows]


async def test_market_rotation_is_created_once_when_commands_race(h: Harness) -> None:
    await h.say("warm: !shop")  # reserves a block of fair nonces before the race
    names = [f"p{n}" for n in range(6)]
    replies = await asyncio.gather(*(h.say(f"{n}: !market") for n in names))
    texts = {t for r in replies for t in r}
    assert len(texts) == 1 and next(iter(texts)).startswith("🕶️ Black market (rotates in 5h 59m): ")
    rows = await market_rows(h)
    assert {r["rotation_id"] for r in rows} == {1}
    assert 8 <= len(rows) <= 14 and sum(1 for r in rows if r["is_featured"]) == 1
    assert await h.pool.fetchval("SELECT count(*) FROM game_events WHERE event_type = 'market_rotation'") == 1
    h.advance(hours=6)
    await h.say("p0: !bm")
    assert {r["rotation_id"] for r in await market_rows(h)} == {1, 2}


async def test_market_buy_takes_stock_and_refuses_when_sold_out(h: Harness) -> None:
    await h.say("alice: !market", "bob: !market")
    rows = [r for r in await market_rows(h) if not r["is_featured"]]
    cheap = min(rows, key=lambda r: r["price"])
    other = next(r for r in rows if r["item_name"] != cheap["item_name"])
    await h.fund("alice", 1_000_000)
    h.advance(seconds=5)
    bought = await h.say1(f"alice: !buy {str(cheap['item_name']).lower()}")
    assert "bought" in bought and "on the black market for" in bought
    after = {r["market_id"]: r for r in await market_rows(h)}
    assert after[cheap["market_id"]]["stock_quantity"] == cheap["stock_quantity"] - 1
    uid = await h.user_id("alice")
    purchase = await h.pool.fetchrow("SELECT market_id, price_paid FROM black_market_purchases WHERE user_id = $1", uid)
    assert tuple(purchase) == (cheap["market_id"], cheap["price"])
    assert await h.pool.fetchval("SELECT source FROM user_inventory WHERE user_id = $1", uid) == "black_market"
    await h.pool.execute("UPDATE black_market_inventory SET stock_quantity = 0 WHERE market_id = $1", other["market_id"])
    h.advance(seconds=5)
    assert await h.say1(f"alice: !buy {other['item_name']}") == f"🚫 alice, {other['item_name']} is sold out on the black market."
    assert await h.pool.fetchval("SELECT count(*) FROM black_market_purchases") == 1
    assert await ledger_matches(h, "alice") == 1_000_000 - cheap["price"]  # type: ignore[operator]


async def test_the_last_unit_goes_to_one_buyer(h: Harness) -> None:
    buyers = [f"b{n}" for n in range(4)]
    await h.say(*(f"{b}: !market" for b in buyers))
    target = next(r for r in await market_rows(h) if not r["is_featured"])
    await h.pool.execute("UPDATE black_market_inventory SET stock_quantity = 1 WHERE market_id = $1", target["market_id"])
    for b in buyers:
        await h.fund(b, 1_000_000)
    h.advance(seconds=5)
    replies = await asyncio.gather(*(h.say(f"{b}: !buy {target['item_name']}") for b in buyers))
    texts = {t for r in replies for t in r}  # concurrent says may each see the others' lines too
    assert len(texts) == len(buyers)
    assert sum("bought" in t for t in texts) == 1
    assert sum("sold out" in t for t in texts) == 3
    assert await h.pool.fetchval("SELECT stock_quantity FROM black_market_inventory WHERE market_id = $1", target["market_id"]) == 0
    assert await h.pool.fetchval("SELECT count(*) FROM black_market_purchases") == 1
    for b in buyers:
        await ledger_matches(h, b)


async def test_buy_before_the_market_exists_rolls_it(h: Harness) -> None:
    await h.say("alice: !inventory")
    h.advance(seconds=5)
    # not in the (never seen) shop, not on the market: which it rolled to look
    assert "look at !shop first" in await h.say1("alice: !buy nothing like this")
    rows = await market_rows(h)
    assert {r["rotation_id"] for r in rows} == {1}
    await h.say("alice: !shop")
    h.advance(seconds=5)
    assert "isn't for sale" in await h.say1("alice: !buy nothing like this")
    until = await h.pool.fetchval("SELECT max(available_until) FROM black_market_inventory")
    assert until == START + timedelta(hours=6, seconds=7)
