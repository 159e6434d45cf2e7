"""The simulator's `apply_effects` leaves the same state as the repository's, effect for effect.

Real resolutions (check-in, plays that drop crates or bust, crate opening, equipping, a rob that
steals money and an item, bail, a !give with its fee, a sale, a shop restock and purchase) are
resolved by the engine from the simulator's world, then applied twice: to PostgreSQL by
``bot.repository.effects`` and to the world by ``kingpin_sim.world``. After each one every
player's wealth, XP, level, tier, tokens, jail, check-in streak, items, crates and titles must
agree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg

from bot.repository import reads
from bot.repository.effects import apply_effects as apply_to_database
from bot.repository.players import read_players
from bot.sql import QUERIES
from game import (
    DEFAULT_RULES,
    BailState,
    CheckinState,
    Effect,
    FairRng,
    InventoryState,
    OpenCrateState,
    PlayState,
    RobState,
    ShopPurchaseState,
    ShopStocked,
    game_day,
    generate_shop,
    load_catalogue,
    resolve_bail,
    resolve_checkin,
    resolve_equip,
    resolve_open_crate,
    resolve_play,
    resolve_rob,
    resolve_sell,
    resolve_shop_purchase,
)
from game.effects import Resolved
from game.give import GiveState, resolve_give
from kingpin_sim.world import Viewer, World, apply_effects

START = datetime(2026, 1, 5, 19, tzinfo=UTC)
RULES = DEFAULT_RULES.with_overrides(
    {"play.crate_chance": 1.0, "play.bust_chance": 0.0, "rob.item_theft_chance": 1.0, "rob.base_rate": 0.85}
)
BUSTING = RULES.with_overrides({"play.bust_chance": 1.0})


async def _next_id(conn: asyncpg.Connection, table: str, column: str) -> int:
    return await conn.fetchval("SELECT nextval(pg_get_serial_sequence($1, $2))", table, column) + 1


async def _players(conn: asyncpg.Connection, names: list[str]) -> list[int]:
    return [await conn.fetchval(QUERIES["players/upsert_console"], n, n, n) for n in names]


async def _assert_same(conn: asyncpg.Connection, world: World, uids: list[int]) -> None:
    rows = await read_players(conn, uids)
    catalogue = world.catalogue
    for uid in uids:
        v, row = world.viewer(uid), rows[uid]
        assert (row.wealth, row.xp, row.level, row.tier, row.tokens) == (v.wealth, v.xp, v.level, v.tier, v.tokens), uid
        assert row.jailed_until == v.jailed_until
        assert (row.checkin_streak, row.longest_streak, row.last_checkin_date) == (
            v.streak, v.longest_streak, v.last_checkin,
        )
        items = await reads.inventory(conn, uid, catalogue)
        assert sorted((i.instance_id, i.item.key, i.durability, i.equipped, i.escrow_until) for i in items) == sorted(
            (i.instance_id, i.item.key, i.durability, i.equipped, i.escrow_until) for i in v.items
        )
        crates = await reads.crates(conn, uid)
        assert sorted((c.crate_id, c.tier, c.escrow_until) for c in crates) == sorted(
            (c.crate_id, c.tier, c.escrow_until) for c in v.crates
        )
        titles = {r["title"] for r in await conn.fetch(QUERIES["titles/list"], uid)}
        assert titles == v.titles


async def test_the_world_and_the_repository_agree_after_every_resolution(conn: asyncpg.Connection) -> None:
    uids = await _players(conn, ["ann", "bob"])
    world = World(load_catalogue(), [Viewer(i + 1, 0) for i in range(max(uids))])
    world.next_item_id = await _next_id(conn, "user_inventory", "inventory_id")
    world.next_crate_id = await _next_id(conn, "user_crates", "crate_id")
    ann, bob = (world.viewer(uid) for uid in uids)
    rng = FairRng(b"world-vs-repository", "test", 0)
    now = START
    applied = 0

    async def both(outcome: object, at: datetime, source: str = "play") -> None:
        nonlocal applied
        assert isinstance(outcome, Resolved), outcome
        effects: tuple[Effect, ...] = outcome.effects
        async with conn.transaction():
            await apply_to_database(conn, effects, game_day=game_day(at, RULES), now=at, source=source)
        apply_effects(world, effects, at)
        applied += 1
        await _assert_same(conn, world, uids)

    for v in (ann, bob):
        await both(resolve_checkin(CheckinState(v.player()), rules=RULES, now=now), now)
        for _ in range(6):  # every play drops a crate
            now += timedelta(seconds=5)
            held = len(v.crates)
            await both(resolve_play(PlayState(v.player(), world.catalogue, crates_held=held), rules=RULES, rng=rng, now=now), now)
        while v.crates:
            now += timedelta(seconds=31)
            state = OpenCrateState(v.uid, tuple(v.crates), len(v.items), frozenset(v.titles), world.catalogue)
            await both(resolve_open_crate(state, rules=RULES, rng=rng, now=now), now, "crate")
        for slot_item in {i.item.type: i for i in v.items}.values():
            await both(resolve_equip(InventoryState(v.uid, tuple(v.items)), slot_item.instance_id, rules=RULES, now=now), now)

    assert any(i.equipped for i in bob.items)
    now += timedelta(minutes=1)
    state = RobState(ann.player(), bob.player(), tuple(ann.items), tuple(bob.items))
    robbed = resolve_rob(state, rules=RULES, rng=rng, now=now)
    await both(robbed, now, "rob")
    assert robbed.result.success and robbed.result.stolen > 0 and robbed.result.item_stolen

    now += timedelta(minutes=1)
    await both(resolve_play(PlayState(bob.player(), world.catalogue), rules=BUSTING, rng=rng, now=now), now)
    assert bob.jailed_until is not None
    await both(resolve_bail(BailState(bob.player()), rules=RULES, now=now), now)
    assert bob.jailed_until is None

    gift = GiveState(ann.player(), bob.player(), ann.wealth // 10, 0)
    await both(resolve_give(gift, rules=RULES, now=now), now)

    junk = next(i for i in ann.items if not i.equipped and i.escrow_until is None)
    await both(resolve_sell(InventoryState(ann.uid, tuple(ann.items)), junk.instance_id, rules=RULES, now=now), now)

    keys = generate_shop(ann.level, world.catalogue, rules=RULES, rng=rng)
    await both(Resolved(keys, (ShopStocked(ann.uid, keys),)), now)
    cheapest = min(keys, key=lambda k: world.catalogue.by_key[k].price)
    sold = next(i for i in ann.items if not i.equipped and i.escrow_until is None)
    await both(resolve_sell(InventoryState(ann.uid, tuple(ann.items)), sold.instance_id, rules=RULES, now=now), now)
    assert ann.wealth >= world.catalogue.by_key[cheapest].price
    state = ShopPurchaseState(ann.player(), tuple(ann.items), tuple(ann.shop), cheapest, world.catalogue)
    await both(resolve_shop_purchase(state, rules=RULES, now=now), now, "shop")
    assert applied >= 20
    assert sum(world.flows.values()) == ann.wealth + bob.wealth
