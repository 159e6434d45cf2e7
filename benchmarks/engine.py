"""Resolutions per second for play, rob and crate opening on one core.

Run: ``python benchmarks/engine.py [seconds-per-case]`` (default 2). Every case runs with the seeded generator
(as economy simulations use) and with the provably fair one (as production does: a new
``FairRng`` per resolution). Each figure is the best of several rounds, so a busy machine shows
less noise; the seeded and fair rounds of a case alternate, so both see the same neighbours,
and each is timed in process CPU time (a busy machine's waits for a core are not counted). ``setup`` is the time per resolution spent outside the resolver (the loop and, for
the fair generator, building the ``FairRng``); ``resolver`` is the resolver's share of the total.
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
    Rng,
    RobState,
    SeededRng,
    load_catalogue,
    resolve_open_crate,
    resolve_play,
    resolve_rob,
    xp_to_reach,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)
ROUNDS = 5
SERVER_SEED = bytes(32)


def best_per_call(step: Callable[[int], object], seconds: float) -> float:
    """Seconds per call of ``step(n)``: the best of ``ROUNDS`` rounds sharing ``seconds``."""
    return best_per_call_each([step], seconds)[0]


def best_per_call_each(steps: list[Callable[[int], object]], seconds: float) -> list[float]:
    """Like :func:`best_per_call` for several steps whose rounds alternate, so each sees the
    same neighbours on a shared machine (issue 21: fair and seeded were measured apart)."""
    best = [float("inf")] * len(steps)
    counts = [0] * len(steps)
    for _ in range(ROUNDS):
        for i, step in enumerate(steps):
            done, cpu = 0, time.process_time()
            deadline = time.perf_counter() + seconds / ROUNDS
            count = counts[i]
            while time.perf_counter() < deadline:
                for _ in range(500):
                    step(count)
                    count += 1
                done += 500
            counts[i] = count
            best[i] = min(best[i], (time.process_time() - cpu) / done)
    return best


def report(name: str, total: float, setup: float) -> None:
    share = (total - setup) / total if total > 0 else 0.0
    print(
        f"{name:<28} {1 / total:>10,.0f}/s {total * 1e6:>8.2f} µs"
        f" {setup * 1e6:>8.2f} µs {share:>9.0%}"
    )


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    catalogue = load_catalogue()
    rules = DEFAULT_RULES
    progression = rules.progression
    play_state = PlayState(
        Player(1, level=45, xp=xp_to_reach(45, progression) + 1_000, wealth=50_000), catalogue
    )
    weapon = next(i for i in catalogue.items if i.type is ItemType.WEAPON)
    armor = next(i for i in catalogue.items if i.type is ItemType.ARMOR)
    rob_state = RobState(
        Player(1, level=30, xp=xp_to_reach(30, progression), tokens=1),
        Player(2, level=28, wealth=1_000_000),
        attacker_items=(OwnedItem(1, weapon, 100, equipped=True),),
        target_items=(OwnedItem(2, armor, 100, equipped=True),),
    )
    crate_state = OpenCrateState(1, (OwnedCrate(1, ItemTier.RARE, NOW),), 0, frozenset(), catalogue)
    resolvers: list[tuple[str, Callable[[Rng], object]]] = [
        ("play", lambda rng: resolve_play(play_state, rules=rules, rng=rng, now=NOW)),
        ("rob", lambda rng: resolve_rob(rob_state, rules=rules, rng=rng, now=NOW)),
        ("crate open", lambda rng: resolve_open_crate(crate_state, rules=rules, rng=rng, now=NOW)),
    ]
    seeded = SeededRng(1)
    generators: list[tuple[str, Callable[[int], Rng]]] = [
        ("seeded", lambda _: seeded),
        ("provably fair", lambda n: FairRng(SERVER_SEED, "bench", n)),
    ]
    def nothing(rng: Rng) -> None:
        return None

    print(f"{'case':<28} {'resolutions':>12} {'each':>11} {'setup':>11} {'resolver':>9}")
    setups = best_per_call_each(
        [lambda n, make=make: nothing(make(n)) for _, make in generators], seconds / 4
    )
    for name, resolve in resolvers:
        totals = best_per_call_each(
            [lambda n, make=make, run=resolve: run(make(n)) for _, make in generators], seconds
        )
        for (gen_name, _), total, setup in zip(generators, totals, setups, strict=True):
            report(f"{name} ({gen_name})", total, setup)


if __name__ == "__main__":
    main()
