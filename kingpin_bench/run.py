"""One benchmark run: scratch database, seed, pgbench ceilings, pipeline phases, audit.

Four measurements share ``duration`` (each pgbench mode 15%, the rob phase 20%, the mixed
phase 50%), each cut into ``rounds`` slices and interleaved, so a ceiling and the pipeline
figure compared with it see the same neighbours on a shared machine:

1. ``pgbench`` running the rob script against the seeded players, then
2. ``rob``: the pipeline with only ``!rob`` lines, saturated (compared with 1.) — repeated;
3. ``pgbench -N`` in its own scratch database on the same server, then
4. ``mixed``: the configured mix, saturated, or at ``rate`` commands/s when given — repeated.

The pipeline is the real one from :func:`bot.app.open_app` (pool of ``connections``, chat
activity batched every 250 ms) on a wall clock. The scratch databases are dropped at the end
unless ``keep``; the money audit runs on the bench database before that.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bot.app import open_app
from bot.audit import run_audit
from bot.clock import SystemClock
from bot.config import Settings
from bot.db import open_server
from bot.sql import QUERIES
from kingpin_bench.driver import PhaseResult, merge_phases, offered, saturate
from kingpin_bench.mix import DEFAULT_MIX, ROB_ONLY, Mix
from kingpin_bench.pgbench import (
    PgbenchResult,
    find_pgbench,
    init_simple,
    merge_pgbench,
    rob_script,
    run_pgbench,
)
from kingpin_bench.phases import extra_phases
from kingpin_bench.report import BenchReport
from kingpin_bench.seed import connect_when_up, prepare_schema, scratch_database, seed_players
from kingpin_bench.traffic import RICH_PLAYERS, Population, Traffic

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
    rounds: int = 3
    # Issue 21's phases (kingpin_bench/phases.py), after the rob and mixed phases.
    rates: tuple[float, ...] = ()
    phase_seconds: float = 20.0
    chat_seconds: float = 0.0
    raid: int = 0
    soak: float = 0.0
    soak_rate: float = 100.0


def _split(options: BenchOptions) -> tuple[float, float, float]:
    """Seconds in all for each pgbench mode, the rob phase and the mixed phase."""
    d = options.duration
    if options.pgbench:
        return d * 0.15, d * 0.2, d * 0.5
    return 0.0, d * 0.3, d * 0.7


def peak_rss_mb() -> float:
    # ru_maxrss is kilobytes on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024 / 1024


async def run_bench(
    settings: Settings, options: BenchOptions, *, progress: Callable[[str], None] = print
) -> BenchReport:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    async with open_server(url, settings.embedded_pgdata) as server:
        version = await _server_version(server.dsn)
        where = "embedded" if server.embedded else "DATABASE_URL"
        async with (
            scratch_database(server.dsn, "kingpin_bench", keep=options.keep) as (name, dsn),
            scratch_database(server.dsn, "kingpin_pgbench", keep=False) as (_, pg_dsn),
        ):
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
                rounds=options.rounds,
                event_loop=type(asyncio.get_running_loop()).__module__.split(".")[0],
            )
            ceiling: _Ceiling | None = None
            if options.pgbench:
                binary = find_pgbench()
                progress("pgbench -i …")
                await init_simple(binary, pg_dsn, scale=options.pgbench_scale)
                script = rob_script(
                    players=options.players, first_user_id=seeded.first_user_id, rich=RICH_PLAYERS
                )
                ceiling = _Ceiling(binary, pg_dsn, dsn, script, options.connections)
            report.phases += await _phases(dsn, settings, options, ceiling, progress)
            if ceiling is not None:
                report.pgbench = ceiling.results()
            report.peak_rss_mb = peak_rss_mb()
            if options.audit:
                progress("audit …")
                conn = await connect_when_up(dsn)
                try:
                    audit = await run_audit(conn)
                finally:
                    await conn.close()
                report.audit, report.audit_ok = audit.lines(), audit.ok
            return report


class _Ceiling:
    """pgbench runs, in slices between the pipeline's, summed per mode."""

    def __init__(
        self, binary: Path, simple_dsn: str, bench_dsn: str, script: str, clients: int
    ) -> None:
        self._binary, self._simple, self._bench = binary, simple_dsn, bench_dsn
        self._script, self._clients = script, clients
        self._parts: dict[str, list[PgbenchResult]] = {"simple_update": [], "rob": []}

    async def run(self, mode: str, seconds: float) -> None:
        if mode == "rob":
            result = await run_pgbench(
                self._binary,
                self._bench,
                mode=mode,
                clients=self._clients,
                seconds=seconds,
                script=self._script,
            )
        else:
            result = await run_pgbench(
                self._binary, self._simple, mode=mode, clients=self._clients, seconds=seconds
            )
        self._parts[mode].append(result)

    def results(self) -> dict[str, PgbenchResult]:
        return {mode: merge_pgbench(parts) for mode, parts in self._parts.items() if parts}


async def _phases(
    dsn: str,
    settings: Settings,
    options: BenchOptions,
    ceiling: _Ceiling | None,
    progress: Callable[[str], None],
) -> list[PhaseResult]:
    """The rob phase and the mixed phase, each in ``rounds`` slices, every slice right after
    a pgbench slice of its ceiling (so both see the same neighbours on a shared machine)."""
    pg_seconds, rob_seconds, mixed_seconds = _split(options)
    rounds = options.rounds
    clock = SystemClock()
    population = Population(options.players, options.chatters, options.channels)
    tag = secrets.token_hex(3)
    stats = await asyncpg.connect(dsn)
    try:
        async with open_app(
            dsn, settings, clock, seed=options.seed, pool_size=options.connections
        ) as app:

            async def xacts(settle: bool) -> int:
                nonlocal stats
                if settle:  # a backend reports its statistics at most once a second
                    await asyncio.sleep(1.1)
                for attempt in range(30):  # the database may be restarting: wait it out
                    try:
                        await _touch(app.pool, options.connections)
                        return int(await stats.fetchval(_XACTS))
                    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                        await asyncio.sleep(min(1.0, 0.1 * (attempt + 1)))
                        with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                            await stats.close()
                            stats = await connect_when_up(dsn, seconds=5)
                return int(await stats.fetchval(_XACTS))

            rob_traffic = Traffic(population, clock, seed=options.seed, tag=f"{tag}r")
            mixed_traffic = Traffic(population, clock, seed=options.seed + 1, tag=f"{tag}m")
            rob_parts: list[PhaseResult] = []
            mixed_parts: list[PhaseResult] = []
            for i in range(rounds):
                if ceiling is not None:
                    progress(f"round {i + 1}/{rounds}: pgbench rob script …")
                    await ceiling.run("rob", pg_seconds / rounds)
                progress(f"round {i + 1}/{rounds}: pipeline, !rob only, saturated …")
                rob_parts.append(
                    await saturate(
                        app.pipeline,
                        rob_traffic,
                        ROB_ONLY,
                        name="rob",
                        seconds=rob_seconds / rounds,
                        concurrency=options.concurrency,
                        seed=options.seed + i,
                        xact_counter=xacts,
                        activity=app.activity,
                        warmup=_warmup(i, rob_seconds / rounds),
                    )
                )
            for i in range(rounds):
                if ceiling is not None:
                    progress(f"round {i + 1}/{rounds}: pgbench -N …")
                    await ceiling.run("simple_update", pg_seconds / rounds)
                warmup = _warmup(i, mixed_seconds / rounds)
                if options.rate is None:
                    progress(f"round {i + 1}/{rounds}: pipeline, mixed, saturated …")
                    part = await saturate(
                        app.pipeline,
                        mixed_traffic,
                        options.mix,
                        name="mixed",
                        seconds=mixed_seconds / rounds,
                        concurrency=options.concurrency,
                        seed=options.seed + i,
                        xact_counter=xacts,
                        activity=app.activity,
                        warmup=warmup,
                    )
                else:
                    progress(
                        f"round {i + 1}/{rounds}: pipeline, mixed, {options.rate:,.0f} commands/s …"
                    )
                    part = await offered(
                        app.pipeline,
                        mixed_traffic,
                        options.mix,
                        name="mixed",
                        seconds=mixed_seconds / rounds,
                        rate=options.rate,
                        seed=options.seed + i,
                        xact_counter=xacts,
                        activity=app.activity,
                        warmup=warmup,
                    )
                mixed_parts.append(part)
            extra = await extra_phases(
                app,
                clock=clock,
                traffic=lambda t, s: Traffic(population, clock, seed=s, tag=f"{tag}{t}"),
                mix=options.mix,
                rates=options.rates,
                phase_seconds=options.phase_seconds,
                chat_seconds=options.chat_seconds,
                concurrency=options.concurrency,
                raid_viewers=options.raid,
                soak_seconds=options.soak,
                soak_rate=options.soak_rate,
                seed=options.seed,
                tag=tag,
                xact_counter=xacts,
                progress=progress,
            )
    finally:
        await stats.close()
    return [merge_phases(rob_parts), merge_phases(mixed_parts), *extra]


async def _touch(pool: asyncpg.Pool, size: int) -> None:
    """One short transaction on every pool connection: each server backend then reports the
    statistics it holds (it does so at the end of a transaction, at most once a second)."""
    held = [await pool.acquire() for _ in range(size)]
    try:
        for conn in held:
            await conn.fetchval(_XACTS)
    finally:
        for conn in held:
            await pool.release(conn)


def _warmup(index: int, seconds: float) -> float:
    """Unmeasured start of a slice: longer for the first (cold caches, new connections)."""
    return min(1.0 if index == 0 else 0.3, seconds * 0.25)


async def _server_version(dsn: str) -> str:
    conn = await connect_when_up(dsn)
    try:
        return str(await conn.fetchval("SELECT current_setting('server_version')"))
    finally:
        await conn.close()


def write_json(report: BenchReport, path: Path) -> None:
    import json

    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
