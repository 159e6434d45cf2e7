"""Database round trips per hot-path command (``!play``, ``!rob``, ``!checkin``), counted.

Runs the real application (console adapter, pipeline, repository) on a fresh database of the
PostgreSQL at ``$KINGPIN_TEST_DATABASE_URL`` and counts every statement sent on a connection
(``fetch*``/``execute`` with arguments, and the bare ``BEGIN``/``COMMIT``), warm: each command is
run once first so statement preparation is not counted. Each command is
run twelve times by one player, the clock moved past its cooldown before each (``!play`` 301 s,
offline; ``!checkin`` and ``!rob`` a day): the first runs complete starter achievements and tell
of unseen notifications (extra statements), later ones are the steady state; min/median/max and
(``--trace``) the median run's statements are printed.

    KINGPIN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python benchmarks/roundtrips.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import asyncpg
from asyncpg.connection import Connection

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.migrate import upgrade_all  # noqa: E402
from tests.harness import harness  # noqa: E402

COUNT = {"n": 0}
RUNS = 12  # measured runs per command, each after the command's own cooldown
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


async def _measured(h, line: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """The statements of one command's transaction (no activity flush)."""
    who = await h.user_id(line.split(":")[0])
    await h.fund_user(who, 100_000)
    # A ready player: out of jail, a heist token for !rob (the bench measures statements, not luck).
    await h.pool.execute(
        "WITH u AS (UPDATE users SET jailed_until = NULL WHERE user_id = $1) "
        "INSERT INTO heist_tokens (user_id, balance, lifetime_earned) VALUES ($1, 1, 1) "
        "ON CONFLICT (user_id) DO UPDATE SET balance = heist_tokens.balance + 1, "
        "lifetime_earned = heist_tokens.lifetime_earned + 1",
        who,
    )
    COUNT["n"] = 0
    TRACE.clear()
    start = h._out.tell()
    await h.chat.handle_line(line)
    if "--replies" in sys.argv:
        print("   ", h._out.getvalue()[start:].strip()[:160])
    return COUNT["n"], list(TRACE)


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
            results: dict[str, list[tuple[int, list[str]]]] = {}
            for label, warm, line, gap in (
                ("play", "alice: !play", "bob: !play", timedelta(seconds=301)),
                ("checkin", "alice: !checkin", "bob: !checkin", timedelta(days=1)),
                ("rob", "alice: !rob @carol", "bob: !rob @dave", timedelta(days=1)),
            ):
                await h.say(warm)
                await h.app.activity.flush()
                runs = results[label] = []
                for _ in range(RUNS):
                    h.advance(seconds=gap.total_seconds())
                    runs.append(await _measured(h, line))
                    await h.app.activity.flush()
            for label, runs in results.items():
                counts = sorted(n for n, _ in runs)
                median = counts[len(counts) // 2]
                print(f"{label:8} round trips over {len(runs)} runs: min {counts[0]}, median {median}, "
                      f"max {counts[-1]}  (each run: {' '.join(str(n) for n, _ in runs)})")
                if "--trace" in sys.argv:
                    trace = next(t for n, t in runs if n == median)
                    print("".join(f"    {i}. {t}\n" for i, t in enumerate(trace, 1)), end="")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
