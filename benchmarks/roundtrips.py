"""Database round trips per hot-path command (``!play``, ``!rob``, ``!checkin``), counted.

Runs the real application (console adapter, pipeline, repository) on a fresh database of the
PostgreSQL at ``$KINGPIN_TEST_DATABASE_URL`` and counts every statement sent on a connection
(``fetch*``/``execute`` with arguments, and the bare ``BEGIN``/``COMMIT``), warm: each command is
run once first so statement preparation is not counted.

    KINGPIN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python benchmarks/roundtrips.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from pathlib import Path

import asyncpg
from asyncpg.connection import Connection

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.migrate import upgrade_all  # noqa: E402
from tests.harness import harness  # noqa: E402

COUNT = {"n": 0}
TRACE: list[str] = []  # the first meaningful line of each statement (--trace prints them)
_execute = Connection._execute
_bare = Connection.execute


def _label(query: object) -> str:
    text = getattr(query, "query", query)
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip() and not ln.strip().startswith("--")]
    return (lines[0] if lines else str(text))[:90]


async def _counted_execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    COUNT["n"] += 1
    TRACE.append(_label(args[0] if args else kwargs.get("query", "?")))
    return await _execute(self, *args, **kwargs)


async def _counted_bare(self, query, *args, timeout=None):  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    if not args:
        COUNT["n"] += 1
        TRACE.append(_label(query))
    return await _bare(self, query, *args, timeout=timeout)


def _database(url: str, name: str) -> str:
    head, sep, query = url.partition("?")
    return head.rsplit("/", 1)[0] + "/" + name + sep + query


async def main() -> None:
    server = os.environ["KINGPIN_TEST_DATABASE_URL"]
    name = f"kingpin_rt_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(server)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = _database(server, name)
        conn = await asyncpg.connect(url)
        await upgrade_all(conn)
        await conn.close()
        Connection._execute = _counted_execute  # type: ignore[method-assign]
        Connection.execute = _counted_bare  # type: ignore[method-assign]
        async with harness(url) as h:
            await h.say("alice: hi", "bob: hi", "carol: hi", "dave: hi")
            await h.app.activity.flush()
            for who in ("alice", "bob", "carol", "dave"):
                await h.fund(who, 100_000)
            results = {}
            for label, warm, line in (
                ("play", "alice: !play", "bob: !play"),
                ("checkin", "alice: !checkin", "bob: !checkin"),
                ("rob", "alice: !rob @carol", "bob: !rob @dave"),
            ):
                await h.say(warm)
                await h.app.activity.flush()
                h.advance(hours=1)
                COUNT["n"] = 0
                TRACE.clear()
                await h.chat.handle_line(line)  # the command's transaction only (no activity flush)
                results[label] = (COUNT["n"], list(TRACE))
            for label, (n, trace) in results.items():
                print(f"{label:8} {n} round trips")
                if "--trace" in sys.argv:
                    print("".join(f"    {i}. {t}\n" for i, t in enumerate(trace, 1)), end="")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
