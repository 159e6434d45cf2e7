from collections import Counter

import pytest

from game import Catalogue, ItemTier, ItemType, Tier
from game.catalogue import ContentError, parse_items, parse_play_events, parse_titles

RANGES = {  # DECISION 12, fractions
    ItemTier.COMMON: (0.0, 0.05), ItemTier.UNCOMMON: (0.05, 0.08),
    ItemTier.RARE: (0.08, 0.12), ItemTier.LEGENDARY: (0.12, 0.15),
}
HOUSING = {ItemTier.COMMON: (0.05, 0.10), ItemTier.UNCOMMON: (0.12, 0.18),
           ItemTier.RARE: (0.20, 0.28), ItemTier.LEGENDARY: (0.30, 0.40)}


def test_item_catalogue_shape(catalogue: Catalogue) -> None:
    assert len(catalogue.items) == 440
    counts = Counter((i.type, i.tier) for i in catalogue.items)
    for kind in ItemType:
        assert [counts[(kind, t)] for t in ItemTier] == [40, 40, 20, 10]
    assert len({i.name.lower() for i in catalogue.items}) == 440
    for item in catalogue.items:
        assert item.sell_price == item.price // 2
        if item.type is ItemType.WEAPON:
            low, high = RANGES[item.tier]
            assert low <= item.rob_bonus <= high
        elif item.type is ItemType.ARMOR:
            low, high = RANGES[item.tier]
            assert low <= item.defense_bonus <= high
        elif item.type is ItemType.HOUSING:
            low, high = HOUSING[item.tier]
            assert low <= item.insurance <= high and item.upkeep > 0
        else:
            assert item.daily_revenue > item.operating_cost > 0


def test_titles(catalogue: Catalogue) -> None:
    assert [len(catalogue.titles_by_tier[t]) for t in ItemTier] == [10, 10, 10, 10]


def test_play_events_catalogue_is_complete(catalogue: Catalogue) -> None:
    for tier in Tier:
        assert len(catalogue.positive_events[tier]) == 45
        assert len(catalogue.negative_events[tier]) == 5


def good_event(**kw: object) -> dict[str, object]:
    return {"tier": "punk", "category": "Petty Crime", "name": "A", "flavour": "f", "negative": False,
            "wealth_min": 1, "wealth_max": 2, "xp_min": 1, "xp_max": 2} | kw


@pytest.mark.parametrize(
    "data",
    [{}, {"events": [good_event(tier="rookie-ish")]}, {"events": [good_event(wealth_min=5)]},
     {"events": [good_event(), good_event()]}, {"events": [good_event(negative="no")]},
     {"events": [good_event(xp_max=-1, xp_min=-2)]}],
)
def test_bad_play_events_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ContentError):
        parse_play_events(data, complete=False)


def test_incomplete_event_catalogue_is_refused() -> None:
    with pytest.raises(ContentError, match="expected 50"):
        parse_play_events({"events": [good_event()]})


def test_bad_items_and_titles_are_refused() -> None:
    item = {"key": "k", "name": "K", "type": "weapon", "tier": "rare", "price": 10, "sell_price": 5}
    assert len(parse_items({"items": [item]})) == 1
    for bad in ({**item, "type": "gun"}, {**item, "rob_bonus": 12}, {**item, "sell_price": 11}):
        with pytest.raises(ContentError):
            parse_items({"items": [bad]})
    with pytest.raises(ContentError):
        parse_items({"items": [item, {**item, "key": "k2"}]})
    with pytest.raises(ContentError):
        parse_titles({"titles": [{"name": "X", "tier": "epic"}]})
