"""The ``kingpin`` command: the composition root that wires settings, database and adapters."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import asyncpg

from bot import migrate
from bot.config import Settings
from bot.content import load_content
from bot.db import DatabaseServer, open_server
from bot.errors import ConfigError, KingpinError
from bot.logging import configure_logging
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
    return await run_console(settings, script=args.script, seed=args.seed, clock=clock)


async def _bench(settings: Settings, args: argparse.Namespace) -> int:
    from bot.bench.cli import bench_command

    return await bench_command(settings, args)


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_platforms

    return await run_platforms(settings)


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
    from bot.bench.cli import add_arguments

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
    console.set_defaults(run=_console)
    sub.add_parser("audit", help="check the money invariants; exit 1 if anything is wrong").set_defaults(
        run=_audit
    )

    bench = sub.add_parser(
        "bench", help="load benchmark: the real pipeline under a simulated chat, beside pgbench"
    )
    _bench_arguments(bench)
    bench.set_defaults(run=_bench)

    sub.add_parser(
        "run", help="run every enabled platform (Twitch, Kick, Discord); the console if none"
    ).set_defaults(run=_run)

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
    if console_chat and level.upper() in ("DEBUG", "INFO"):
        level = "WARNING"  # keep the chat readable; stderr still shows problems
    configure_logging(level, settings.log_format)
    run: Command = args.run
    try:
        return asyncio.run(run(settings, args))
    except KeyboardInterrupt:
        return 130
    except (KingpinError, ContentError) as exc:
        # One line for the operator, no traceback (KingpinError.exit_code: 2).
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return KingpinError.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
