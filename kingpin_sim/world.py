"""In-memory state of a simulated channel and the one function that applies engine effects to it.

`apply_effects` is the simulator's counterpart of ``bot.repository.effects.apply_effects``: it
takes the same effect values in the same order and makes the same changes the repository writes
(wallet + ledger tally, XP / level / tier, jail, check-in, heist tokens, items, crates, titles,
cooldowns, counters) under the same guards: wealth and tokens never go below zero, an item or a
crate must belong to the player it names. A guard that refuses raises `EffectRefused`, exactly
where the repository would roll the transaction back — in a simulation that is a bug.

Money is tallied by ledger reason (`World.flows`), so "faucets − sinks = change in money supply"
can be checked exactly: every wealth change goes through `WealthDelta` and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from game.catalogue import Catalogue
from game.effects import (
    CheckinRecorded,
    ConsumableUsed,
    CooldownSet,
    CrateClaimed,
    CrateGranted,
    CrateOpened,
    Effect,
    ItemDestroyed,
    ItemEquipped,
    ItemGranted,
    ItemMoved,
    ItemUnequipped,
    ItemWorn,
    JailCleared,
    JailSet,
    LevelChanged,
    MarketStockTaken,
    Notification,
    ShopItemBought,
    ShopStocked,
    StatIncrement,
    TierChanged,
    TitleUnlocked,
    TokenDelta,
    WealthDelta,
    XpDelta,
)
from game.market import BlackMarket, MarketEntry
from game.model import OwnedCrate, OwnedItem, Player, Policy, Tier

__all__ = ["EffectRefused", "Viewer", "World", "apply_effects"]


class EffectRefused(RuntimeError):
    """A guard refused an effect: the engine resolved against a state that is not the world's."""


class Viewer:
    """One simulated viewer: the columns and rows the repository keeps for a player, plus the
    archetype that drives their behaviour (see `kingpin_sim.population`)."""

    __slots__ = (
        "uid", "archetype", "seen", "wealth", "xp", "level", "tier", "tokens", "jailed_until",
        "last_checkin", "streak", "longest_streak", "items", "crates", "titles", "cooldowns",
        "policy", "policy_paid_at", "shop", "shop_stocked_at", "business_day", "business_earned",
        "supporter_day", "consumables", "give_day", "given_today",
    )

    def __init__(self, uid: int, archetype: int) -> None:
        self.uid = uid
        self.archetype = archetype
        self.seen = False  # a users row exists once the viewer first chats or acts
        self.wealth = 0
        self.xp = 0
        self.level = 1
        self.tier = Tier.PUNK
        self.tokens = 0
        self.jailed_until: datetime | None = None
        self.last_checkin: date | None = None
        self.streak = 0
        self.longest_streak = 0
        self.items: list[OwnedItem] = []
        self.crates: list[OwnedCrate] = []
        self.titles: set[str] = set()
        self.cooldowns: dict[tuple[str, int | None], datetime] = {}
        self.policy = Policy.NONE
        self.policy_paid_at: datetime | None = None
        self.shop: list[str] = []  # unbought keys of the personal shop
        self.shop_stocked_at: datetime | None = None
        self.business_day: date | None = None
        self.business_earned = 0
        self.supporter_day = -1  # day of the month a subscriber renews; -1: not a subscriber
        self.consumables: dict[str, int] = {}
        self.give_day: date | None = None
        self.given_today = 0  # sent with !give on give_day (the handler counts the day's log)

    def player(self) -> Player:
        return Player(self.uid, self.level, self.xp, self.wealth, self.tokens, self.jailed_until)

    def cooldown(self, kind: str, target: int | None = None) -> datetime | None:
        return self.cooldowns.get((kind, target))


@dataclass(slots=True)
class World:
    """Every viewer (index = user id − 1), the shared market, and the running tallies."""

    catalogue: Catalogue
    viewers: list[Viewer]
    flows: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # by ledger reason
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # by Stat / event
    market: BlackMarket | None = None
    market_stock: dict[str, MarketEntry] = field(default_factory=dict)
    next_item_id: int = 1
    next_crate_id: int = 1
    crates_by_id: dict[int, int] = field(default_factory=dict)  # crate id -> owner uid
    items_by_id: dict[int, int] = field(default_factory=dict)  # item id -> owner uid

    def viewer(self, uid: int) -> Viewer:
        return self.viewers[uid - 1]

    def money_supply(self) -> int:
        return sum(v.wealth for v in self.viewers)


def _find_item(v: Viewer, instance_id: int) -> int:
    for index, item in enumerate(v.items):
        if item.instance_id == instance_id:
            return index
    raise EffectRefused(f"item {instance_id} is not user {v.uid}'s")


def apply_effects(world: World, effects: Iterable[Effect], now: datetime) -> None:
    """Apply one resolution's effects in order (see the module docstring)."""
    viewers = world.viewers
    flows, stats = world.flows, world.stats
    for e in effects:
        t = type(e)
        if t is StatIncrement:
            stats[e.stat] += e.amount
        elif t is WealthDelta:
            v = viewers[e.user_id - 1]
            after = v.wealth + e.amount
            if after < 0:
                raise EffectRefused(f"wealth of user {e.user_id} cannot move by {e.amount}")
            v.wealth = after
            flows[e.reason] += e.amount
        elif t is XpDelta:
            viewers[e.user_id - 1].xp += e.amount
        elif t is LevelChanged:
            viewers[e.user_id - 1].level = e.new
        elif t is TierChanged:
            viewers[e.user_id - 1].tier = e.new
        elif t is Notification:
            continue
        elif t is TokenDelta:
            v = viewers[e.user_id - 1]
            if v.tokens + e.amount < 0:
                raise EffectRefused(f"user {e.user_id} has fewer than {-e.amount} heist tokens")
            v.tokens += e.amount
            stats["tokens_" + ("earned_" if e.amount > 0 else "spent_") + e.reason] += abs(e.amount)
        elif t is CooldownSet:
            viewers[e.user_id - 1].cooldowns[(e.kind, e.target_id)] = e.until
        elif t is JailSet:
            viewers[e.user_id - 1].jailed_until = e.until
        elif t is JailCleared:
            viewers[e.user_id - 1].jailed_until = None
        elif t is CheckinRecorded:
            v = viewers[e.user_id - 1]
            v.last_checkin, v.streak, v.longest_streak = e.day, e.streak, e.longest_streak
        else:
            _apply_possession(world, e, now)


def _apply_possession(world: World, e: Effect, now: datetime) -> None:
    """Items, crates, titles, consumables, shop and market: the guarded, ordered effects."""
    viewers = world.viewers
    if isinstance(e, ItemGranted):
        item = world.catalogue.by_key.get(e.item_key)
        if item is None:
            raise EffectRefused(f"unknown item {e.item_key!r}")
        iid = world.next_item_id
        world.next_item_id += 1
        viewers[e.user_id - 1].items.append(OwnedItem(iid, item, e.durability, False, e.escrow_until))
        world.items_by_id[iid] = e.user_id
    elif isinstance(e, ItemMoved):
        src = viewers[e.from_user_id - 1]
        index = _find_item(src, e.instance_id)
        old = src.items.pop(index)
        viewers[e.to_user_id - 1].items.append(
            OwnedItem(old.instance_id, old.item, old.durability, False, e.escrow_until)
        )
        world.items_by_id[old.instance_id] = e.to_user_id
    elif isinstance(e, ItemWorn):
        v = viewers[e.user_id - 1]
        index = _find_item(v, e.instance_id)
        old = v.items[index]
        v.items[index] = OwnedItem(old.instance_id, old.item, e.durability, old.equipped, old.escrow_until)
    elif isinstance(e, ItemDestroyed):
        v = viewers[e.user_id - 1]
        v.items.pop(_find_item(v, e.instance_id))
        world.items_by_id.pop(e.instance_id, None)
        world.stats["items_" + e.cause] += 1
    elif isinstance(e, ItemEquipped | ItemUnequipped):
        v = viewers[e.user_id - 1]
        index = _find_item(v, e.instance_id)
        old = v.items[index]
        v.items[index] = OwnedItem(
            old.instance_id, old.item, old.durability, isinstance(e, ItemEquipped), old.escrow_until
        )
    elif isinstance(e, CrateGranted):
        cid = world.next_crate_id
        world.next_crate_id += 1
        viewers[e.user_id - 1].crates.append(OwnedCrate(cid, e.tier, now, e.escrow_until))
        world.crates_by_id[cid] = e.user_id
        world.stats[f"crates_granted_{e.source}_{e.tier}"] += 1
    elif isinstance(e, CrateOpened):
        v = viewers[e.user_id - 1]
        index = next((i for i, c in enumerate(v.crates) if c.crate_id == e.crate_id), None)
        if index is None or v.crates[index].escrow_until is not None:
            raise EffectRefused(f"crate {e.crate_id} is not user {e.user_id}'s")
        v.crates.pop(index)
        world.crates_by_id.pop(e.crate_id, None)
        world.stats[f"crate_open_{e.tier}_{e.drop}"] += 1
        if e.wealth:
            world.stats[f"crate_wealth_{e.tier}"] += e.wealth
    elif isinstance(e, CrateClaimed):
        v = viewers[e.user_id - 1]
        index = next((i for i, c in enumerate(v.crates) if c.crate_id == e.crate_id), None)
        if index is None or v.crates[index].escrow_until is None:
            raise EffectRefused(f"crate {e.crate_id} is not in user {e.user_id}'s escrow")
        old = v.crates[index]
        v.crates[index] = OwnedCrate(old.crate_id, old.tier, old.acquired_at, None)
    elif isinstance(e, TitleUnlocked):
        viewers[e.user_id - 1].titles.add(e.title)
    elif isinstance(e, ConsumableUsed):
        owned = viewers[e.user_id - 1].consumables
        if owned.get(e.kind, 0) <= 0:
            raise EffectRefused(f"user {e.user_id} has no {e.kind}")
        owned[e.kind] -= 1
    elif isinstance(e, ShopStocked):
        v = viewers[e.user_id - 1]
        v.shop, v.shop_stocked_at = list(e.item_keys), now
    elif isinstance(e, ShopItemBought):
        v = viewers[e.user_id - 1]
        if e.item_key not in v.shop:
            raise EffectRefused(f"{e.item_key!r} is not for sale in user {e.user_id}'s shop")
        v.shop.remove(e.item_key)
    elif isinstance(e, MarketStockTaken):
        entry = world.market_stock.get(e.item_key)
        if entry is None or entry.stock <= 0:
            raise EffectRefused(f"black market {e.item_key!r} is sold out")
        world.market_stock[e.item_key] = MarketEntry(
            entry.item_key, entry.tier, entry.price, entry.stock - 1, entry.featured
        )
    else:  # pragma: no cover - a new effect type must be taught to the simulator
        raise TypeError(f"the simulator cannot apply {type(e).__name__}")
