"""How fast ``kingpin simulate`` runs a season, and how much memory it takes.

Run: ``python benchmarks/simulate.py [--viewers 10000] [--days 30] [--seed 1]``. Prints the
season's wall-clock and CPU time (CPU time is the one-core figure on a busy machine), the report
and plots time, actions per second, and the peak resident memory of the process. The budget from
issue 20 is 10,000 viewers × 30 days in under 30 s on one core and under 500 MB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from kingpin_sim.plots import write_plots
from kingpin_sim.report import build_result, write_report
from kingpin_sim.season import SeasonConfig, run_season


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    config = SeasonConfig(viewers=args.viewers, days=args.days, seed=args.seed)

    wall, cpu = time.perf_counter(), time.process_time()
    recorder = run_season(config)
    season_wall, season_cpu = time.perf_counter() - wall, time.process_time() - cpu

    wall, cpu = time.perf_counter(), time.process_time()
    result = build_result(config, recorder)
    with tempfile.TemporaryDirectory() as tmp:
        write_report(result, Path(tmp) / "report.json")
        write_plots([result], Path(tmp))
    out_wall, out_cpu = time.perf_counter() - wall, time.process_time() - cpu

    actions = recorder.sim.actions
    plays = recorder.sim.checks.plays
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    total_cpu = season_cpu + out_cpu
    print(f"season          {args.viewers:,} viewers × {args.days} days, seed {args.seed}")
    print(f"season time     {season_wall:6.1f} s wall   {season_cpu:6.1f} s CPU")
    print(f"report + plots  {out_wall:6.1f} s wall   {out_cpu:6.1f} s CPU")
    print(f"actions         {actions:,} resolved ({plays:,} plays)")
    print(f"throughput      {actions / season_cpu:,.0f} actions/s   {plays / season_cpu:,.0f} plays/s (CPU time)")
    print(f"peak memory     {peak_mb:,.0f} MB resident")
    ok = total_cpu < 30 and peak_mb < 500
    print(f"budget          {'within' if ok else 'OVER'} 30 s / 500 MB ({total_cpu:.1f} s CPU in all)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
