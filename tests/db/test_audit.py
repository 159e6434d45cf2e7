"""``kingpin audit`` on a real database: clean when the money adds up, loud when it does not.

Inconsistencies are planted with the ledger triggers switched off
(``session_replication_role = replica``) — the only way past them — and, for the token
balance, by dropping its CHECK in this throwaway database.
"""

from __future__ import annotations

import argparse

import asyncpg
import pytest

from bot.audit import run_audit
from bot.cli import _audit
from bot.config import Settings


async def _player(conn: asyncpg.Connection, name: str, wealth: int = 0) -> int:
    uid: int = await conn.fetchval(
        "INSERT INTO users (console_user_id, username) VALUES ($1, $1) RETURNING user_id", name
    )
    if wealth:
        await conn.fetchval(
            "WITH m AS (UPDATE users SET wealth = wealth + $2 WHERE user_id = $1 RETURNING wealth) "
            "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
            "SELECT $1, $2, wealth - $2, wealth, 'admin' FROM m RETURNING balance_after",
            uid,
            wealth,
        )
    return uid


async def test_a_consistent_database_passes(conn: asyncpg.Connection) -> None:
    await _player(conn, "alice", 1_500)
    await _player(conn, "bob")
    await conn.execute("INSERT INTO heist_tokens (user_id, balance, lifetime_earned, lifetime_spent) "
                       "SELECT user_id, 2, 3, 1 FROM users WHERE username = 'alice'")
    report = await run_audit(conn)
    assert report.ok, report.problems
    [line] = report.lines()
    assert line.startswith("audit OK: 2 players hold $1,500 = ledger $1,500 over 1 rows")


async def test_planted_inconsistencies_are_reported(conn: asyncpg.Connection) -> None:
    alice = await _player(conn, "alice", 1_000)
    bob = await _player(conn, "bob", 300)
    carol = await _player(conn, "carol")
    await conn.execute("SET session_replication_role = replica")
    # wealth changed without a ledger row
    await conn.execute("UPDATE users SET wealth = wealth + 500 WHERE user_id = $1", alice)
    # a ledger row that does not continue bob's chain (and bob's wealth does not follow it)
    await conn.execute(
        "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
        "VALUES ($1, 50, 999, 1049, 'admin')",
        bob,
    )
    await conn.execute("RESET session_replication_role")
    # a game event that says it paid money no ledger row carries, from an unprocessed event
    await conn.execute(
        "INSERT INTO game_events (user_id, event_type, wealth_change, source_platform, source_event_id) "
        "VALUES ($1, 'play', 250, 'console', 'never-processed')",
        carol,
    )
    # a support that promised wealth but never paid it
    await conn.execute(
        "INSERT INTO monetization_events (user_id, platform, external_event_id, event_type, wealth_rewarded) "
        "VALUES ($1, 'twitch', 'sub-1', 'sub', 500)",
        carol,
    )
    # token books that do not balance
    await conn.execute("ALTER TABLE heist_tokens DROP CONSTRAINT heist_tokens_balance_accounted")
    await conn.execute(
        "INSERT INTO heist_tokens (user_id, balance, lifetime_earned, lifetime_spent) VALUES ($1, 5, 2, 0)", carol
    )

    report = await run_audit(conn)
    assert not report.ok
    text = "\n".join(report.problems)
    assert f"[wealth] user {alice} (alice): wealth 1500 but ledger sum 1000, latest balance 1000" in text
    assert f"[wealth] user {bob} (bob): wealth 300 but ledger sum 350, latest balance 1049" in text
    assert f"of user {bob}: amount 50, before 999 (expected 300), after 1049" in text
    assert f"[tokens] user {carol}: token balance 5 but earned 2 − spent 0" in text
    assert f"(play) of user {carol}: wealth change 250 but ledger 0" in text
    assert "console:never-processed not recorded as processed" in text
    assert "[supports] support" in text and f"promised user {carol} 500" in text
    assert report.lines()[-1].startswith(f"audit FAILED: {len(report.problems)} problem(s)")


async def test_a_merged_character_must_be_empty(conn: asyncpg.Connection) -> None:
    alice = await _player(conn, "alice")
    bob = await _player(conn, "bob", 100)
    await conn.execute("UPDATE users SET merged_into_user_id = $2, merged_at = now() WHERE user_id = $1", bob, alice)
    report = await run_audit(conn)
    assert [p for p in report.problems if p.startswith("[merges]")] == [
        f"[merges] user {bob} merged into {alice} still holds wealth 100 and 1 platform identities"
    ]


@pytest.mark.parametrize("broken", [False, True])
async def test_the_cli_verb_exits_1_on_problems(
    db_url: str, broken: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = await asyncpg.connect(db_url)
    try:
        uid = await _player(conn, "alice", 10)
        if broken:
            await conn.execute("SET session_replication_role = replica")
            await conn.execute("UPDATE users SET wealth = 11 WHERE user_id = $1", uid)
    finally:
        await conn.close()
    code = await _audit(Settings(_env_file=None, database_url=db_url), argparse.Namespace())
    out = capsys.readouterr().out
    assert code == (1 if broken else 0)
    assert ("audit FAILED" if broken else "audit OK") in out
