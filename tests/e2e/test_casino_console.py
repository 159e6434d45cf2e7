"""`kingpin console` rehearsal of the casino: a script plays every game, buys a supply and a
token, runs a lottery draw and a race to settlement (jobs run on the console clock after each
line, so `/advance` past the deadline settles them) and `!verify` reproduces the draw."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest_asyncio
from pydantic import SecretStr

from bot.audit import run_audit
from bot.config import Settings
from bot.runner import parse_clock, run_console
from tests.conftest import _swap_database

SCRIPT = """\
alice: !balance
bob: !balance
boss [broadcaster]: !givewealth alice 100k
boss [broadcaster]: !givewealth bob 100k
alice: !odds
alice: !slots 500
alice: !bj 1000
alice: !stand
alice: !flip 1000 heads
bob: !flips
bob: !accept 1
alice: !lottery 4 8 15
bob: !lottery 16 20 1
bob: !lotto
alice: !supplies
alice: !buysupply xp_25
alice: !buytoken
alice: !buffs
boss [broadcaster]: !race start daily wagered 10k top 2
bob: !race
/advance 13h
bob: !verify lottery 1
alice: !gstats
alice: !race
"""


@pytest_asyncio.fixture(loop_scope="session")
async def database(server_url: str, template_db: str) -> AsyncIterator[str]:
    name = f"kingpin_c_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute('CREATE DATABASE "' + name + '" TEMPLATE "' + template_db + '"')
        yield _swap_database(server_url, name)
    finally:
        await admin.execute('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)')
        await admin.close()


async def test_console_casino_rehearsal(database: str) -> None:
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=SecretStr(database))
    await run_console(settings, script=None, seed=18, clock=parse_clock("2026-01-05T12:00:00Z"),
                      out=out, lines=SCRIPT.splitlines())
    text = out.getvalue()
    assert "Return to player: slots 94.91%" in text
    assert "🎰 [ " in text and "🃏 alice" in text
    assert "🪙 alice (heads) vs bob: it lands" in text
    assert "bought ticket 4-8-15 for draw #1" in text and "bought ticket 1-16-20" in text
    assert "bought XP Boost 25%" in text and "bought a heist token for $1,000" in text
    assert "🏁 Race #1 is on" in text
    assert "Draw #1 ✅ verified" in text
    # /advance ran the scheduler's casino jobs; their announcements reached the chat
    assert "lottery_draw×" in text and "race_settlement×" in text
    assert "🎟️ Lottery draw #1: " in text and "🏁 Race #1 (wagered) is over!" in text
    conn = await asyncpg.connect(database)
    try:
        assert await conn.fetchval("SELECT status FROM lottery_draws WHERE draw_id = 1") == "drawn"
        assert await conn.fetchval("SELECT status FROM races WHERE race_id = 1") == "settled"
        assert await conn.fetchval("SELECT count(*) FROM race_results") == 2
        assert (await run_audit(conn)).ok
    finally:
        await conn.close()
