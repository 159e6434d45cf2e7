"""Schema migrations: ``sql/migrations/NNNN_name.sql``, applied in order, recorded with a checksum.

Theory of operation:
- Each file runs in its own transaction together with the row that records it in
  ``schema_migrations``; a failure leaves neither.
- An applied migration whose file changed since (different SHA-256) stops the upgrade: history
  is never rewritten in place; write a new migration instead.
- A session-level advisory lock serialises concurrent upgrades (two bots starting at once): the
  second waits, then finds everything applied and does nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import asyncpg

from bot.errors import KingpinError

__all__ = [
    "AppliedMigration",
    "Migration",
    "MigrationEditedError",
    "applied_migrations",
    "load_migrations",
    "upgrade",
    "upgrade_all",
]

# Arbitrary constant shared by every Kingpin process: "the schema upgrade lock".
UPGRADE_LOCK_KEY = 0x4B696E6770696E  # "Kingpin"

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AppliedMigration:
    version: int
    name: str
    checksum: str
    applied_at: datetime


class MigrationEditedError(KingpinError, RuntimeError):
    """An applied migration's file no longer matches what was applied."""

    def __init__(self, migration: Migration, recorded: str) -> None:
        super().__init__(
            f"migration {migration.version:04d}_{migration.name} was edited after it was applied "
            f"(recorded sha256 {recorded[:12]}…, file {migration.checksum[:12]}…); "
            "restore it and add a new migration instead"
        )
        self.migration = migration


def load_migrations() -> list[Migration]:
    """Every migration shipped in the ``sql`` package, in version order."""
    folder = resources.files("sql") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"duplicate migration versions in {versions}")
    return found


async def applied_migrations(conn: asyncpg.Connection) -> list[AppliedMigration]:
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return []
    rows = await conn.fetch(
        "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
    )
    return [AppliedMigration(r["version"], r["name"], r["checksum"], r["applied_at"]) for r in rows]


async def upgrade(conn: asyncpg.Connection, migrations: list[Migration] | None = None) -> list[Migration]:
    """Apply what is missing; return the migrations applied by this call."""
    migrations = load_migrations() if migrations is None else migrations
    await conn.execute("SELECT pg_advisory_lock($1)", UPGRADE_LOCK_KEY)
    try:
        await conn.execute(_CREATE_TABLE)
        recorded = {a.version: a for a in await applied_migrations(conn)}
        for migration in migrations:
            previous = recorded.get(migration.version)
            if previous is not None and previous.checksum != migration.checksum:
                raise MigrationEditedError(migration, previous.checksum)
        done: list[Migration] = []
        for migration in migrations:
            if migration.version in recorded:
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            done.append(migration)
        return done
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", UPGRADE_LOCK_KEY)


async def upgrade_all(conn: asyncpg.Connection) -> list[Migration]:
    """Migrations, then the game content: what ``kingpin db upgrade`` does."""
    from bot.content import load_content

    applied = await upgrade(conn)
    await load_content(conn)
    return applied
