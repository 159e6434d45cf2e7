"""The five plots (matplotlib, headless Agg). With two results (``--compare``) every figure gets
one panel per rule set, side by side on shared axes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kingpin_sim.report import Result

__all__ = ["PLOTS", "write_plots"]

PLOTS = (
    "wealth_distribution.png",
    "lorenz.png",
    "money_supply.png",
    "faucets_sinks.png",
    "tiers.png",
)
_TRANSFERS = ("rob", "robbed", "give_sent", "give_received")
_TIER_COLOURS = ("#9e9e9e", "#64b5f6", "#4db6ac", "#ffb74d", "#e57373", "#ba68c8")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["text.parse_math"] = False  # dollar signs are money, not maths
    import matplotlib.pyplot as plt

    return plt


def _panels(plt: Any, results: Sequence[Result], title: str, *, sharey: bool = True) -> tuple[Any, list[Any]]:
    fig, axes = plt.subplots(
        1, len(results), figsize=(7.5 * len(results), 4.2), sharey=sharey, squeeze=False
    )
    fig.suptitle(title)
    return fig, list(axes[0])


def _label(result: Result) -> str:
    c = result.report["config"]
    head = f"{result.label}: " if result.label else ""
    return f"{head}{c['viewers']:,} viewers × {c['days']} days, seed {c['seed']}"


def _save(plt: Any, fig: Any, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=80, metadata={"Software": None})
    plt.close(fig)


def _wealth(plt: Any, results: Sequence[Result], path: Path) -> None:
    fig, axes = _panels(plt, results, "Wealth of players at the end of the season")
    for ax, r in zip(axes, results, strict=True):
        hist = r.report["distribution"]["histogram"]
        edges, counts = hist["edges"], hist["counts"]
        lefts = [max(e, 0.5) for e in edges[:-1]]
        widths = [max(b, 1) - a for a, b in zip(lefts, edges[1:], strict=True)]
        ax.bar(lefts, counts, width=widths, align="edge", color="#5c6bc0", edgecolor="white")
        ax.set_xscale("log")
        ax.set_xlabel("wealth ($, log scale; the first bar is $0)")
        ax.set_ylabel("players")
        s = r.report["summary"]
        ax.axvline(max(s["median_wealth"], 0.5), color="#ef6c00", linestyle="--", label=f"median ${s['median_wealth']:,}")
        ax.axvline(max(s["top1_threshold"], 0.5), color="#c62828", linestyle=":", label=f"top 1 % from ${s['top1_threshold']:,}")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title(_label(r), fontsize=9)
    _save(plt, fig, path)


def _lorenz(plt: Any, results: Sequence[Result], path: Path) -> None:
    fig, axes = _panels(plt, results, "Lorenz curve of wealth (end of season)")
    for ax, r in zip(axes, results, strict=True):
        curve = r.report["distribution"]["lorenz"]
        xs = [k / (len(curve) - 1) for k in range(len(curve))]
        ax.plot([0, 1], [0, 1], color="#9e9e9e", linestyle="--", label="equality")
        ax.plot(xs, curve, color="#3949ab", label=f"Gini {r.report['summary']['gini']:.3f}")
        ax.fill_between(xs, curve, xs, color="#3949ab", alpha=0.1)
        ax.set_xlabel("share of players (poorest first)")
        ax.set_ylabel("share of all wealth")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title(_label(r), fontsize=9)
    _save(plt, fig, path)


def _supply(plt: Any, results: Sequence[Result], path: Path) -> None:
    fig, axes = _panels(plt, results, "Money supply (all wallets) and daily flows")
    for ax, r in zip(axes, results, strict=True):
        days = r.report["days"]
        xs = [d["day"] for d in days]
        ax.plot(xs, [d["money_supply"] / 1e6 for d in days], color="#2e7d32", marker=".", label="money supply")
        ax.bar(xs, [d["faucets"] / 1e6 for d in days], color="#81c784", alpha=0.5, label="created that day")
        ax.bar(xs, [-d["sinks"] / 1e6 for d in days], color="#e57373", alpha=0.5, label="destroyed that day")
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_xlabel("day")
        ax.set_ylabel("$ millions")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title(_label(r), fontsize=9)
    _save(plt, fig, path)


def _flows(plt: Any, results: Sequence[Result], path: Path) -> None:
    reasons = sorted({k for r in results for d in r.report["days"] for k in d["flows"] if k not in _TRANSFERS})
    cmap = plt.get_cmap("tab20")
    colours = {k: cmap(i % 20) for i, k in enumerate(reasons)}
    fig, axes = _panels(plt, results, "Faucets (above 0) and sinks (below 0) by ledger reason, per day; robs and gifts only move money")
    for ax, r in zip(axes, results, strict=True):
        days = r.report["days"]
        xs = [d["day"] for d in days]
        up = [0.0] * len(days)
        down = [0.0] * len(days)
        for reason in reasons:
            values = [d["flows"].get(reason, 0) / 1e3 for d in days]
            if not any(values):
                continue
            pos = [max(v, 0.0) for v in values]
            neg = [min(v, 0.0) for v in values]
            if any(pos):
                ax.bar(xs, pos, bottom=up, color=colours[reason], label=reason)
                up = [a + b for a, b in zip(up, pos, strict=True)]
            if any(neg):
                ax.bar(xs, neg, bottom=down, color=colours[reason], label=None if any(pos) else reason, hatch="//")
                down = [a + b for a, b in zip(down, neg, strict=True)]
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_xlabel("day")
        ax.set_ylabel("$ thousands")
        ax.legend(loc="upper left", fontsize=7, ncol=2)
        ax.set_title(_label(r), fontsize=9)
    _save(plt, fig, path)


def _tiers(plt: Any, results: Sequence[Result], path: Path) -> None:
    fig, axes = _panels(plt, results, "Players above Punk by status tier, per day (stacked)")
    for ax, r in zip(axes, results, strict=True):
        days = r.report["days"]
        xs = [d["day"] for d in days]
        names = list(days[0]["tiers"]) if days else []
        punks = days[-1]["tiers"].get(names[0], 0) if names else 0
        ax.stackplot(
            xs, *[[d["tiers"][t] for d in days] for t in names[1:]],
            labels=names[1:], colors=_TIER_COLOURS[1: len(names)],
        )
        ax.plot([], [], " ", label=f"({names[0] if names else 'punk'}: {punks:,} on the last day)")
        ax.set_xlabel("day")
        ax.set_ylabel("players")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title(_label(r), fontsize=9)
    _save(plt, fig, path)


def write_plots(results: Sequence[Result], out: Path) -> list[Path]:
    """Write the five PNGs into ``out``; returns their paths."""
    plt = _pyplot()
    paths = [out / name for name in PLOTS]
    for draw, path in zip((_wealth, _lorenz, _supply, _flows, _tiers), paths, strict=True):
        draw(plt, results, path)
    return paths
