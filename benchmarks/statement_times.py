"""``kingpin bench`` with every statement timed from the bot's side: where a command's time goes.

Wraps asyncpg's statement execution in this process and, at exit, prints each statement (by its
first SQL line) with its count, total and mean wall time and its share of all statement time.
Wall time includes the network, the server's work and any row-lock wait, so a statement run
while its rows are locked by another command shows the wait. Arguments are passed to
``kingpin bench`` unchanged, e.g. the rob path alone:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python benchmarks/statement_times.py --duration 12 --mix rob=1 --no-pgbench

For the server's own view (execution time without the client), run the same against a scratch
cluster started with ``shared_preload_libraries=pg_stat_statements`` (docs/architecture.md,
"What bounds a command").
"""

from __future__ import annotations

import atexit
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from asyncpg.connection import Connection

TOP = 25
_STATS: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0.0])
_execute = Connection._execute
_bare = Connection.execute


def _label(query: object) -> str:
    text = str(getattr(query, "query", query))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    return (lines[0] if lines else text)[:70]


def _count(label: str, started: float) -> None:
    entry = _STATS[label]
    entry[0] += 1
    entry[1] += time.perf_counter() - started


async def _timed(self: Connection, *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    try:
        return await _execute(self, *args, **kwargs)
    finally:
        _count(_label(args[0] if args else kwargs.get("query")), started)


async def _timed_bare(self: Connection, query: str, *args: Any, timeout: float | None = None) -> Any:  # noqa: ASYNC109
    if args:  # goes through _execute, counted there
        return await _bare(self, query, *args, timeout=timeout)
    started = time.perf_counter()
    try:
        return await _bare(self, query, timeout=timeout)
    finally:
        _count(_label(query), started)


def _report() -> None:
    total = sum(t for _, t in _STATS.values()) or 1.0
    print(f"\n{'statement (first line)':72} {'count':>8} {'total s':>9} {'mean ms':>8} {'share':>6}", file=sys.stderr)
    for label, (n, t) in sorted(_STATS.items(), key=lambda kv: -kv[1][1])[:TOP]:
        print(f"{label:72} {int(n):8} {t:9.2f} {1000 * t / n:8.2f} {100 * t / total:5.1f}%", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    Connection._execute = _timed  # type: ignore[method-assign]
    Connection.execute = _timed_bare  # type: ignore[method-assign]
    atexit.register(_report)
    from bot.cli import main

    raise SystemExit(main(["bench", *sys.argv[1:]]))
