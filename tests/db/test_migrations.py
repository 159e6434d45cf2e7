"""Migrations against a real PostgreSQL: from empty, again, edited, failing and concurrent.

These tests need databases with nothing in them, so they create their own on the test server
(``server_url``) instead of copying the migrated template.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio

from bot.content import read_content
from bot.migrate import (
    UPGRADE_LOCK_KEY,
    Migration,
    MigrationEditedError,
    applied_migrations,
    load_migrations,
    upgrade,
    upgrade_all,
)


def _swap_database(uri: str, database: str) -> str:
    head, sep, query = uri.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{database}{sep}{query}"


@pytest_asyncio.fixture(loop_scope="session")
async def empty_db_url(server_url: str) -> AsyncIterator[str]:
    """A brand-new database with no schema at all; dropped after the test."""
    name = f"kingpin_empty_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute('CREATE DATABASE "' + name + '"')
        yield _swap_database(server_url, name)
        await admin.execute('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)')
    finally:
        await admin.close()


@pytest_asyncio.fixture(loop_scope="session")
async def empty(empty_db_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(empty_db_url)
    try:
        yield conn
    finally:
        await conn.close()


async def _tables(conn: asyncpg.Connection) -> set[str]:
    rows = await conn.fetch(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    return {r["table_name"] for r in rows}


async def _holds_upgrade_lock(conn: asyncpg.Connection) -> bool:
    return await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
        "AND pid = pg_backend_pid() AND granted "
        "AND ((classid::bigint << 32) | objid::bigint) = $1)",
        UPGRADE_LOCK_KEY,
    )


async def test_upgrade_from_empty_then_again(empty: asyncpg.Connection) -> None:
    shipped = load_migrations()
    assert shipped and [m.version for m in shipped] == sorted({m.version for m in shipped})
    assert await applied_migrations(empty) == []

    applied = await upgrade(empty)
    assert [m.version for m in applied] == [m.version for m in shipped]
    recorded = await applied_migrations(empty)
    assert [(a.version, a.name, a.checksum) for a in recorded] == [
        (m.version, m.name, m.checksum) for m in shipped
    ]
    tables = await _tables(empty)
    assert {"schema_migrations", "users", "wealth_ledger", "items", "heist_trivia_pool"} <= tables

    # the second run applies nothing and changes nothing
    assert await upgrade(empty) == []
    assert await applied_migrations(empty) == recorded
    assert await _tables(empty) == tables
    assert not await _holds_upgrade_lock(empty)


async def test_upgrade_applies_only_what_is_missing(empty: asyncpg.Connection) -> None:
    first = Migration(1, "first", "CREATE TABLE t1 (id integer PRIMARY KEY);")
    second = Migration(2, "second", "CREATE TABLE t2 (id integer PRIMARY KEY);")
    assert await upgrade(empty, [first]) == [first]
    assert await upgrade(empty, [first, second]) == [second]
    assert await upgrade(empty, [first, second]) == []
    assert {"t1", "t2"} <= await _tables(empty)


async def test_edited_migration_is_refused(empty: asyncpg.Connection) -> None:
    original = Migration(1, "first", "CREATE TABLE t1 (id integer PRIMARY KEY);")
    await upgrade(empty, [original])
    edited = Migration(1, "first", "CREATE TABLE t1 (id bigint PRIMARY KEY);")
    later = Migration(2, "second", "CREATE TABLE t2 (id integer PRIMARY KEY);")
    assert edited.checksum != original.checksum

    with pytest.raises(MigrationEditedError, match="0001_first was edited") as caught:
        await upgrade(empty, [edited, later])
    assert caught.value.migration == edited
    # refused before anything ran: the later migration was not applied either
    assert "t2" not in await _tables(empty)
    assert [a.version for a in await applied_migrations(empty)] == [1]
    assert (await applied_migrations(empty))[0].checksum == original.checksum
    # the lock was released; the untouched history still upgrades
    assert not await _holds_upgrade_lock(empty)
    assert await upgrade(empty, [original, later]) == [later]


async def test_failing_migration_leaves_nothing_behind(empty: asyncpg.Connection) -> None:
    good = Migration(1, "good", "CREATE TABLE t1 (id integer PRIMARY KEY);")
    bad = Migration(2, "bad", "CREATE TABLE t2 (id integer PRIMARY KEY); SELECT 1 / 0;")
    with pytest.raises(asyncpg.DivisionByZeroError):
        await upgrade(empty, [good, bad])
    assert [a.version for a in await applied_migrations(empty)] == [1]
    tables = await _tables(empty)
    assert "t1" in tables and "t2" not in tables
    assert not await _holds_upgrade_lock(empty)


async def test_concurrent_upgrades_apply_once(empty_db_url: str) -> None:
    # Slow enough that the second caller arrives while the first still holds the lock; without
    # the lock both would CREATE TABLE and one would fail with a duplicate table.
    slow = [
        Migration(1, "slow", "CREATE TABLE t1 (id integer PRIMARY KEY); SELECT pg_sleep(0.3);"),
        Migration(2, "after", "CREATE TABLE t2 (id integer PRIMARY KEY);"),
    ]
    first, second = await asyncpg.connect(empty_db_url), await asyncpg.connect(empty_db_url)
    try:
        results = await asyncio.gather(upgrade(first, slow), upgrade(second, slow))
        assert sorted(len(r) for r in results) == [0, 2]
        assert [a.version for a in await applied_migrations(first)] == [1, 2]
    finally:
        await first.close()
        await second.close()


async def test_concurrent_full_upgrades_apply_and_load_once(empty_db_url: str) -> None:
    conns = [await asyncpg.connect(empty_db_url) for _ in range(3)]
    try:
        results = await asyncio.gather(*(upgrade_all(c) for c in conns))
        shipped = load_migrations()
        assert sorted(len(r) for r in results) == [0, 0, len(shipped)]
        recorded = await applied_migrations(conns[0])
        assert [a.version for a in recorded] == [m.version for m in shipped]
        # content loaded by three processes at once: one row per shipped entry
        content = read_content()
        counts = await conns[0].fetchrow(
            "SELECT (SELECT count(*) FROM items) AS items,"
            " (SELECT count(*) FROM heist_trivia_pool) AS trivia,"
            " (SELECT count(*) FROM territories) AS territories"
        )
        assert dict(counts) == {
            "items": len(content.items),
            "trivia": len(content.trivia),
            "territories": len(content.territories),
        }
    finally:
        for c in conns:
            await c.close()
