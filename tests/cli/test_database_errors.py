"""An unusable database or data directory: one clear line, exit code 2, no traceback."""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio


async def _kingpin(env_overrides: dict[str, str], *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(env_overrides)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    return proc.returncode or 0, out.decode(errors="replace")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest_asyncio.fixture(loop_scope="session")
async def refusing_postgres() -> AsyncIterator[int]:
    """Speaks just enough of the PostgreSQL protocol to refuse a password (SQLSTATE 28P01)."""

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                length = struct.unpack("!I", await reader.readexactly(4))[0]
                body = await reader.readexactly(length - 4)
                if struct.unpack("!I", body[:4])[0] == 80877103:  # SSLRequest: no
                    writer.write(b"N")
                    await writer.drain()
                    continue
                fields = b"".join(
                    code + text.encode() + b"\0"
                    for code, text in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"),
                                       (b"M", 'password authentication failed for user "kingpin"'))
                ) + b"\0"
                writer.write(b"E" + struct.pack("!I", len(fields) + 4) + fields)
                await writer.drain()
                break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


def _assert_one_clear_line(code: int, out: str, *words: str) -> None:
    assert code == 2, out
    assert "Traceback" not in out, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out
    assert lines[0].startswith("error: "), out
    for word in words:
        assert word in lines[0], out


async def test_refused_connection(tmp_path: Path) -> None:
    url = f"postgresql://kingpin:pw@127.0.0.1:{_closed_port()}/kingpin"
    code, out = await _kingpin({"DATABASE_URL": url, "DATA_DIR": str(tmp_path)}, "db", "status")
    _assert_one_clear_line(code, out, "connection refused", "DATABASE_URL", "127.0.0.1")
    assert "pw@" not in out


async def test_wrong_password(tmp_path: Path, refusing_postgres: int) -> None:
    url = f"postgresql://kingpin:wrong-password-123@127.0.0.1:{refusing_postgres}/kingpin"
    code, out = await _kingpin({"DATABASE_URL": url, "DATA_DIR": str(tmp_path)}, "audit")
    _assert_one_clear_line(code, out, "password was refused", "DATABASE_URL")
    assert "wrong-password-123" not in out


async def test_unknown_database(tmp_path: Path, server_url: str) -> None:
    head, _, query = server_url.partition("?")
    url = head.rsplit("/", 1)[0] + "/kingpin_no_such_database" + ("?" + query if query else "")
    code, out = await _kingpin({"DATABASE_URL": url, "DATA_DIR": str(tmp_path)}, "run")
    _assert_one_clear_line(code, out, "database does not exist", "DATABASE_URL")


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
async def test_unusable_data_dir(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    data = blocker / "kingpin" if where == "under-a-file" else Path("/proc/kingpin-data")
    code, out = await _kingpin({"DATA_DIR": str(data)}, "db", "upgrade")
    _assert_one_clear_line(code, out, "data directory", "DATA_DIR")
