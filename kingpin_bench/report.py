"""The benchmark's figures: one table for people, the same values as JSON for tracking."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from kingpin_bench.driver import KindStats, PhaseResult
from kingpin_bench.mix import COMMAND_KINDS
from kingpin_bench.pgbench import PgbenchResult
from kingpin_bench.phases import issue_summary, soak_json, soak_lines

__all__ = ["BenchReport", "TARGETS"]

# The issue's targets (met in the benchmark, never asserted in tests).
TARGETS = {
    "rob_vs_pgbench_rob": 0.45,
    "mixed_commands_per_second": 2_000,
    "mixed_chat_per_second": 50_000,
    "p99_ms_at_1000_commands_per_second": 15.0,
    "peak_rss_mb_at_1m_players": 250,
}


@dataclass(slots=True)
class BenchReport:
    players: int
    connections: int
    seed: int
    mix: str
    server: str
    seed_seconds: float
    database: str
    kept: bool
    phases: list[PhaseResult] = field(default_factory=list)
    pgbench: dict[str, PgbenchResult] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    audit: list[str] = field(default_factory=list)
    audit_ok: bool | None = None
    cores: int = field(default_factory=lambda: os.cpu_count() or 0)
    rounds: int = 1
    event_loop: str = ""

    def phase(self, name: str) -> PhaseResult | None:
        return next((p for p in self.phases if p.name == name), None)

    def ratios(self) -> dict[str, float]:
        out: dict[str, float] = {}
        rob, mixed = self.phase("rob"), self.phase("mixed")
        pg_rob, pg_n = self.pgbench.get("rob"), self.pgbench.get("simple_update")
        if rob is not None and pg_rob is not None and pg_rob.tps > 0:
            out["rob_vs_pgbench_rob"] = rob.commands_per_second / pg_rob.tps
        if mixed is not None and pg_n is not None and pg_n.tps > 0:
            out["mixed_commands_vs_pgbench_N"] = mixed.commands_per_second / pg_n.tps
            out["mixed_xacts_vs_pgbench_N"] = mixed.xacts_per_second / pg_n.tps
        if rob is not None and pg_n is not None and pg_n.tps > 0:
            out["rob_vs_pgbench_N"] = rob.commands_per_second / pg_n.tps
        return out

    # -- JSON ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "players": self.players,
            "connections": self.connections,
            "seed": self.seed,
            "mix": self.mix,
            "server": self.server,
            "rounds": self.rounds,
            "event_loop": self.event_loop,
            "cores": self.cores,
            "seed_seconds": round(self.seed_seconds, 2),
            "database": self.database,
            "kept": self.kept,
            "phases": [_phase_json(p) for p in self.phases],
            "pgbench": {
                name: {
                    "tps": round(r.tps, 1),
                    "latency_ms": r.latency_ms,
                    "transactions": r.transactions,
                    "failed": r.failed,
                }
                for name, r in self.pgbench.items()
            },
            "ratios": {k: round(v, 3) for k, v in self.ratios().items()},
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "audit_ok": self.audit_ok,
            "audit": self.audit,
            "targets": TARGETS,
            "issue_21": issue_summary(self),
        }

    # -- table -----------------------------------------------------------------------------

    def lines(self) -> list[str]:
        out = [
            f"kingpin bench: {self.players:,} players, {self.connections} connections, "
            f"seed {self.seed}, {self.server}, {self.cores} cores, loop {self.event_loop}",
            f"mix {self.mix}; seeded in {self.seed_seconds:.1f} s; database {self.database}"
            + (" (kept)" if self.kept else " (dropped)"),
            f"pgbench and pipeline measured in {self.rounds} interleaved rounds; figures from a "
            "shared machine are noisy: compare the same-run ratios, not absolutes",
        ]
        for phase in self.phases:
            out += ["", *_phase_lines(phase)]
        if self.pgbench:
            out += ["", "pgbench (same server, same connections, prepared statements, interleaved)"]
            for name, r in self.pgbench.items():
                failed = f", {r.failed} failed" if r.failed else ""
                out.append(f"  {name:<14} {r.tps:>9,.0f} tps   avg {r.latency_ms:.1f} ms{failed}")
        ratios = self.ratios()
        if ratios:
            out += ["", "ratios (pipeline / pgbench, same run)"]
            labels = {
                "rob_vs_pgbench_rob": "!rob/s ÷ pgbench rob tps (target ≥ 0.45)",
                "rob_vs_pgbench_N": "!rob/s ÷ pgbench -N tps",
                "mixed_commands_vs_pgbench_N": "mixed commands/s ÷ pgbench -N tps",
                "mixed_xacts_vs_pgbench_N": "mixed db xact/s ÷ pgbench -N tps",
            }
            for key, value in ratios.items():
                out.append(f"  {labels[key]:<44} {value:6.2f}")
        out += ["", f"peak RSS of the bot process: {self.peak_rss_mb:.0f} MB"]
        if self.audit:
            out += [f"audit: {line}" for line in self.audit]
        return out


def _stats_json(stats: KindStats, seconds: float) -> dict[str, Any]:
    p50, p95, p99 = stats.percentiles()
    return {
        "sent": stats.sent,
        "replied": stats.replied,
        "silent": stats.silent,
        "errors": stats.errors,
        "failed": stats.failed,
        "per_second": round(stats.sent / seconds, 1) if seconds else 0.0,
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(p99, 2),
    }


def _phase_json(p: PhaseResult) -> dict[str, Any]:
    return {
        "name": p.name,
        "mode": p.mode,
        "seconds": round(p.seconds, 2),
        "offered_commands_per_second": p.offered_rate,
        "concurrency": p.concurrency,
        "commands": {k.value: _stats_json(s, p.seconds) for k, s in p.kinds.items() if s.sent},
        "all_commands": _stats_json(p.total(), p.seconds),
        "chat_messages": p.chat,
        "chat_per_second": round(p.chat_per_second, 1),
        "chat_written": p.chat_written,
        "db_xacts": p.xacts,
        "db_xacts_per_second": round(p.xacts_per_second, 1),
        "drain_seconds": round(p.drain_seconds, 2),
        "bot_cpu_cores": round(p.process_cpu / p.seconds, 2) if p.seconds else 0.0,
        "machine_busy": None if p.machine_busy is None else round(p.machine_busy, 2),
        **soak_json(p),
    }


def _phase_lines(p: PhaseResult) -> list[str]:
    how = (
        f"{p.concurrency:,} new viewers, one !checkin each within {p.seconds:g} s"
        if p.mode == "burst"
        else f"offered {p.offered_rate:,.0f} commands/s (Poisson)"
        if p.mode == "offered" and p.offered_rate is not None
        else f"saturated, {p.concurrency} concurrent senders"
    )
    out = [
        f"{p.name}: {how}, {p.seconds:.1f} s measured",
        f"  {'command':<9}{'sent':>9}{'replied':>9}{'silent':>8}{'errors':>8}{'failed':>8}{'cmd/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]
    rows = [(k.value, p.kinds[k]) for k in COMMAND_KINDS if p.kinds[k].sent]
    rows.append(("all", p.total()))
    for label, s in rows:
        p50, p95, p99 = s.percentiles()
        out.append(
            f"  {label:<9}{s.sent:>9,}{s.replied:>9,}{s.silent:>8,}{s.errors:>8,}{s.failed:>8,}"
            f"{s.sent / p.seconds if p.seconds else 0:>9,.0f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}"
        )
    failed = p.total().failed
    if failed:
        out.append(
            f"  {failed:,} commands failed (the pipeline raised: database down or restarting); "
            "they are in 'sent' and 'failed', not in the latencies"
        )
    if p.mode == "offered" and p.drain_seconds > 1.0:
        out.append(
            f"  the bot fell behind: the last commands were answered {p.drain_seconds:.1f} s after "
            "the window (cmd/s is the offered rate, not what it could answer)"
        )
    if p.chat:
        out.append(
            f"  chat messages/s: {p.chat_per_second:,.0f} ingested "
            f"({p.chat_written:,} written in batches)"
        )
    out.append(f"  database transactions/s: {p.xacts_per_second:,.0f}")
    out += soak_lines(p)
    cpu = f"  bot process CPU: {p.process_cpu / p.seconds if p.seconds else 0:.2f} cores"
    if p.machine_busy is not None:
        cpu += f"; whole machine {p.machine_busy * 100:.0f}% busy (all tenants)"
    out.append(cpu)
    return out
