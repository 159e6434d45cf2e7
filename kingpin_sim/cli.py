"""``kingpin simulate``: arguments, progress bar, summary, report and plots."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from game.rules import DEFAULT_RULES
from kingpin_sim.rules_file import RulesFile, RulesFileError, load_rules_file

__all__ = ["add_arguments", "simulate_command"]


def _count(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


_EPILOG = """\
rules files are TOML, one table per Rules section (keys as in game/rules.py) plus [content]:
  [play]
  bust_chance = 0.04
  [rob]
  base_rate = 0.55
  [content]
  play_wealth_scale = 0.8   # what if play paid 20 % less?
findings and the audience model: docs/economy.md"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Simulate a season of the economy in memory: the real engine and fair RNG over a"
        " synthetic audience, no database. Prints a summary; writes DIR/report.json and five plots."
    )
    parser.epilog = _EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--viewers", type=_count, default=10_000, help="audience size (default 10,000)")
    parser.add_argument("--days", type=_count, default=30, help="days to simulate (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the audience and the rolls (default 1)")
    parser.add_argument("--rules", type=Path, metavar="FILE", help="TOML file overriding Rules figures")
    parser.add_argument(
        "--compare", type=Path, metavar="FILE",
        help="a second rules file run on the same seed; plots side by side",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("simulation"), metavar="DIR",
        help="where report.json and the plots go (default ./simulation)",
    )


class _Progress:
    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream, self.start = label, stream, time.perf_counter()

    def __call__(self, done: int, total: int, actions: int) -> None:
        width = 30
        filled = width * done // total
        elapsed = time.perf_counter() - self.start
        self.stream.write(
            f"\r{self.label}[{'#' * filled}{'.' * (width - filled)}] day {done}/{total}"
            f"  {actions:,} actions  {elapsed:.1f} s"
        )
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def simulate_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        from kingpin_sim.plots import write_plots
    except ImportError:  # pragma: no cover - matplotlib is a main dependency
        print("error: kingpin simulate needs matplotlib: pip install matplotlib", file=err)
        return 1
    from kingpin_sim.report import build_result, summary_lines, write_report
    from kingpin_sim.season import SeasonConfig, run_season

    runs = []
    try:
        if args.rules is not None:
            runs.append((args.rules.stem, load_rules_file(args.rules)))
        else:
            runs.append(("today's rules" if args.compare else "", RulesFile(DEFAULT_RULES, {}, {})))
        if args.compare is not None:
            runs.append((args.compare.stem, load_rules_file(args.compare)))
    except RulesFileError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if len(runs) == 2 and runs[0][0] == runs[1][0]:
        runs = [("A " + runs[0][0], *runs[0][1:]), ("B " + runs[1][0], *runs[1][1:])]
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create {args.out}: {exc.strerror or exc}", file=err)
        return 2
    results = []
    for label, given in runs:
        config = SeasonConfig(
            viewers=args.viewers, days=args.days, seed=args.seed, rules=given.rules,
            overrides=tuple(sorted(given.overrides.items())),
            content=tuple(sorted(given.content.items())),
        )
        started = time.perf_counter()
        recorder = run_season(config, _Progress(f"{label}: " if label else "", err))
        elapsed = time.perf_counter() - started
        result = build_result(config, recorder, label)
        results.append(result)
        name = "report.json" if len(results) == 1 else "report-compare.json"
        write_report(result, args.out / name)
        print("\n".join(summary_lines(result)), file=out)
        actions = result.report["summary"]["actions"]
        print(f"  speed       {elapsed:.1f} s, {actions / elapsed:,.0f} actions/s", file=out)
    paths = write_plots(results, args.out)
    reports = "report.json" + (" and report-compare.json" if len(results) == 2 else "")
    print(f"wrote {reports} and {len(paths)} plots in {args.out}", file=out)
    return 0
