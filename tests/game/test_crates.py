from collections import Counter
from datetime import timedelta

import pytest

from game import (
    DEFAULT_RULES,
    Catalogue,
    ClaimCrateState,
    CrateOpened,
    CrateTitle,
    DropType,
    ItemTier,
    LedgerReason,
    OpenCrateState,
    OwnedCrate,
    Rejected,
    RejectReason,
    Resolved,
    SeededRng,
    TitleUnlocked,
    WealthDelta,
    resolve_claim_crate,
    resolve_open_crate,
)

from .conftest import NOW

DROPS = {ItemTier.COMMON: (0.40, 0.40, 0.20, 0.0), ItemTier.RARE: (0.35, 0.35, 0.25, 0.05),
         ItemTier.LEGENDARY: (0.30, 0.30, 0.30, 0.10)}


def crate(tier: ItemTier, cid: int = 1, **kw: object) -> OwnedCrate:
    return OwnedCrate(cid, tier, NOW - timedelta(hours=cid), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("tier", list(DROPS))
def test_drop_table_distribution(catalogue: Catalogue, tier: ItemTier) -> None:
    rng = SeededRng(list(ItemTier).index(tier) + 40)
    n = 8_000
    counts: Counter[DropType] = Counter()
    for _ in range(n):
        outcome = resolve_open_crate(
            OpenCrateState(1, (crate(tier),), 0, frozenset(), catalogue),
            rules=DEFAULT_RULES, rng=rng, now=NOW)
        assert isinstance(outcome, Resolved)
        counts[outcome.result.drop] += 1
        if outcome.result.drop is DropType.WEALTH:
            low, high = DEFAULT_RULES.crates.wealth_ranges[list(ItemTier).index(tier)]
            assert low <= outcome.result.wealth <= high
    for drop, p in zip(DropType, DROPS[tier], strict=True):
        assert counts[drop] / n == pytest.approx(p, abs=0.02)  # ≥ 3.9 standard deviations


def test_legendary_crate_item_tiers(catalogue: Catalogue) -> None:
    rng = SeededRng(8)
    tiers: Counter[ItemTier] = Counter()
    for _ in range(6_000):
        outcome = resolve_open_crate(OpenCrateState(1, (crate(ItemTier.LEGENDARY),), 0, frozenset(),
                                                    catalogue), rules=DEFAULT_RULES, rng=rng, now=NOW)
        assert isinstance(outcome, Resolved)
        if outcome.result.item_key:
            tiers[catalogue.by_key[outcome.result.item_key].tier] += 1
    total = sum(tiers.values())
    assert tiers[ItemTier.COMMON] == 0
    assert tiers[ItemTier.LEGENDARY] / total == pytest.approx(0.35, abs=0.03)


def test_title_unlock_and_duplicate_conversion() -> None:
    cat = Catalogue.build((), (CrateTitle("Neon Test", ItemTier.LEGENDARY),), ())
    rules = DEFAULT_RULES.with_overrides(
        {"crates.drop_weights": [[1, 0, 0, 0]] * 3 + [[0, 0, 0, 1]]})
    new = resolve_open_crate(OpenCrateState(1, (crate(ItemTier.LEGENDARY),), 0, frozenset(), cat),
                             rules=rules, rng=SeededRng(1), now=NOW)
    assert isinstance(new, Resolved) and TitleUnlocked(1, "Neon Test") in new.effects
    dup = resolve_open_crate(
        OpenCrateState(1, (crate(ItemTier.LEGENDARY),), 0, frozenset({"Neon Test"}), cat),
        rules=rules, rng=SeededRng(1), now=NOW)
    assert isinstance(dup, Resolved) and dup.result.duplicate
    assert WealthDelta(1, 15_000, LedgerReason.TITLE_DUPLICATE, 1) in dup.effects


def test_opens_oldest_held_crate_and_refuses_when_inventory_full(catalogue: Catalogue) -> None:
    crates = (crate(ItemTier.COMMON, 1), crate(ItemTier.RARE, 5),
              crate(ItemTier.LEGENDARY, 9, escrow_until=NOW + timedelta(hours=1)))
    outcome = resolve_open_crate(OpenCrateState(1, crates, 0, frozenset(), catalogue),
                                 rules=DEFAULT_RULES, rng=SeededRng(1), now=NOW)
    assert isinstance(outcome, Resolved)
    assert isinstance(outcome.effects[0], CrateOpened) and outcome.effects[0].crate_id == 5
    full = resolve_open_crate(OpenCrateState(1, crates, 10, frozenset(), catalogue),
                              rules=DEFAULT_RULES, rng=SeededRng(1), now=NOW)
    assert full == Rejected(RejectReason.INVENTORY_FULL, amount=10)
    escrowed = resolve_open_crate(OpenCrateState(1, crates, 0, frozenset(), catalogue, crate_id=9),
                                  rules=DEFAULT_RULES, rng=SeededRng(1), now=NOW)
    assert isinstance(escrowed, Rejected) and escrowed.reason is RejectReason.ESCROWED


def test_claim_crate_from_escrow() -> None:
    box = crate(ItemTier.RARE, 4, escrow_until=NOW + timedelta(hours=2))
    ok = resolve_claim_crate(ClaimCrateState(1, box, 9), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(ok, Resolved)
    full = resolve_claim_crate(ClaimCrateState(1, box, 10), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(full, Rejected) and full.reason is RejectReason.INVENTORY_FULL
    late = resolve_claim_crate(ClaimCrateState(1, box, 0), rules=DEFAULT_RULES,
                               now=NOW + timedelta(hours=3))
    assert isinstance(late, Rejected) and late.reason is RejectReason.ESCROW_EXPIRED
