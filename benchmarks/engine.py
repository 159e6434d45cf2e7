"""Resolutions per second for play, rob and crate opening on one core.

Run: ``python benchmarks/engine.py [seconds-per-case]``. Uses the seeded generator (as economy
simulations do) and, for comparison, the provably fair one for play.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from game import (
    DEFAULT_RULES,
    FairRng,
    ItemTier,
    ItemType,
    OpenCrateState,
    OwnedCrate,
    OwnedItem,
    Player,
    PlayState,
    RobState,
    SeededRng,
    load_catalogue,
    resolve_open_crate,
    resolve_play,
    resolve_rob,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def measure(name: str, step: Callable[[int], object], seconds: float) -> None:
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(1_000):
            step(count)
            count += 1
    elapsed = time.perf_counter() - start
    print(f"{name:<22} {count / elapsed:>12,.0f} resolutions/s")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    catalogue = load_catalogue()
    rules = DEFAULT_RULES
    rng = SeededRng(1)
    play_state = PlayState(Player(1, level=45, xp=80_000, wealth=50_000), catalogue)
    measure("play (seeded)", lambda _: resolve_play(play_state, rules=rules, rng=rng, now=NOW), seconds)
    seed = bytes(32)
    measure(
        "play (provably fair)",
        lambda n: resolve_play(play_state, rules=rules, rng=FairRng(seed, "bench", n), now=NOW),
        seconds,
    )
    weapon = next(i for i in catalogue.items if i.type is ItemType.WEAPON)
    armor = next(i for i in catalogue.items if i.type is ItemType.ARMOR)
    rob_state = RobState(
        Player(1, level=30, tokens=1),
        Player(2, level=28, wealth=1_000_000),
        attacker_items=(OwnedItem(1, weapon, 100, equipped=True),),
        target_items=(OwnedItem(2, armor, 100, equipped=True),),
    )
    measure("rob (seeded)", lambda _: resolve_rob(rob_state, rules=rules, rng=rng, now=NOW), seconds)
    crate_state = OpenCrateState(1, (OwnedCrate(1, ItemTier.RARE, NOW),), 0, frozenset(), catalogue)
    measure(
        "crate open (seeded)",
        lambda _: resolve_open_crate(crate_state, rules=rules, rng=rng, now=NOW),
        seconds,
    )


if __name__ == "__main__":
    main()
