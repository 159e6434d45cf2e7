"""`kingpin console --script` with `--seed` and `--clock` replays the same transcript."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest_asyncio
from pydantic import SecretStr

from bot.config import Settings
from bot.runner import parse_clock, run_console
from tests.conftest import _swap_database

SCRIPT = """\
# a short stream, rehearsed
alice: !checkin
bob: !checkin
alice: !play
bob: hello chat
bob: !rob alice
alice [broadcaster]: !givewealth bob 2.5k welcome gift
carol: !profile bob
/live Friday night
/as dave
/sub
/gift 5
/redeem play
/offline
/advance 25h
alice: !checkin
alice: !lb daily
"""


@pytest_asyncio.fixture(loop_scope="session")
async def two_databases(server_url: str, template_db: str) -> AsyncIterator[tuple[str, str]]:
    names = [f"kingpin_s_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = await asyncpg.connect(server_url)
    try:
        for name in names:
            await admin.execute('CREATE DATABASE "' + name + '" TEMPLATE "' + template_db + '"')
        yield _swap_database(server_url, names[0]), _swap_database(server_url, names[1])
    finally:
        for name in names:
            await admin.execute('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)')
        await admin.close()


async def _transcript(dsn: str) -> str:
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=SecretStr(dsn))
    await run_console(
        settings,
        script=None,
        seed=7,
        clock=parse_clock("2026-01-01T12:00:00Z"),
        out=out,
        lines=SCRIPT.splitlines(),
    )
    return out.getvalue()


async def test_same_seed_same_transcript(two_databases: tuple[str, str]) -> None:
    first = await _transcript(two_databases[0])
    second = await _transcript(two_databases[1])
    assert first == second
    lines = first.splitlines()
    assert lines[0].startswith("[kingpin → alice] 📅 alice checked in: day 1")
    assert any("Stream session started: Friday night" in line for line in lines)
    assert any("Thanks dave for gifting 5 subs" in line for line in lines)
    assert any("gave bob" in line.lower() or "$2,500" in line for line in lines)
    # the next day's check-in continues nothing (a day was skipped by /advance 25h from noon)
    assert any("alice checked in: day" in line for line in lines[-3:])


async def test_a_numbered_seed_is_rotated_out_after_the_rehearsal(two_databases: tuple[str, str]) -> None:
    dsn = two_databases[0]
    await _transcript(dsn)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT server_seed, rotated_at, revealed_at FROM rng_seeds ORDER BY seed_id"
        )
    finally:
        await conn.close()
    from bot.fairness import seed_from_number

    numbered = [r for r in rows if bytes(r["server_seed"]) == seed_from_number(7, 0)]
    assert numbered and all(r["rotated_at"] is not None and r["revealed_at"] is not None for r in numbered)
    active = [r for r in rows if r["rotated_at"] is None]
    assert len(active) == 1 and bytes(active[0]["server_seed"]) != seed_from_number(7, 0)
