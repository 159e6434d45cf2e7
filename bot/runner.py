"""The long-running verbs of the CLI: the console chat and ``kingpin run``."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import aiohttp
import asyncpg
import structlog

from adapters.console.client import ConsoleChat
from bot.announce import ANNOUNCE_KIND, BroadcastPublisher
from bot.app import App, open_app
from bot.clock import Clock, SimulatedClock, SystemClock
from bot.config import KickMode, Settings
from bot.db import create_pool, open_server
from bot.discord_links import DatabaseAutocomplete, DatabaseFeedChannels
from bot.events import Platform
from bot.handlers import COMMANDS
from bot.http import HttpServer, create_app
from bot.migrate import upgrade_all
from bot.outbox import OutboxDrain
from bot.ports import TokenStore
from bot.redaction import describe_error
from bot.schedule_cli import ConsoleSchedule, build_scheduler, job_lines, outcome_line
from bot.scheduler import Scheduler
from bot.tokens import DatabaseTokenStore
from bot.web.overlay import overlay_url
from bot.web.service import serve_web

if TYPE_CHECKING:
    from adapters.discord.client import DiscordAdapter
    from adapters.kick import KickAdapter
    from adapters.twitch import TwitchAdapter

__all__ = [
    "Services",
    "enabled_platforms",
    "jobs_command",
    "login",
    "parse_clock",
    "prepared_database",
    "run_console",
    "run_platforms",
    "serve_platforms",
    "wait_for_shutdown",
]

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
    serve_http: bool = False,
) -> int:
    """Console chat: interactive on a terminal, else the script / stdin lines, one per event.

    With ``serve_http`` the HTTP server runs beside it (overlay and public pages), so a streamer
    can rehearse with the overlay in OBS; its URL is printed first.
    """
    async with prepared_database(settings) as dsn, open_app(dsn, settings, clock, seed=seed) as app:
        if not serve_http:
            return await console_session(app, clock, script=script, out=out, lines=lines)
        async with console_web(app, settings, clock, out):
            return await console_session(app, clock, script=script, out=out, lines=lines)


@contextlib.asynccontextmanager
async def console_web(app: App, settings: Settings, clock: Clock, out: TextIO) -> AsyncIterator[None]:
    """The HTTP server for a console rehearsal; a port already taken is a warning, not an end."""
    web_app = create_app()
    async with serve_web(web_app, app.pool, app.dsn, settings, clock, app.game.rules) as hub:
        server = HttpServer(web_app, settings.http_host, settings.http_port)
        try:
            await server.start()
        except OSError as exc:
            out.write(f"(overlay not served: port {settings.http_port} is taken: {exc.strerror})\n")
            yield
            return
        try:
            if hub is not None and server.port is not None:
                from bot.web.service import overlay_token

                token = await overlay_token(app.pool, settings)
                out.write(f"Overlay: {overlay_url(settings.http_host, server.port, token)}\n")
                out.flush()
            yield
        finally:
            await server.stop()


async def console_session(
    app: App,
    clock: Clock,
    *,
    script: Path | None = None,
    out: TextIO = sys.stdout,
    lines: Iterable[str] | None = None,
) -> int:
    chat = ConsoleChat(app.pipeline, clock, out=out, echo=False)
    chat.schedule = ConsoleSchedule(app, chat)
    if lines is not None:
        await chat.run_lines(lines)
    elif script is not None:
        text = await asyncio.to_thread(script.read_text, encoding="utf-8")
        await chat.run_lines(text.splitlines())
    elif not _has_fileno(sys.stdin):
        await chat.run_lines(sys.stdin.read().splitlines())
    elif sys.stdin.isatty():
        await chat.run_interactive(sys.stdin.fileno())
    else:
        await chat.run_stream(sys.stdin.fileno())
    await app.activity.flush()
    return 0


def _has_fileno(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return True


async def wait_for_shutdown() -> None:
    """Return on Ctrl-C or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


# -- kingpin run ---------------------------------------------------------------------------------


def enabled_platforms(settings: Settings) -> list[str]:
    return [
        name
        for name, on in (
            ("twitch", settings.twitch.enabled),
            ("kick", settings.kick.enabled),
            ("discord", settings.discord.enabled),
        )
        if on
    ]


@dataclass
class Services:
    """What ``kingpin run`` started (``None``: disabled, or could not start)."""

    app: App
    http: HttpServer | None = None
    twitch: TwitchAdapter | None = None
    kick: KickAdapter | None = None
    discord: DiscordAdapter | None = None
    drain: OutboxDrain | None = None
    web: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)
    announcer: OutboxDrain | None = None  # announcements to every connected chat
    scheduler: Scheduler | None = None
    failed: list[str] = field(default_factory=list)

    @property
    def started(self) -> list[str]:
        adapters = (("twitch", self.twitch), ("kick", self.kick), ("discord", self.discord))
        return [name for name, adapter in adapters if adapter is not None]


async def _start_twitch(services: Services, settings: Settings, store: TokenStore) -> None:
    from adapters.twitch import TwitchAdapter, TwitchAuthError

    adapter = TwitchAdapter(settings.twitch, sink=services.app.pipeline, token_store=store)
    try:
        await adapter.start()
    except TwitchAuthError as exc:
        services.failed.append("twitch")
        log.error(
            "twitch.not_started",
            account=exc.account,
            reason=exc.reason,
            fix="run `kingpin twitch login` (and `kingpin twitch login --broadcaster` for "
            "channel-point redemptions), then restart",
        )
        return
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        services.failed.append("twitch")
        log.error("twitch.not_started", error=describe_error(exc), fix="check TWITCH__* URLs and network")
        with contextlib.suppress(Exception):
            await adapter.stop()
        return
    services.twitch = adapter


async def _start_kick(services: Services, settings: Settings, store: TokenStore) -> None:
    from adapters.kick.client import KickApiError

    kick = settings.kick
    assert services.kick is not None  # built before the HTTP server, for its routes
    adapter, services.kick = services.kick, None
    if not kick.bot_user_id or not kick.client_id:
        services.failed.append("kick")
        log.error("kick.not_started", reason="KICK__CLIENT_ID and KICK__BOT_USER_ID must be set")
        return
    if await store.load(Platform.KICK, kick.bot_user_id) is None:
        services.failed.append("kick")
        log.error(
            "kick.not_started",
            account=kick.bot_user_id,
            reason="no token stored for the bot account",
            fix="run `kingpin kick login` as the bot account, then restart",
        )
        return
    try:
        await adapter.start()
    except (KickApiError, aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
        services.failed.append("kick")
        log.error("kick.not_started", error=describe_error(exc), fix="check KICK__* settings and network")
        with contextlib.suppress(Exception):
            await adapter.stop()
        return
    services.kick = adapter


async def _start_discord(services: Services, settings: Settings) -> None:
    import discord

    from adapters.discord.client import DiscordAdapter

    if not settings.discord.token.get_secret_value():
        services.failed.append("discord")
        log.error("discord.not_started", reason="DISCORD__TOKEN is not set", fix="see docs/discord.md")
        return
    pool = services.app.pool
    adapter = DiscordAdapter(
        settings,
        services.app.pipeline,
        commands=COMMANDS.slash_commands(),
        autocomplete=DatabaseAutocomplete(pool),
        feed_channels=DatabaseFeedChannels(pool),
    )
    try:
        await adapter.start()
    except (discord.DiscordException, aiohttp.ClientError, OSError) as exc:
        services.failed.append("discord")
        log.error(
            "discord.not_started",
            error=type(exc).__name__,
            fix="check DISCORD__TOKEN (Developer Portal → Bot → Reset Token)",
        )
        with contextlib.suppress(Exception):
            await adapter.stop()
        return
    services.discord = adapter


@contextlib.asynccontextmanager
async def serve_platforms(
    app: App,
    settings: Settings,
    *,
    outbox_interval: float = 1.0,
    drain_seconds: float = 10.0,
    clock: Clock | None = None,
) -> AsyncIterator[Services]:
    """Start the HTTP server and every enabled adapter; stop them in order on exit.

    Shutdown: stop taking webhooks, stop Kick and Twitch (each finishes the events it holds
    and sends their replies), deliver what the outbox has due while Discord is still up
    (bounded by ``drain_seconds``), then stop Discord. ``open_app`` then flushes chat activity
    and closes the pool.
    """
    services = Services(app)
    store = DatabaseTokenStore(app.pool)
    try:
        if settings.kick.enabled:
            from adapters.kick import KickAdapter

            try:
                services.kick = KickAdapter(settings, app.pipeline, store)
            except ValueError as exc:  # an unreadable KICK__PUBLIC_KEY_PEM
                services.failed.append("kick")
                log.error("kick.not_started", error=str(exc), fix="check KICK__PUBLIC_KEY_PEM")
        web_app = create_app()
        if services.kick is not None and services.kick.mode is KickMode.WEBHOOK:
            services.kick.add_routes(web_app)
        await services.web.enter_async_context(
            serve_web(web_app, app.pool, app.dsn, settings, clock or SystemClock(), app.game.rules)
        )
        services.http = HttpServer(web_app, settings.http_host, settings.http_port)
        await services.http.start()
        log.info("http.started", host=settings.http_host, port=services.http.port)
        if settings.twitch.enabled:
            await _start_twitch(services, settings, store)
        if services.kick is not None:
            await _start_kick(services, settings, store)
        if settings.discord.enabled:
            await _start_discord(services, settings)
        if services.discord is not None:
            services.drain = OutboxDrain(app.pool, services.discord, interval=outbox_interval)
            services.drain.start()
        broadcasters = [a for a in (services.twitch, services.kick) if a is not None]
        if broadcasters:
            services.announcer = OutboxDrain(
                app.pool,
                BroadcastPublisher(broadcasters),
                interval=outbox_interval,
                kinds=(ANNOUNCE_KIND,),
            )
            services.announcer.start()
        services.scheduler = build_scheduler(app)
        services.scheduler.start(clock or SystemClock())
        log.info(
            "kingpin.running",
            adapters=services.started,
            failed=services.failed,
            feed=services.drain is not None,
        )
        yield services
    finally:
        await _stop(services, drain_seconds)


async def _stop(services: Services, drain_seconds: float) -> None:
    log.info("kingpin.stopping", adapters=services.started)
    drain, announcer = services.drain, services.announcer
    steps: list[tuple[str, Callable[[], Awaitable[None]] | None]] = [
        ("http", services.http.stop if services.http else None),
        ("overlay", services.web.aclose),
        ("scheduler", services.scheduler.stop if services.scheduler else None),
        (
            "announce",
            (lambda: _final_drain(announcer, drain_seconds)) if announcer else None,
        ),
        ("kick", services.kick.stop if services.kick else None),
        ("twitch", services.twitch.stop if services.twitch else None),
        ("outbox", (lambda: _final_drain(drain, drain_seconds)) if drain else None),
        ("discord", services.discord.stop if services.discord else None),
    ]
    for name, step in steps:
        if step is None:
            continue
        try:
            await step()
        except Exception as exc:  # one part failing to stop must not keep the others running
            log.error("kingpin.stop_failed", part=name, error=describe_error(exc))
    log.info("kingpin.stopped")


async def _final_drain(drain: OutboxDrain, seconds: float) -> None:
    """Stop the drain loop, then deliver what is due while the publisher is still connected."""
    await drain.stop()
    try:
        async with asyncio.timeout(seconds):
            await drain.drain()
    except TimeoutError:
        log.warning("outbox.final_drain_incomplete", seconds=seconds)


async def run_platforms(
    settings: Settings,
    *,
    clock: Clock | None = None,
    seed: int | None = None,
    until: Callable[[], Awaitable[None]] = wait_for_shutdown,
    on_started: Callable[[Services], Awaitable[None]] | None = None,
) -> int:
    """``kingpin run``: every enabled adapter until ``until()`` returns (Ctrl-C / SIGTERM).

    With no platform enabled it opens the console chat instead. Returns 1 when platforms were
    enabled but none could start (the log says why and what to run).
    """
    clock = clock or SystemClock()
    if not enabled_platforms(settings):
        log.info("kingpin.no_platforms", hint="set TWITCH__ENABLED, KICK__ENABLED or DISCORD__ENABLED")
        return await run_console(settings, script=None, seed=seed, clock=clock)
    async with (
        prepared_database(settings) as dsn,
        open_app(dsn, settings, clock, seed=seed) as app,
        serve_platforms(app, settings, clock=clock) as services,
    ):
        if not services.started:
            log.error("kingpin.nothing_started", failed=services.failed)
            return 1
        if on_started is not None:
            await on_started(services)
        await until()
    return 0


async def jobs_command(
    settings: Settings,
    *,
    run: bool,
    names: Sequence[str] = (),
    clock: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """``kingpin jobs`` lists the jobs; ``kingpin jobs run [NAME…] [--clock ISO]`` runs what is
    due at that time (all jobs or the named ones), then lists them. Exit 1 if a run failed."""
    try:
        at = parse_clock(clock)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    async with prepared_database(settings) as dsn, open_app(dsn, settings, at) as app:
        try:
            scheduler = build_scheduler(app, names)
        except KeyError as exc:
            print(f"error: unknown job: {exc.args[0]}", file=sys.stderr)
            return 2
        now = at.now()
        code = 0
        if run:
            outcomes = await scheduler.tick(now)
            for outcome in outcomes:
                print(outcome_line(outcome), file=out)
            if not outcomes:
                print(f"nothing due at {now:%Y-%m-%d %H:%M:%S} UTC", file=out)
            code = 0 if all(o.ok for o in outcomes) else 1
        for line in await job_lines(app.pool, scheduler.jobs, now):
            print(line, file=out)
    return code


async def login(settings: Settings, platform: Platform, *, broadcaster: bool = False) -> int:
    """``kingpin twitch login`` / ``kingpin kick login``: authorise and store the token."""
    async with prepared_database(settings) as dsn:
        pool = await create_pool(dsn, size=2)
        try:
            store = DatabaseTokenStore(pool)
            if platform is Platform.TWITCH:
                from adapters.twitch import login_flow as twitch_login

                await twitch_login(settings.twitch, store, broadcaster=broadcaster)
            else:
                from adapters.kick import login_flow as kick_login

                await kick_login(settings, store)
        finally:
            await pool.close()
    return 0
