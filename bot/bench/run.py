"""One benchmark run: scratch database, seed, pgbench ceilings, pipeline phases, audit.

Phases, in order, sharing ``duration`` (pgbench gets 15% each, the pipeline the rest):

1. ``pgbench -N`` in its own scratch database on the same server;
2. ``pgbench`` running the rob script against the seeded players;
3. ``rob``: the pipeline with only ``!rob`` lines, saturated (compared with 2.);
4. ``mixed``: the configured mix, saturated, or at ``rate`` commands/s when given.

The pipeline is the real one from :func:`bot.app.open_app` (pool of ``connections``, chat
activity batched every 250 ms) on a wall clock. The scratch databases are dropped at the end
unless ``keep``; the money audit runs on the bench database before that.
"""

from __future__ import annotations

import asyncio
import resource
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bot.app import open_app
from bot.audit import run_audit
from bot.bench.driver import PhaseResult, offered, saturate
from bot.bench.mix import DEFAULT_MIX, ROB_ONLY, Mix
from bot.bench.pgbench import find_pgbench, init_simple, rob_script, run_pgbench
from bot.bench.report import BenchReport
from bot.bench.seed import prepare_schema, scratch_database, seed_players
from bot.bench.traffic import RICH_PLAYERS, Population, Traffic
from bot.clock import SystemClock
from bot.config import Settings
from bot.db import open_server
from bot.sql import QUERIES

__all__ = ["BenchOptions", "run_bench"]

_XACTS = QUERIES["bench/xact_counters"]


@dataclass(frozen=True, slots=True)
class BenchOptions:
    players: int = 10_000
    duration: float = 60.0
    rate: float | None = None
    seed: int = 1
    mix: Mix = field(default=DEFAULT_MIX)
    connections: int = 8
    concurrency: int = 32
    chatters: int = 5_000
    channels: int = 4
    keep: bool = False
    pgbench: bool = True
    pgbench_scale: int = 1
    audit: bool = True


def _split(options: BenchOptions) -> tuple[float, float, float]:
    """Seconds for each pgbench mode, the rob phase and the mixed phase."""
    d = options.duration
    if options.pgbench:
        return max(1.0, d * 0.15), max(1.0, d * 0.2), max(1.0, d * 0.5)
    return 0.0, max(1.0, d * 0.3), max(1.0, d * 0.7)


def peak_rss_mb() -> float:
    # ru_maxrss is kilobytes on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024 / 1024


async def run_bench(
    settings: Settings, options: BenchOptions, *, progress: Callable[[str], None] = print
) -> BenchReport:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    pg_seconds, rob_seconds, mixed_seconds = _split(options)
    tag = secrets.token_hex(3)
    async with open_server(url, settings.embedded_pgdata) as server:
        version = await _server_version(server.dsn)
        where = "embedded" if server.embedded else "DATABASE_URL"
        async with scratch_database(server.dsn, "kingpin_bench", keep=options.keep) as (name, dsn):
            progress(f"database {name}: migrating and seeding {options.players:,} players …")
            await prepare_schema(dsn)
            seeded = await seed_players(dsn, options.players)
            report = BenchReport(
                players=options.players,
                connections=options.connections,
                seed=options.seed,
                mix=options.mix.describe(),
                server=f"PostgreSQL {version} ({where})",
                seed_seconds=seeded.seconds,
                database=name,
                kept=options.keep,
            )
            if options.pgbench:
                binary = find_pgbench()
                async with scratch_database(server.dsn, "kingpin_pgbench", keep=False) as (
                    _,
                    pg_dsn,
                ):
                    progress("pgbench -i, then pgbench -N …")
                    await init_simple(binary, pg_dsn, scale=options.pgbench_scale)
                    report.pgbench["simple_update"] = await run_pgbench(
                        binary,
                        pg_dsn,
                        mode="simple_update",
                        clients=options.connections,
                        seconds=pg_seconds,
                    )
                progress("pgbench rob script …")
                script = rob_script(
                    players=options.players, first_user_id=seeded.first_user_id, rich=RICH_PLAYERS
                )
                report.pgbench["rob"] = await run_pgbench(
                    binary,
                    dsn,
                    mode="rob",
                    clients=options.connections,
                    seconds=pg_seconds,
                    script=script,
                )
            report.phases += await _pipeline_phases(
                dsn, settings, options, tag, rob_seconds, mixed_seconds, progress
            )
            report.peak_rss_mb = peak_rss_mb()
            if options.audit:
                progress("audit …")
                conn = await asyncpg.connect(dsn)
                try:
                    audit = await run_audit(conn)
                finally:
                    await conn.close()
                report.audit, report.audit_ok = audit.lines(), audit.ok
            return report


async def _pipeline_phases(
    dsn: str,
    settings: Settings,
    options: BenchOptions,
    tag: str,
    rob_seconds: float,
    mixed_seconds: float,
    progress: Callable[[str], None],
) -> list[PhaseResult]:
    clock = SystemClock()
    population = Population(options.players, options.chatters, options.channels)
    stats = await asyncpg.connect(dsn)

    async def xacts() -> int:
        return int(await stats.fetchval(_XACTS))

    try:
        async with open_app(
            dsn, settings, clock, seed=options.seed, pool_size=options.connections
        ) as app:
            warmup = min(1.0, rob_seconds * 0.2)
            progress(f"pipeline: rob only, saturated, {rob_seconds:.0f} s …")
            rob = await saturate(
                app.pipeline,
                Traffic(population, clock, seed=options.seed, tag=f"{tag}r"),
                ROB_ONLY,
                name="rob",
                seconds=rob_seconds,
                concurrency=options.concurrency,
                seed=options.seed,
                xact_counter=xacts,
                activity=app.activity,
                warmup=warmup,
            )
            traffic = Traffic(population, clock, seed=options.seed + 1, tag=f"{tag}m")
            warmup = min(1.0, mixed_seconds * 0.2)
            if options.rate is None:
                progress(f"pipeline: mixed, saturated, {mixed_seconds:.0f} s …")
                mixed = await saturate(
                    app.pipeline,
                    traffic,
                    options.mix,
                    name="mixed",
                    seconds=mixed_seconds,
                    concurrency=options.concurrency,
                    seed=options.seed,
                    xact_counter=xacts,
                    activity=app.activity,
                    warmup=warmup,
                )
            else:
                progress(
                    f"pipeline: mixed, {options.rate:,.0f} commands/s offered, {mixed_seconds:.0f} s …"
                )
                mixed = await offered(
                    app.pipeline,
                    traffic,
                    options.mix,
                    name="mixed",
                    seconds=mixed_seconds,
                    rate=options.rate,
                    seed=options.seed,
                    xact_counter=xacts,
                    activity=app.activity,
                    warmup=warmup,
                )
            await asyncio.sleep(0)
    finally:
        await stats.close()
    return [rob, mixed]


async def _server_version(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        return str(await conn.fetchval("SELECT current_setting('server_version')"))
    finally:
        await conn.close()


def write_json(report: BenchReport, path: Path) -> None:
    import json

    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
