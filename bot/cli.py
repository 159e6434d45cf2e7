"""The ``kingpin`` command: the composition root that wires settings, database and adapters."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import structlog

from bot import loop as event_loop
from bot import migrate
from bot.config import Settings
from bot.content import load_content
from bot.db import DatabaseServer, DatabaseUnavailable, open_server
from bot.errors import ConfigError, KingpinError
from bot.logging import configure_logging, settings_secrets
from bot.sql import QUERIES
from game.catalogue import ContentError

__all__ = ["main"]


@contextlib.asynccontextmanager
async def _connect(settings: Settings) -> AsyncIterator[tuple[DatabaseServer, asyncpg.Connection]]:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    async with open_server(url, settings.embedded_pgdata) as server:
        conn = await asyncpg.connect(server.dsn)
        try:
            yield server, conn
        finally:
            await conn.close()


async def upgrade_database(conn: asyncpg.Connection, out: Callable[[str], None]) -> None:
    """Apply pending migrations and (re)load the game content; safe to run any number of times."""
    applied = await migrate.upgrade(conn)
    for m in applied:
        out(f"applied migration {m.version:04d}_{m.name}")
    if not applied:
        out("schema is up to date")
    report = await load_content(conn)
    out("content " + ("loaded:" if report.changed else "is up to date:"))
    for line in report.summary_lines():
        out(f"  {line}")


async def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    async with _connect(settings) as (_server, conn):
        await upgrade_database(conn, print)
    return 0


async def _db_status(settings: Settings, args: argparse.Namespace) -> int:
    async with _connect(settings) as (server, conn):
        version = await conn.fetchval("SELECT current_setting('server_version')")
        where = f"embedded, data in {server.pgdata}" if server.embedded else "DATABASE_URL"
        print(f"server: PostgreSQL {version} ({where})")
        applied = await migrate.applied_migrations(conn)
        known = {m.version: m for m in migrate.load_migrations()}
        print(f"migrations: {len(applied)} applied of {len(known)} shipped")
        for a in applied:
            print(f"  {a.version:04d}_{a.name}  {a.applied_at:%Y-%m-%d %H:%M:%S}")
        for version, m in sorted(known.items()):
            if version not in {a.version for a in applied}:
                print(f"  {version:04d}_{m.name}  (pending)")
        if len(applied) < len(known):
            print("content: not loaded until the schema is up to date (kingpin db upgrade)")
            return 0
        print("content:")
        for row in await conn.fetch(QUERIES["content/count_content_rows"]):
            retired = row["total"] - row["active"]
            note = f" ({retired} retired)" if retired else ""
            print(f"  {row['table_name']:<18} {row['total']:>5}{note}")
    return 0


async def _db_reset(settings: Settings, args: argparse.Namespace) -> int:
    if not args.yes:
        print("refusing to drop every table without --yes", file=sys.stderr)
        return 2
    async with _connect(settings) as (_server, conn):
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        print("dropped every table")
        await upgrade_database(conn, print)
    return 0


async def _audit(settings: Settings, args: argparse.Namespace) -> int:
    from bot.audit import run_audit

    async with _connect(settings) as (_server, conn):
        report = await run_audit(conn)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import parse_clock, run_console

    try:
        clock = parse_clock(args.clock)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if args.script is not None and not args.script.is_file():
        raise ConfigError(f"no such script: {args.script}")
    serve = args.serve if args.serve is not None else (args.script is None and sys.stdin.isatty())
    return await run_console(
        settings, script=args.script, seed=args.seed, clock=clock, serve_http=serve
    )


async def _overlay_url(settings: Settings, args: argparse.Namespace) -> int:
    from bot.web.overlay import overlay_url
    from bot.web.service import overlay_token

    async with _connect(settings) as (_server, conn):
        await migrate.upgrade_all(conn)
        token = await overlay_token(conn, settings)
    print(overlay_url(settings.http_host, settings.http_port, token, args.widgets or ""))
    return 0


async def _bench(settings: Settings, args: argparse.Namespace) -> int:
    from kingpin_bench.cli import bench_command

    return await bench_command(settings, args)


async def _simulate(settings: Settings, args: argparse.Namespace) -> int:
    from kingpin_sim.cli import simulate_command

    return simulate_command(args)


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_platforms

    return await run_platforms(settings)


async def _jobs(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import jobs_command

    return await jobs_command(settings, run=args.jobs_command == "run", names=args.names, clock=args.clock)


async def _twitch_login(settings: Settings, args: argparse.Namespace) -> int:
    from bot.events import Platform
    from bot.runner import login

    return await login(settings, Platform.TWITCH, broadcaster=args.broadcaster)


async def _kick_login(settings: Settings, args: argparse.Namespace) -> int:
    from bot.events import Platform
    from bot.runner import login

    return await login(settings, Platform.KICK)


Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


def _bench_arguments(parser: argparse.ArgumentParser) -> None:
    from kingpin_bench.cli import add_arguments

    add_arguments(parser)


async def _verify(settings: Settings, args: argparse.Namespace) -> int:
    from bot import verify
    from game import Rules

    rules = Rules()
    if args.seed or args.seed_hash or args.numbers:
        code, text = verify.offline(args, rules)
    else:
        async with _connect(settings) as (_server, conn):
            code, text = await verify.from_database(conn, args.draw, rules)
    print(text)
    return code


def _simulate_arguments(parser: argparse.ArgumentParser) -> None:
    from kingpin_sim.cli import add_arguments

    add_arguments(parser)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kingpin", description="Kingpin: a chat-bot RPG for live streamers."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="database schema and content")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply migrations and load game content (idempotent)").set_defaults(
        run=_db_upgrade
    )
    db_sub.add_parser("status", help="server, version, applied migrations, content counts").set_defaults(
        run=_db_status
    )
    reset = db_sub.add_parser("reset", help="drop everything and upgrade from scratch")
    reset.add_argument("--yes", action="store_true", help="confirm: all game data is lost")
    reset.set_defaults(run=_db_reset)

    console = sub.add_parser("console", help="local console chat against the real game")
    console.add_argument("--script", type=Path, help="replay lines from FILE instead of typing")
    console.add_argument("--seed", type=int, help="make every roll reproducible")
    console.add_argument("--clock", help="start a simulated clock, e.g. 2026-01-01T12:00:00Z")
    console.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="serve the overlay and public pages meanwhile (default: on when interactive)",
    )
    console.set_defaults(run=_console)
    overlay = sub.add_parser("overlay", help="the OBS overlay")
    overlay_sub = overlay.add_subparsers(dest="overlay_command", required=True)
    url = overlay_sub.add_parser("url", help="print the overlay URL (with its secret token)")
    url.add_argument("--widgets", help="comma list of crown,standings,heist,toasts (default all)")
    url.set_defaults(run=_overlay_url)
    sub.add_parser("audit", help="check the money invariants; exit 1 if anything is wrong").set_defaults(
        run=_audit
    )

    verify_parser = sub.add_parser("verify", help="recompute a provably fair lottery draw (offline or from the database)")
    from bot import verify as _verify_args

    _verify_args.add_arguments(verify_parser)
    verify_parser.set_defaults(run=_verify)

    bench = sub.add_parser(
        "bench", help="load benchmark: the real pipeline under a simulated chat, beside pgbench"
    )
    _bench_arguments(bench)
    bench.set_defaults(run=_bench)

    simulate = sub.add_parser(
        "simulate", help="a season of the economy in memory (real engine, no database), with plots"
    )
    _simulate_arguments(simulate)
    simulate.set_defaults(run=_simulate)

    sub.add_parser(
        "run", help="run every enabled platform (Twitch, Kick, Discord); the console if none"
    ).set_defaults(run=_run)

    jobs = sub.add_parser("jobs", help="scheduled jobs: schedule, last run, next due")
    jobs.set_defaults(run=_jobs, jobs_command=None, names=[], clock=None)
    jobs_sub = jobs.add_subparsers(dest="jobs_command", metavar="ACTION")
    jobs_run = jobs_sub.add_parser("run", help="run what is due now (or at --clock) and exit")
    jobs_run.add_argument("names", nargs="*", metavar="NAME", help="only these jobs")
    jobs_run.add_argument("--clock", help="the time to run at, e.g. 2026-01-01T00:01:00Z")
    jobs_run.set_defaults(run=_jobs)

    twitch = sub.add_parser("twitch", help="Twitch set-up")
    twitch_sub = twitch.add_subparsers(dest="twitch_command", required=True, metavar="ACTION")
    twitch_login = twitch_sub.add_parser(
        "login", help="authorise the bot account (device code) and store its token"
    )
    twitch_login.add_argument(
        "--broadcaster",
        action="store_true",
        help="authorise a channel owner instead (channel-point redemptions)",
    )
    twitch_login.set_defaults(run=_twitch_login)

    kick = sub.add_parser("kick", help="Kick set-up")
    kick_sub = kick.add_subparsers(dest="kick_command", required=True, metavar="ACTION")
    kick_sub.add_parser(
        "login", help="authorise the bot account (browser + local redirect) and store its token"
    ).set_defaults(run=_kick_login)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    args = _parser().parse_args(argv)
    settings = Settings()
    level = settings.log_level
    console_chat = args.command == "console" or (
        args.command == "run"
        and not (settings.twitch.enabled or settings.kick.enabled or settings.discord.enabled)
    )
    if (console_chat or args.command == "jobs") and level.upper() in ("DEBUG", "INFO"):
        level = "WARNING"  # keep the chat readable; stderr still shows problems
    configure_logging(level, settings.log_format, secrets=settings_secrets(settings))
    run: Command = args.run
    terminated = _sigterm_as_interrupt()
    try:
        # uvloop for the long-running verbs (measured: docs/architecture.md, Performance II)
        fast = args.command in ("run", "bench") and getattr(args, "loop", "uvloop") == "uvloop"
        return event_loop.run(run(settings, args), prefer_uvloop=fast)
    except KeyboardInterrupt:
        return 143 if terminated else 130
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (migrate.MigrationEditedError, ContentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KingpinError as exc:
        # One line for the operator, no traceback (KingpinError.exit_code: 2).
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return KingpinError.exit_code
    except Exception as exc:  # logged through the redactor: a traceback may carry a token
        structlog.get_logger("kingpin").exception("kingpin.crashed")
        print(f"error: {type(exc).__name__} (see the log above)", file=sys.stderr)
        return 1


class _Terminated:
    def __init__(self) -> None:
        self.seen = False

    def __bool__(self) -> bool:
        return self.seen


def _sigterm_as_interrupt() -> _Terminated:
    """SIGTERM takes the Ctrl-C path: the running task is cancelled and every ``finally``
    (adapters, pool, the embedded server) runs; ``kingpin run`` installs its own graceful
    handler while it serves."""
    flag = _Terminated()

    def on_sigterm(signum: int, frame: object) -> None:
        flag.seen = True
        signal.raise_signal(signal.SIGINT)

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, on_sigterm)
    return flag


if __name__ == "__main__":
    raise SystemExit(main())
