"""``kingpin bench`` end to end on a tiny population; afterwards the money invariants hold.

Runs the real verb in a child process (its own logging set-up and event loop) against the
test server, keeps the scratch database, audits it here and drops it. No timing assertions.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import asyncpg

from bot.audit import run_audit

ROOT = Path(__file__).resolve().parents[2]


def _swap_database(uri: str, database: str) -> str:
    head, sep, query = uri.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{database}{sep}{query}"


async def test_bench_runs_end_to_end_and_keeps_the_money_honest(
    server_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "DATABASE_URL": server_url, "DATA_DIR": str(tmp_path / "data")}
    args = [
        sys.executable,
        "-m",
        "bot.cli",
        "bench",
        "--players",
        "300",
        "--duration",
        "3",
        "--concurrency",
        "8",
        "--chatters",
        "50",
        "--seed",
        "7",
        "--json",
        str(out),
        "--keep",
    ]
    done = await asyncio.to_thread(
        subprocess.run, args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ratios" in done.stdout and "pgbench" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    name = report["database"]
    try:
        assert report["audit_ok"] is True, report["audit"]
        assert set(report["pgbench"]) == {"simple_update", "rob"}
        assert all(r["tps"] > 0 for r in report["pgbench"].values())
        rob, mixed = report["phases"]
        assert rob["commands"]["rob"]["replied"] > 0
        assert mixed["all_commands"]["sent"] > 0 and mixed["chat_messages"] > 0
        assert mixed["chat_written"] >= mixed["chat_messages"]
        assert report["peak_rss_mb"] > 0

        conn = await asyncpg.connect(_swap_database(server_url, name))
        try:
            audit = await run_audit(conn)
            assert audit.ok, audit.lines()
            unbalanced = await conn.fetchval(
                """
                SELECT count(*) FROM (
                    SELECT u.user_id
                      FROM users u LEFT JOIN wealth_ledger l ON l.user_id = u.user_id
                     GROUP BY u.user_id, u.wealth
                    HAVING u.wealth <> COALESCE(sum(l.amount), 0) OR u.wealth < 0
                ) AS bad
                """
            )
            assert unbalanced == 0
            assert await conn.fetchval("SELECT count(*) FROM heist_tokens WHERE balance < 0") == 0
            assert (
                await conn.fetchval("SELECT count(*) FROM game_events WHERE event_type = 'rob'") > 0
            )
        finally:
            await conn.close()
    finally:
        admin = await asyncpg.connect(server_url)
        try:
            await admin.execute(
                'DROP DATABASE IF EXISTS "' + name.replace('"', "") + '" WITH (FORCE)'
            )
        finally:
            await admin.close()
