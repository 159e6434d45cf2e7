from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest

from game import (
    DEFAULT_RULES,
    BusinessState,
    Catalogue,
    InventoryState,
    ItemEquipped,
    ItemTier,
    ItemType,
    ItemUnequipped,
    MarketPurchaseState,
    OwnedItem,
    Player,
    Rejected,
    RejectReason,
    Resolved,
    SeededRng,
    ShopPurchaseState,
    WealthDelta,
    generate_shop,
    resolve_business_cycle,
    resolve_claim_item,
    resolve_equip,
    resolve_market_purchase,
    resolve_sell,
    resolve_shop_purchase,
    resolve_unequip,
    roll_black_market,
    shop_is_stale,
)

from .conftest import NOW


def owned(catalogue: Catalogue, key_index: int, instance: int, **kw: object) -> OwnedItem:
    item = catalogue.items[key_index]
    return OwnedItem(instance, item, item.durability, **kw)  # type: ignore[arg-type]


def first(catalogue: Catalogue, kind: ItemType, tier: ItemTier = ItemTier.COMMON) -> int:
    return next(i for i, x in enumerate(catalogue.items) if x.type is kind and x.tier is tier)


def test_equip_swaps_slot_and_unequip(catalogue: Catalogue) -> None:
    w = first(catalogue, ItemType.WEAPON)
    inv = InventoryState(1, (owned(catalogue, w, 1, equipped=True), owned(catalogue, w + 1, 2)))
    outcome = resolve_equip(inv, 2, rules=DEFAULT_RULES, now=NOW)
    assert isinstance(outcome, Resolved)
    assert outcome.effects == (ItemUnequipped(1, 1, ItemType.WEAPON), ItemEquipped(1, 2, ItemType.WEAPON))
    assert resolve_equip(inv, 1, rules=DEFAULT_RULES, now=NOW) == Resolved(None, ())
    assert isinstance(resolve_unequip(inv, ItemType.WEAPON, rules=DEFAULT_RULES, now=NOW), Resolved)
    nothing = resolve_unequip(inv, ItemType.ARMOR, rules=DEFAULT_RULES, now=NOW)
    assert isinstance(nothing, Rejected) and nothing.reason is RejectReason.NOTHING_EQUIPPED


def test_sell_and_escrow_rules(catalogue: Catalogue) -> None:
    w = first(catalogue, ItemType.WEAPON)
    escrow = NOW + timedelta(hours=5)
    inv = InventoryState(1, (owned(catalogue, w, 1, equipped=True), owned(catalogue, w, 2),
                             owned(catalogue, w, 3, escrow_until=escrow)))
    sold = resolve_sell(inv, 2, rules=DEFAULT_RULES, now=NOW)
    assert isinstance(sold, Resolved) and sold.result == catalogue.items[w].sell_price
    assert resolve_sell(inv, 1, rules=DEFAULT_RULES, now=NOW) == Rejected(RejectReason.EQUIPPED)
    assert isinstance(resolve_sell(inv, 3, rules=DEFAULT_RULES, now=NOW), Rejected)
    assert isinstance(resolve_equip(inv, 3, rules=DEFAULT_RULES, now=NOW), Rejected)
    assert isinstance(resolve_claim_item(inv, 3, rules=DEFAULT_RULES, now=NOW), Resolved)
    expired = resolve_claim_item(inv, 3, rules=DEFAULT_RULES, now=escrow)
    assert isinstance(expired, Rejected) and expired.reason is RejectReason.ESCROW_EXPIRED


def test_business_cycle_variance_and_daily_cap(catalogue: Catalogue) -> None:
    b = first(catalogue, ItemType.BUSINESS, ItemTier.LEGENDARY)
    item = catalogue.items[b]
    business = owned(catalogue, b, 9, equipped=True)
    base = item.daily_revenue // 8
    rng = SeededRng(4)
    for _ in range(200):
        paid = resolve_business_cycle(BusinessState(1, business), rules=DEFAULT_RULES, rng=rng, now=NOW)
        assert isinstance(paid, Resolved)
        low = max(0, base - int(base * 0.2) - item.operating_cost // 8)
        assert low <= paid.result <= base + int(base * 0.2) - item.operating_cost // 8
    capped = resolve_business_cycle(BusinessState(1, business, earned_today=49_990, juicernaut=True),
                                    rules=DEFAULT_RULES, rng=rng, now=NOW)
    assert isinstance(capped, Resolved) and capped.result <= 10
    unequipped = resolve_business_cycle(BusinessState(1, None), rules=DEFAULT_RULES, rng=rng, now=NOW)
    assert isinstance(unequipped, Rejected)


@pytest.mark.parametrize(("level", "tiers"), [(1, {ItemTier.COMMON}),
                                              (45, {ItemTier.COMMON, ItemTier.UNCOMMON, ItemTier.RARE}),
                                              (100, {ItemTier.UNCOMMON, ItemTier.RARE})])
def test_personal_shop_composition(catalogue: Catalogue, level: int, tiers: set[ItemTier]) -> None:
    rng = SeededRng(level)
    for _ in range(50):
        keys = generate_shop(level, catalogue, rules=DEFAULT_RULES, rng=rng)
        assert 6 <= len(keys) <= 10 and len(set(keys)) == len(keys)
        assert {catalogue.by_key[k].tier for k in keys} <= tiers


def test_shop_refreshes_at_the_daily_reset() -> None:
    assert shop_is_stale(None, 5, NOW, DEFAULT_RULES)
    assert shop_is_stale(NOW - timedelta(days=1), 5, NOW, DEFAULT_RULES)
    assert shop_is_stale(NOW, 0, NOW, DEFAULT_RULES)
    assert not shop_is_stale(NOW - timedelta(hours=1), 5, NOW, DEFAULT_RULES)


def test_purchase_checks(catalogue: Catalogue) -> None:
    b = first(catalogue, ItemType.BUSINESS)
    item = catalogue.items[b]
    three = tuple(owned(catalogue, b + i, 10 + i) for i in range(1, 4))
    rich = Player(1, wealth=10**9)

    def buy(player: Player, items: tuple[OwnedItem, ...]) -> Resolved | Rejected:
        return resolve_shop_purchase(ShopPurchaseState(player, items, (item.key,), item.key, catalogue),
                                     rules=DEFAULT_RULES, now=NOW)

    ok = buy(rich, ())
    assert isinstance(ok, Resolved) and WealthDelta(1, -item.price, ok.effects[0].reason) in ok.effects  # type: ignore[union-attr]
    assert buy(Player(1, wealth=item.price - 1), ()) == Rejected(RejectReason.CANNOT_AFFORD, amount=item.price)
    assert buy(rich, three) == Rejected(RejectReason.BUSINESS_LIMIT, amount=3)
    w = first(catalogue, ItemType.WEAPON)
    full = tuple(owned(catalogue, w, 100 + i) for i in range(10))
    assert buy(rich, full) == Rejected(RejectReason.INVENTORY_FULL, amount=10)


def test_black_market_composition(catalogue: Catalogue) -> None:
    rng = SeededRng(31)
    n, legendary = 3_000, 0
    for _ in range(n):
        market = roll_black_market(catalogue, rules=DEFAULT_RULES, rng=rng, now=NOW)
        tiers = Counter(e.tier for e in market.entries)
        legendary += tiers[ItemTier.LEGENDARY]
        assert tiers[ItemTier.LEGENDARY] <= 1 and 2 <= tiers[ItemTier.RARE] <= 3
        assert 3 <= tiers[ItemTier.UNCOMMON] <= 5 and 3 <= tiers[ItemTier.COMMON] <= 5
        assert len({e.item_key for e in market.entries}) == len(market.entries)
        featured = [e for e in market.entries if e.featured]
        assert len(featured) == 1
        assert featured[0].price == int(catalogue.by_key[featured[0].item_key].price * 0.75)
        assert market.rotates_at == NOW + timedelta(hours=6)
    assert legendary / n == pytest.approx(0.30, abs=0.03)  # ≈ 3.6 standard deviations


def test_market_purchase_needs_stock(catalogue: Catalogue) -> None:
    market = roll_black_market(catalogue, rules=DEFAULT_RULES, rng=SeededRng(1), now=NOW)
    entry = market.entries[-1]
    rich = Player(1, wealth=10**9)
    ok = resolve_market_purchase(MarketPurchaseState(rich, (), entry, catalogue), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(ok, Resolved)
    empty = replace(entry, stock=0)
    sold_out = resolve_market_purchase(MarketPurchaseState(rich, (), empty, catalogue),
                                       rules=DEFAULT_RULES, now=NOW)
    assert sold_out == Rejected(RejectReason.SOLD_OUT)
