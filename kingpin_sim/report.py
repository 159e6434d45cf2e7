"""The season's report: every figure per day plus the season summary and checks, as one JSON
document (byte-identical for the same seed and rules: no clock, floats rounded, keys sorted),
and the text summary the command prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.rng import hash_server_seed
from kingpin_sim.metrics import DayRecorder, gini, lorenz, round_floats
from kingpin_sim.season import SeasonConfig, server_seed

__all__ = ["Result", "build_result", "summary_lines", "write_report"]

FORMAT = "kingpin-simulate"
VERSION = 1
# Ledger reasons that move money between players, never create or destroy it.
TRANSFERS = ("rob", "robbed", "give_sent", "give_received")
# Systems of the spec the engine does not have yet, so the season cannot include them.
NOT_SIMULATED = (
    "heists", "Juicernaut crown", "casino", "factions and territories", "missions and achievements",
    "consumable purchases",
)


@dataclass(frozen=True, slots=True)
class Result:
    """A finished run: the report document and the final wealth of every player (ascending)."""

    label: str
    report: dict[str, Any]
    wealth: list[int]


def _histogram(wealth: list[int]) -> dict[str, list[int]]:
    """Players by wealth band: $0, then four bands a decade ($1–1.77, 1.78–3.16, …)."""
    edges = [0, 1]
    top = wealth[-1] if wealth else 1
    k = 1
    while edges[-1] <= top:
        edges.append(round(10 ** (k / 4)))
        k += 1
    counts = [0] * (len(edges) - 1)
    band = 0
    for w in wealth:
        while w >= edges[band + 1]:
            band += 1
        counts[band] += 1
    return {"edges": edges, "counts": counts}


def build_result(config: SeasonConfig, recorder: DayRecorder, label: str = "") -> Result:
    days = recorder.days
    wealth = recorder.players()
    world = recorder.world
    flows = {str(k): v for k, v in sorted(world.flows.items()) if v}
    faucets = {k: v for k, v in flows.items() if v > 0 and k not in TRANSFERS}
    sinks = {k: -v for k, v in flows.items() if v < 0 and k not in TRANSFERS}
    supply_end = world.money_supply()
    change = supply_end - recorder.supply_start
    plays = sum(d["counts"]["total_play_count"] for d in days)
    busts = sum(d["counts"]["times_jailed"] for d in days)
    attempts = sum(d["counts"]["rob_attempts"] for d in days)
    successes = sum(d["counts"]["rob_successes"] for d in days)
    n = len(wealth)
    top = max(1, n // 100)
    last = days[-1] if days else {}
    growth = [
        (b["money_supply"] / a["money_supply"] - 1.0) if a["money_supply"] else 0.0
        for a, b in zip(days, days[1:], strict=False)
    ]
    summary = {
        "players": n,
        "actions": recorder.sim.actions,
        "gini": gini(wealth),
        "median_wealth": wealth[n // 2] if n else 0,
        "mean_wealth": supply_end / n if n else 0.0,
        "top1_threshold": wealth[-top] if n else 0,
        "top1_share": sum(wealth[-top:]) / supply_end if supply_end else 0.0,
        "top10_share": sum(wealth[-max(1, n // 10):]) / supply_end if supply_end else 0.0,
        "richest": wealth[-1] if n else 0,
        "money_supply_start": recorder.supply_start,
        "money_supply_end": supply_end,
        "money_supply_growth_last7_per_day": (
            sum(growth[-7:]) / len(growth[-7:]) if growth else 0.0
        ),
        "faucets": faucets,
        "sinks": sinks,
        "transfers": {k: flows[k] for k in TRANSFERS if k in flows},
        "conservation": {
            "faucets_minus_sinks": sum(flows.values()),
            "money_supply_change": change,
            "exact": sum(flows.values()) == change,
        },
        "tiers": last.get("tiers", {}),
        "jail_rate": busts / plays if plays else 0.0,
        "rob_success_rate": successes / attempts if attempts else 0.0,
    }
    archetypes = _by_archetype(config, recorder, supply_end)
    seed = server_seed(config.seed)
    report = {
        "format": FORMAT,
        "version": VERSION,
        "config": {
            "viewers": config.viewers,
            "days": config.days,
            "seed": config.seed,
            "rules_overrides": {k: v for k, v in config.overrides},
            "content_scales": {k: v for k, v in config.content},
            "rng": {
                "generator": "game.rng.FairRng",
                "server_seed_sha256": hash_server_seed(seed),
                "client_seed": "simulate",
                "nonce": "day index (0-based)",
            },
            "population": config.population.describe(),
            "not_simulated": list(NOT_SIMULATED),
        },
        "summary": summary,
        "archetypes": archetypes,
        "checks": recorder.checks(),
        "distribution": {"lorenz": lorenz(wealth), "histogram": _histogram(wealth)},
        "days": days,
    }
    return Result(label, round_floats(report), wealth)


def _by_archetype(config: SeasonConfig, recorder: DayRecorder, supply: int) -> dict[str, Any]:
    """Who holds the money: players, wealth and tiers of each archetype at the end."""
    groups: dict[str, list[int]] = {a.name: [] for a in config.population.archetypes}
    levels: dict[str, list[int]] = {a.name: [] for a in config.population.archetypes}
    for v in recorder.world.viewers:
        if v.seen:
            name = config.population.archetypes[v.archetype].name
            groups[name].append(v.wealth)
            levels[name].append(v.level)
    out: dict[str, Any] = {}
    for name, wealth in groups.items():
        wealth.sort()
        n = len(wealth)
        out[name] = {
            "players": n,
            "median_wealth": wealth[n // 2] if n else 0,
            "mean_wealth": sum(wealth) / n if n else 0.0,
            "share_of_wealth": sum(wealth) / supply if supply else 0.0,
            "gini": gini(wealth),
            "median_level": sorted(levels[name])[n // 2] if n else 0,
        }
    return out


def write_report(result: Result, path: Path) -> None:
    path.write_text(json.dumps(result.report, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")


def _money(x: float) -> str:
    return f"${x:,.0f}"


def _short(x: float) -> str:
    if abs(x) >= 1e6:
        return f"${x / 1e6:.1f}M"
    if abs(x) >= 1e4:
        return f"${x / 1e3:.0f}k"
    return _money(x)


def summary_lines(result: Result) -> list[str]:
    r = result.report
    s, c, checks = r["summary"], r["config"], r["checks"]
    days = r["days"]
    lines = [
        f"{result.label + ': ' if result.label else ''}{c['viewers']:,} viewers × {c['days']} days,"
        f" seed {c['seed']}: {s['players']:,} players, {s['actions']:,} actions",
        f"  wealth      Gini {s['gini']:.3f}   median {_money(s['median_wealth'])}"
        f"   mean {_money(s['mean_wealth'])}   top 1 % from {_money(s['top1_threshold'])}"
        f" holding {s['top1_share']:.1%} (top 10 %: {s['top10_share']:.1%})",
        f"  money       {_money(s['money_supply_start'])} → {_money(s['money_supply_end'])};"
        f" last 7 days +{s['money_supply_growth_last7_per_day']:.1%}/day",
    ]
    supply = [_short(d["money_supply"]) for d in days]
    for start in range(0, len(supply), 10):
        head = "  supply/day  " if start == 0 else " " * 14
        lines.append(f"{head}day {start + 1:>2}: " + " ".join(supply[start : start + 10]))
    total_in = sum(s["faucets"].values())
    total_out = sum(s["sinks"].values())
    lines.append(f"  faucets     {_short(total_in)}: " + ", ".join(
        f"{k} {_short(v)} ({v / total_in:.0%})" for k, v in sorted(s["faucets"].items(), key=lambda kv: -kv[1])
    ))
    lines.append(f"  sinks       {_short(total_out)}: " + ", ".join(
        f"{k} {_short(v)} ({v / total_out:.0%})" for k, v in sorted(s["sinks"].items(), key=lambda kv: -kv[1])
    ) if total_out else "  sinks       none")
    moved, given = s["transfers"].get("rob", 0), s["transfers"].get("give_received", 0)
    lines.append(
        f"  transfers   {_short(moved)} moved by successful robs, {_short(given)} by !give"
        " (neither created nor destroyed)"
    )
    cons = s["conservation"]
    lines.append(
        f"  conserved   faucets − sinks {_money(cons['faucets_minus_sinks'])}"
        f" = supply change {_money(cons['money_supply_change'])}: {'yes' if cons['exact'] else 'NO'}"
    )
    for name, a in r["archetypes"].items():
        lines.append(
            f"  {name:<11} {a['players']:>6,} players, median {_money(a['median_wealth'])},"
            f" mean {_money(a['mean_wealth'])}, {a['share_of_wealth']:.1%} of all wealth,"
            f" Gini within {a['gini']:.2f}, median level {a['median_level']}"
        )
    lines.append("  tiers       " + ", ".join(f"{k} {v:,}" for k, v in s["tiers"].items() if v))
    play = checks["play"]
    lines.append(
        f"  play        {play['plays']:,} plays; jail rate {play['bust']['measured']:.2%}"
        f" (odds {play['bust']['expected']:.2%}); setbacks {play['negative']['measured']:.1%}"
        f" ({play['negative']['expected']:.1%}); crates {play['crate_drop']['measured']:.2%}"
        f" ({play['crate_drop']['expected']:.2%})"
    )
    rob = checks["rob"]
    lines.append(
        f"  rob         {rob['attempts']:,} attempts; success {rob['measured']:.1%}"
        f" (engine odds {rob['expected']:.1%}, z {rob['z']:+.1f}); stolen {_money(rob['stolen'])},"
        f" insured {_money(rob['insured'])}"
    )
    for tier, t in checks["crates"].items():
        if not t["opened"]:
            continue
        drops = " ".join(
            f"{d} {t['drops'][d]:.0%}/{t['published'][d]:.0%}" for d in t["drops"]
        )
        lines.append(
            f"  crate {tier:<9} {t['opened']:>6,} opened; drops (measured/published) {drops};"
            f" wealth mean {_money(t['wealth_drop_mean'])}/{_money(t['published_wealth_mean'])}"
        )
    lines.append("  not simulated (not in the engine yet): " + ", ".join(c["not_simulated"]))
    return lines
