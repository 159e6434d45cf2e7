"""The ``kingpin bench`` arguments and verb (also used by ``benchmarks/load.py``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from bot.config import LogFormat, Settings
from bot.logging import configure_logging, settings_secrets
from kingpin_bench.mix import DEFAULT_MIX, parse_mix

if TYPE_CHECKING:
    from kingpin_bench.run import BenchOptions

__all__ = ["add_arguments", "bench_command", "options_from_args"]


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def _players(text: str) -> int:
    value = _positive_int(text.replace("_", "").replace(",", ""))
    if not 2 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("between 2 and 1,000,000")
    return value


def _rates(text: str) -> tuple[float, ...]:
    return tuple(_positive_float(part) for part in text.split(",") if part.strip())


def add_phase_arguments(parser: argparse.ArgumentParser) -> None:
    """Issue 21's phases (kingpin_bench/phases.py), run after the rob and mixed phases."""
    parser.add_argument(
        "--rates",
        type=_rates,
        default=(),
        metavar="R,R…",
        help="also offer the default mix at each of these commands/s (rows rate_<R>)",
    )
    parser.add_argument(
        "--phase-seconds",
        type=_positive_float,
        default=20.0,
        help="measured seconds of each --rates phase (default 20)",
    )
    parser.add_argument(
        "--chat-seconds",
        type=float,
        default=0.0,
        help="also saturate with plain chat only for this long (row chat_only; default off)",
    )
    parser.add_argument(
        "--raid",
        type=int,
        default=0,
        metavar="VIEWERS",
        help="also send one !checkin from each of VIEWERS new viewers within one second",
    )
    parser.add_argument(
        "--soak",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="also offer the default mix for SECONDS, reporting RSS at start and end",
    )
    parser.add_argument(
        "--loop",
        choices=("uvloop", "asyncio"),
        default="uvloop",
        help="event loop (default uvloop where installed, as `kingpin run` uses)",
    )
    parser.add_argument(
        "--soak-rate",
        type=_positive_float,
        default=100.0,
        help="commands/s during --soak (default 100)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_phase_arguments(parser)
    parser.add_argument(
        "--players",
        type=_players,
        default=10_000,
        help="players to seed (default 10,000; up to 1,000,000)",
    )
    parser.add_argument(
        "--duration",
        type=_positive_float,
        default=60.0,
        help="measured seconds in all (default 60)",
    )
    parser.add_argument(
        "--rate",
        type=_positive_float,
        help="offer this many commands/s in the mixed phase instead of saturating",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="seed of the simulated chat and the fair rolls (default 1)",
    )
    parser.add_argument(
        "--mix",
        type=parse_mix,
        default=DEFAULT_MIX,
        help=f"kind=weight,… (default {DEFAULT_MIX.describe()})",
    )
    parser.add_argument(
        "--connections",
        type=_positive_int,
        default=8,
        help="pool size and pgbench clients (default 8)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=32,
        help="concurrent senders when saturating (default 32)",
    )
    parser.add_argument(
        "--chatters",
        type=_positive_int,
        default=5_000,
        help="players who send plain chat (default 5,000)",
    )
    parser.add_argument(
        "--rounds",
        type=_positive_int,
        default=3,
        help="interleave pgbench and pipeline slices this many times (default 3)",
    )
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="also write the figures to FILE as JSON"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database (its name is printed)"
    )
    parser.add_argument(
        "--no-pgbench", dest="pgbench", action="store_false", help="skip the pgbench ceilings"
    )
    parser.add_argument(
        "--no-audit", dest="audit", action="store_false", help="skip the money audit at the end"
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        help="pipeline log level; lines go to --log-file (default INFO)",
    )
    parser.add_argument(
        "--log-file",
        type=Path,
        default=Path("/dev/null"),
        help="where pipeline logs go (default /dev/null)",
    )


def options_from_args(args: argparse.Namespace) -> BenchOptions:
    from kingpin_bench.run import BenchOptions

    return BenchOptions(
        players=args.players,
        duration=args.duration,
        rate=args.rate,
        seed=args.seed,
        mix=args.mix,
        connections=args.connections,
        concurrency=args.concurrency,
        chatters=args.chatters,
        keep=args.keep,
        pgbench=args.pgbench,
        audit=args.audit,
        rounds=args.rounds,
        rates=args.rates,
        phase_seconds=args.phase_seconds,
        chat_seconds=args.chat_seconds,
        raid=args.raid,
        soak=args.soak,
        soak_rate=args.soak_rate,
    )


async def bench_command(settings: Settings, args: argparse.Namespace) -> int:
    """Run the benchmark, print the table (and write JSON); exit 1 if the audit failed."""
    from kingpin_bench.run import run_bench, write_json

    # The pipeline logs one JSON line per command, as in production: render them, but into
    # --log-file so the table stays readable. The file stays open until the process exits
    # (structlog caches loggers bound to it).
    log_file = args.log_file.open("a", encoding="utf-8")  # noqa: SIM115
    configure_logging(args.log_level, LogFormat.JSON, secrets=settings_secrets(settings))
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=log_file))

    def progress(line: str) -> None:
        print(f"… {line}", file=sys.stderr, flush=True)

    report = await run_bench(settings, options_from_args(args), progress=progress)
    print("\n".join(report.lines()))
    if args.json is not None:
        write_json(report, args.json)
    return 0 if report.audit_ok is not False else 1
