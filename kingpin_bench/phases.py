"""The issue-21 phases of ``kingpin bench``, run after the rob and mixed phases on the same app:

* ``rate_<R>`` — the default mix (chat ingest included) offered at ``R`` commands/s for
  ``phase_seconds``, one row per ``--rates`` value (p99 at 100 and 1,000 cmd/s);
* ``raid`` — ``raid`` distinct viewers who never spoke before (a raid brings new players, so
  each one is created on first sight) each send ``!checkin`` at a uniformly random moment of one
  second; every one must be answered; latency runs from the moment it was sent;
* ``soak`` — the default mix offered at ``soak_rate`` commands/s for ``soak`` seconds, with the
  bot process's resident memory sampled from start to end (``rss_start_mb``, ``rss_end_mb``,
  the samples in between) and the chat buffer's remembered-id count, so a leak and a cache that
  settles can be told apart.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from bot.app import App
from bot.clock import Clock
from bot.events import ChatMessage, Platform, Sender
from kingpin_bench.driver import Counter, PhaseResult, offered, saturate
from kingpin_bench.mix import Kind, Mix, parse_mix
from kingpin_bench.traffic import Traffic

if TYPE_CHECKING:
    from kingpin_bench.report import BenchReport

__all__ = ["SoakResult", "current_rss_mb", "extra_phases", "issue_summary", "raid", "soak_json"]

CHAT_ONLY = parse_mix("chat=1")

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def current_rss_mb() -> float | None:
    """Resident memory of this process now (Linux ``/proc/self/statm``), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * _PAGE / 1024 / 1024
    except (OSError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class SoakResult(PhaseResult):
    rss_start_mb: float | None = None
    rss_end_mb: float | None = None
    rss_samples_mb: list[tuple[float, float]] = field(default_factory=list)  # (second, MB)
    remembered_ids: tuple[int, int] = (0, 0)  # chat buffer's seen-id set at start and end


async def raid(
    app: App, clock: Clock, *, viewers: int, seed: int, tag: str, window: float = 1.0
) -> PhaseResult:
    """``viewers`` new viewers each send ``!checkin`` once within ``window`` seconds."""
    rng = random.Random(seed * 31 + 7)
    offsets = sorted(rng.random() * window for _ in range(viewers))
    result = PhaseResult("raid", "burst", offered_rate=viewers / window, concurrency=viewers)
    stats = result.kinds[Kind.CHECKIN]
    pending: set[asyncio.Task[None]] = set()

    async def one(event: ChatMessage, due: float) -> None:
        replies = await app.pipeline(event)
        stats.record(time.perf_counter() - due, replies)

    start = time.perf_counter() + 0.05
    busy = _cpu_sample()
    for i, offset in enumerate(offsets):
        due = start + offset
        delay = due - time.perf_counter()
        if delay > 0.001:
            await asyncio.sleep(delay)
        sender = Sender(
            user_id=f"raid{tag}{i}", login=f"raider{tag}{i}", display_name=f"Raider{tag}{i}"
        )
        event = ChatMessage(
            platform=Platform.TWITCH,
            event_id=f"{tag}-raid-{i}",
            channel="twitch-0",
            sender=sender,
            text="!checkin",
            received_at=clock.now(),
        )
        task = asyncio.create_task(one(event, due))
        pending.add(task)
        task.add_done_callback(pending.discard)
    sent_by = time.perf_counter()
    if pending:
        await asyncio.gather(*pending)
    ended = time.perf_counter()
    result.seconds = window
    result.drain_seconds = max(0.0, ended - max(sent_by, start + window))
    cpu, result.machine_busy = busy()
    # bot_cpu_cores (cpu ÷ seconds) is then the average over the whole raid, answers included
    result.process_cpu = cpu * window / max(window, ended - start)
    return result


def _cpu_sample() -> Callable[[], tuple[float, float | None]]:
    from kingpin_bench.driver import _machine_ticks

    cpu, ticks = time.process_time(), _machine_ticks()

    def done() -> tuple[float, float | None]:
        end = _machine_ticks()
        machine = None
        if ticks is not None and end is not None and end[1] > ticks[1]:
            machine = (end[0] - ticks[0]) / (end[1] - ticks[1])
        return time.process_time() - cpu, machine

    return done


async def soak(
    app: App, traffic: Traffic, mix: Mix, *, seconds: float, rate: float, seed: int,
    xact_counter: Counter,
) -> SoakResult:
    samples: list[tuple[float, float]] = []
    began = time.perf_counter()
    start_rss = current_rss_mb()
    start_ids = app.activity.remembered_ids

    async def sample() -> None:
        every = max(1.0, seconds / 60)
        while True:
            rss = current_rss_mb()
            if rss is not None:
                samples.append((round(time.perf_counter() - began, 1), round(rss, 1)))
            await asyncio.sleep(every)

    sampler = asyncio.create_task(sample())
    try:
        part = await offered(
            app.pipeline, traffic, mix, name="soak", seconds=seconds, rate=rate, seed=seed,
            xact_counter=xact_counter, activity=app.activity, warmup=0.0,
        )
    finally:
        sampler.cancel()
    out = SoakResult("soak", part.mode, offered_rate=rate)
    for f in fields(PhaseResult):
        setattr(out, f.name, getattr(part, f.name))
    out.name = "soak"
    out.rss_start_mb, out.rss_end_mb = start_rss, current_rss_mb()
    out.rss_samples_mb = samples
    out.remembered_ids = (start_ids, app.activity.remembered_ids)
    return out


async def extra_phases(
    app: App,
    *,
    clock: Clock,
    traffic: Callable[[str, int], Traffic],
    mix: Mix,
    rates: tuple[float, ...],
    phase_seconds: float,
    chat_seconds: float,
    concurrency: int,
    raid_viewers: int,
    soak_seconds: float,
    soak_rate: float,
    seed: int,
    tag: str,
    xact_counter: Counter,
    progress: Callable[[str], None],
) -> list[PhaseResult]:
    out: list[PhaseResult] = []
    if chat_seconds:
        progress("pipeline, chat only, saturated …")
        out.append(
            await saturate(
                app.pipeline, traffic("c", seed + 50), CHAT_ONLY, name="chat_only",
                seconds=chat_seconds, concurrency=concurrency, seed=seed + 50,
                xact_counter=xact_counter, activity=app.activity,
                warmup=min(1.0, chat_seconds * 0.25),
            )
        )
    for i, rate in enumerate(rates):
        progress(f"pipeline, default mix with chat, offered {rate:,.0f} commands/s …")
        part = await offered(
            app.pipeline, traffic(f"q{i}", seed + 100 + i), mix, name=f"rate_{rate:g}",
            seconds=phase_seconds, rate=rate, seed=seed + 100 + i, xact_counter=xact_counter,
            activity=app.activity, warmup=min(1.0, phase_seconds * 0.25),
        )
        out.append(part)
    if raid_viewers:
        progress(f"raid: {raid_viewers:,} new viewers send !checkin within one second …")
        await asyncio.sleep(1.0)  # let the last phase's stragglers settle
        out.append(await raid(app, clock, viewers=raid_viewers, seed=seed, tag=tag))
    if soak_seconds:
        progress(f"soak: {soak_seconds:,.0f} s at {soak_rate:,.0f} commands/s …")
        out.append(
            await soak(
                app, traffic("s", seed + 200), mix, seconds=soak_seconds, rate=soak_rate,
                seed=seed + 200, xact_counter=xact_counter,
            )
        )
    return out


def soak_json(p: PhaseResult) -> dict[str, Any]:
    """The soak's memory figures for its JSON row (nothing for other phases)."""
    if not isinstance(p, SoakResult):
        return {}
    return {
        "rss_start_mb": None if p.rss_start_mb is None else round(p.rss_start_mb, 1),
        "rss_end_mb": None if p.rss_end_mb is None else round(p.rss_end_mb, 1),
        "rss_samples_mb": p.rss_samples_mb,
        "chat_remembered_ids": {"start": p.remembered_ids[0], "end": p.remembered_ids[1]},
    }


def soak_lines(p: PhaseResult) -> list[str]:
    if not isinstance(p, SoakResult) or p.rss_start_mb is None or p.rss_end_mb is None:
        return []
    return [
        f"  bot RSS: {p.rss_start_mb:.0f} MB at the start → {p.rss_end_mb:.0f} MB at the end; "
        f"chat ids remembered {p.remembered_ids[0]:,} → {p.remembered_ids[1]:,}"
    ]


def issue_summary(report: BenchReport) -> dict[str, Any]:
    """The figures of issue 21's table, from this run (None: that phase did not run)."""

    def p99(name: str) -> float | None:
        phase = report.phase(name)
        if phase is None or not phase.total().sent:
            return None
        return round(phase.total().percentiles()[2], 2)

    def rate_row(rate: float) -> dict[str, Any] | None:
        phase = report.phase(f"rate_{rate:g}")
        if phase is None:
            return None
        total = phase.total()
        return {
            "p99_ms": round(total.percentiles()[2], 2),
            "answered": total.replied,
            "sent": total.sent,
            "errors": total.errors,
            "chat_per_second": round(phase.chat_per_second, 1),
            "drain_seconds": round(phase.drain_seconds, 2),
        }

    ratios = report.ratios()
    raid, chat, soak = report.phase("raid"), report.phase("chat_only"), report.phase("soak")
    mixed = report.phase("mixed")
    return {
        "p99_ms_at_100": rate_row(100),
        "p99_ms_at_1000": rate_row(1000),
        "mixed_commands_per_second": None if mixed is None else round(mixed.commands_per_second, 1),
        "mixed_ratio_vs_pgbench_N": _r(ratios.get("mixed_commands_vs_pgbench_N")),
        "rob_ratio_vs_pgbench_rob": _r(ratios.get("rob_vs_pgbench_rob")),
        "chat_only_messages_per_second": None if chat is None else round(chat.chat_per_second, 1),
        "raid": None
        if raid is None
        else {
            "viewers": raid.total().sent,
            "answered": raid.total().replied,
            "errors": raid.total().errors,
            "p50_ms": round(raid.total().percentiles()[0], 2),
            "p99_ms": p99("raid"),
            "last_answer_after_window_s": round(raid.drain_seconds, 2),
        },
        "peak_rss_mb": round(report.peak_rss_mb, 1),
        "players": report.players,
        "soak_rss_mb": None
        if not isinstance(soak, SoakResult)
        else {"start": _r(soak.rss_start_mb, 1), "end": _r(soak.rss_end_mb, 1)},
        "pgbench_tps": {name: round(r.tps, 1) for name, r in report.pgbench.items()},
    }


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)
