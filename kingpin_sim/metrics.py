"""Measurements: what each day looks like (wealth distribution, money supply, flows by reason,
tiers, rates) and the season's checks against the engine's published odds."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from game.model import TIERS
from game.rules import CRATE_TIERS, Rules
from kingpin_sim.actions import Sim
from kingpin_sim.world import World

__all__ = ["DayRecorder", "gini", "lorenz", "round_floats"]

_COUNTED = (
    "total_play_count", "wins", "losses", "times_jailed", "bail_count", "rob_attempts",
    "rob_successes", "checkins", "crates_opened",
)


def gini(sorted_values: list[int]) -> float:
    """Gini coefficient of non-negative values sorted ascending (0 = equal, → 1 = one has all)."""
    n, total = len(sorted_values), sum(sorted_values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(sorted_values))
    return (2 * weighted) / (n * total) - (n + 1) / n


def lorenz(sorted_values: list[int], points: int = 100) -> list[float]:
    """Cumulative share of wealth held by the poorest k/points of players, k = 0 … points."""
    n, total = len(sorted_values), sum(sorted_values)
    if n == 0 or total == 0:
        return [k / points for k in range(points + 1)]
    prefix = [0]
    for x in sorted_values:
        prefix.append(prefix[-1] + x)
    return [prefix[(k * n) // points] / total for k in range(points + 1)]


def _percentile(sorted_values: list[int], q: float) -> int:
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def round_floats(value: Any, digits: int = 6) -> Any:
    """Floats rounded (so the JSON is stable and readable), recursively."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: round_floats(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [round_floats(v, digits) for v in value]
    return value


class DayRecorder:
    """Takes a snapshot at the end of every day; `season` summarises the checks."""

    def __init__(self, world: World, sim: Sim, rules: Rules) -> None:
        self.world, self.sim, self.rules = world, sim, rules
        self.days: list[dict[str, Any]] = []
        self._flows: dict[str, int] = {}
        self._stats: dict[str, int] = {}
        self._actions = 0
        self.supply_start = world.money_supply()

    def players(self) -> list[int]:
        """Wealth of every viewer who has a player row (chatted or acted), ascending."""
        return sorted(v.wealth for v in self.world.viewers if v.seen)

    def end_of_day(self, day: int, when: date, stream: bool) -> None:
        world = self.world
        wealth = self.players()
        n = len(wealth)
        supply = world.money_supply()
        flows = {k: v - self._flows.get(k, 0) for k, v in sorted(world.flows.items())}
        flows = {str(k): v for k, v in flows.items() if v}
        self._flows = dict(world.flows)
        stats = {k: world.stats.get(k, 0) - self._stats.get(k, 0) for k in _COUNTED}
        self._stats = dict(world.stats)
        top = max(1, n // 100)
        tiers = dict.fromkeys((t.value for t in TIERS), 0)
        for v in world.viewers:
            if v.seen:
                tiers[v.tier.value] += 1
        jailed_today = stats["times_jailed"]
        before = self.days[-1]["money_supply"] if self.days else self.supply_start
        self.days.append(
            {
                "day": day + 1,
                "date": when.isoformat(),
                "stream": stream,
                "players": n,
                "actions": self.sim.actions - self._actions,
                "money_supply": supply,
                "supply_growth": supply / before - 1.0 if before else 0.0,  # inflation that day
                "faucets": sum(v for v in flows.values() if v > 0),
                "sinks": -sum(v for v in flows.values() if v < 0),
                "flows": flows,
                "gini": gini(wealth),
                "mean_wealth": supply / n if n else 0.0,
                "median_wealth": _percentile(wealth, 0.5),
                "p90_wealth": _percentile(wealth, 0.9),
                "top1_threshold": wealth[-top] if n else 0,
                "top1_share": sum(wealth[-top:]) / supply if supply else 0.0,
                "tiers": tiers,
                "counts": stats,
                "jail_rate": jailed_today / stats["total_play_count"] if stats["total_play_count"] else 0.0,
                "rob_success_rate": stats["rob_successes"] / stats["rob_attempts"] if stats["rob_attempts"] else 0.0,
            }
        )
        self._actions = self.sim.actions

    # -- season checks ---------------------------------------------------------------------

    def checks(self) -> dict[str, Any]:
        """Measured rates beside the engine's published odds (with a z-score for each)."""
        c, rules, stats = self.sim.checks, self.rules, self.world.stats
        pr = rules.play

        def rate(hits: int, trials: int, p: float) -> dict[str, Any]:
            sd = math.sqrt(p * (1 - p) / trials) if trials and 0 < p < 1 else 0.0
            measured = hits / trials if trials else 0.0
            return {
                "trials": trials, "hits": hits, "measured": measured, "expected": p,
                "z": (measured - p) / sd if sd else 0.0,
            }

        rob_sd = math.sqrt(c.rob_chance_sq_sum)
        rob = {
            "attempts": c.rob_attempts,
            "successes": c.rob_successes,
            "measured": c.rob_successes / c.rob_attempts if c.rob_attempts else 0.0,
            "expected": c.rob_chance_sum / c.rob_attempts if c.rob_attempts else 0.0,
            "z": (c.rob_successes - c.rob_chance_sum) / rob_sd if rob_sd else 0.0,
            "stolen": c.stolen,
            "insured": c.insured,
            "items_stolen": c.items_stolen,
        }
        crates: dict[str, Any] = {}
        for row, tier in enumerate(CRATE_TIERS):
            counts = {d: stats.get(f"crate_open_{tier}_{d}", 0) for d in ("weapon", "armor", "wealth", "title")}
            opened = sum(counts.values())
            low, high = rules.crates.wealth_ranges[row]
            weights = rules.crates.drop_weights[row]
            total_w = sum(weights)
            crates[tier.value] = {
                "opened": opened,
                "drops": {d: counts[d] / opened if opened else 0.0 for d in counts},
                "published": {d: w / total_w for d, w in zip(counts, weights, strict=True)},
                "wealth_paid": stats.get(f"crate_wealth_{tier}", 0),
                "wealth_drop_mean": (
                    stats.get(f"crate_wealth_{tier}", 0) / counts["wealth"] if counts["wealth"] else 0.0
                ),
                "published_wealth_mean": (low + high) / 2,
                "granted": {
                    src: stats.get(f"crates_granted_{src}_{tier}", 0)
                    for src in ("play", "checkin_milestone")
                },
            }
        return {
            "play": {
                "plays": c.plays,
                "bust": rate(c.busts, c.plays, pr.bust_chance),
                "negative": rate(c.negative, c.not_busted, pr.negative_chance),
                "crate_drop": rate(c.crate_drops, c.not_busted, pr.crate_chance),
            },
            "rob": rob,
            "crates": crates,
            "crates_expired": stats.get("crates_expired", 0),
            "rejections": dict(sorted(self.sim.rejected.items())),
        }
