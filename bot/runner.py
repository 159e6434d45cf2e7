"""The long-running verbs of the CLI: the console chat and ``kingpin run``."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

import asyncpg
import structlog

from adapters.console.client import ConsoleChat
from bot.app import App, open_app
from bot.clock import Clock, SimulatedClock, SystemClock
from bot.config import Settings
from bot.db import open_server
from bot.migrate import upgrade_all

__all__ = ["parse_clock", "prepared_database", "run_console"]

log = structlog.get_logger("kingpin")


def parse_clock(text: str | None) -> Clock:
    """``2026-01-01T12:00:00Z`` → a simulated clock starting then; ``None`` → the wall clock."""
    if text is None:
        return SystemClock()
    start = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if start.tzinfo is None:
        raise ValueError("--clock needs a timezone, e.g. 2026-01-01T12:00:00Z")
    return SimulatedClock(start)


@contextlib.asynccontextmanager
async def prepared_database(settings: Settings) -> AsyncIterator[str]:
    """The DSN of an upgraded database (embedded unless ``DATABASE_URL`` is set)."""
    url = settings.database_url.get_secret_value() if settings.database_url else None
    async with open_server(url, settings.embedded_pgdata) as server:
        conn = await asyncpg.connect(server.dsn)
        try:
            await upgrade_all(conn)
        finally:
            await conn.close()
        yield server.dsn


async def run_console(
    settings: Settings,
    *,
    script: Path | None,
    seed: int | None,
    clock: Clock,
    out: TextIO = sys.stdout,
    lines: Iterable[str] | None = None,
) -> int:
    """Console chat: interactive on a terminal, else the script / stdin lines, one per event."""
    async with prepared_database(settings) as dsn, open_app(dsn, settings, clock, seed=seed) as app:
        return await console_session(app, clock, script=script, out=out, lines=lines)


async def console_session(
    app: App,
    clock: Clock,
    *,
    script: Path | None = None,
    out: TextIO = sys.stdout,
    lines: Iterable[str] | None = None,
) -> int:
    chat = ConsoleChat(app.pipeline, clock, out=out, echo=False)
    if lines is not None:
        await chat.run_lines(lines)
    elif script is not None:
        text = await asyncio.to_thread(script.read_text, encoding="utf-8")
        await chat.run_lines(text.splitlines())
    elif sys.stdin.isatty():
        await chat.run_interactive()
    else:
        await chat.run_lines(sys.stdin.read().splitlines())
    await app.activity.flush()
    return 0


async def wait_for_shutdown() -> None:
    """Return on Ctrl-C or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
