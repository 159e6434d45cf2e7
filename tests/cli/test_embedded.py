"""The embedded default: `kingpin db …` works with nothing configured, twice at once."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path


async def _kingpin(data_dir: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATA_DIR"] = str(data_dir)
    env["LOG_FORMAT"] = "json"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=180)
    return proc.returncode or 0, out.decode()


def _postmaster_running(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_two_processes_share_one_embedded_server(tmp_path: Path) -> None:
    data = tmp_path / "kingpin"
    data.mkdir()
    code, out = await _kingpin(data, "db", "upgrade")
    assert code == 0, out
    assert "applied migration 0001_init" in out
    # two processes on the same data directory at once: both succeed, nothing is corrupted
    results = await asyncio.gather(_kingpin(data, "db", "upgrade"), _kingpin(data, "db", "status"))
    for code, out in results:
        assert code == 0, out
    assert "schema is up to date" in results[0][1]
    assert re.search(r"migrations: (\d+) applied of \1 shipped", results[1][1])
    assert "items" in results[1][1]
    # the last process out stopped the server
    assert not _postmaster_running(data / "pgdata")
    code, out = await _kingpin(data, "db", "reset")
    assert code == 2 and "--yes" in out
