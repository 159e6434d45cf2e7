"""Feeding the pipeline: saturation (closed loop) and offered load (open loop), with figures.

*Saturated*: ``concurrency`` chatters each send the next line of the mix and wait for the
answer, as fast as the bot answers. Commands per second is the bot's capacity; latency is
mostly the wait for one of the pool's connections.

*Offered*: commands arrive at ``rate`` per second (Poisson arrivals, each one its own task, as
an adapter hands events over), plain chat alongside at the mix's proportion. A command's
latency runs from the moment it was due, so a stall shows up in the percentiles instead of
quietly slowing the sender down.

Only the network adapters are bypassed: every line goes through ``await pipeline(event)``.
A command that gets no reply (throttled, a duplicate, or not implemented) is counted as
*silent* and kept out of the latency figures; a "try again" reply counts as an error; a command
whose ``pipeline(event)`` raised (the database restarting, a connection lost) counts as
*failed*, in both modes, and the run goes on: a failure is a figure, never a crash or a loss.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import random
import time
from array import array
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from bot.activity import ActivityBuffer
from bot.events import ChatMessage, Reply
from kingpin_bench.mix import COMMAND_KINDS, Kind, Mix
from kingpin_bench.traffic import Traffic

__all__ = ["KindStats", "PhaseResult", "merge_phases", "offered", "saturate"]

Sink = Callable[[ChatMessage], Awaitable[Sequence[Reply]]]
Counter = Callable[[bool], Awaitable[int]]  # settle first? → commits so far
_ERROR_MARK = "Something went wrong on our side"
_CHAT_YIELD_EVERY = 32
_FAILURE_PAUSE = 0.05  # after a failed send, so a database that is down is not hammered
_FLUSH_ATTEMPTS = 60


async def _send(sink: Sink, event: ChatMessage) -> Sequence[Reply] | None:
    """The replies, or ``None`` when the pipeline raised (counted by the caller)."""
    try:
        return await sink(event)
    except Exception:  # noqa: BLE001 - any failure is a figure here, not a crash
        await asyncio.sleep(_FAILURE_PAUSE)
        return None


async def _flush(activity: ActivityBuffer) -> None:
    """The last chat flush, waiting out a database restart (the buffer keeps what failed)."""
    for attempt in range(_FLUSH_ATTEMPTS):
        try:
            await activity.flush()
            return
        except Exception:  # noqa: BLE001
            await asyncio.sleep(min(1.0, 0.1 * (attempt + 1)))


@dataclass(slots=True)
class KindStats:
    sent: int = 0
    replied: int = 0
    silent: int = 0
    errors: int = 0
    failed: int = 0  # the pipeline raised (database down or restarting)
    latencies: array = field(default_factory=lambda: array("d"))  # seconds, replied only

    def record(self, seconds: float, replies: Sequence[Reply]) -> None:
        self.sent += 1
        if not replies:
            self.silent += 1
            return
        self.replied += 1
        if any(_ERROR_MARK in r.text for r in replies):
            self.errors += 1
        self.latencies.append(seconds)

    def record_failure(self) -> None:
        self.sent += 1
        self.failed += 1

    def percentiles(self) -> tuple[float, float, float]:
        """p50, p95, p99 in milliseconds (nearest rank)."""
        if not self.latencies:
            return (0.0, 0.0, 0.0)
        ordered = sorted(self.latencies)
        n = len(ordered)

        def at(p: float) -> float:
            return ordered[min(n - 1, max(0, int(p * n + 0.5) - 1))] * 1000

        return (at(0.50), at(0.95), at(0.99))

    def merge(self, other: KindStats) -> None:
        self.sent += other.sent
        self.replied += other.replied
        self.silent += other.silent
        self.errors += other.errors
        self.failed += other.failed
        self.latencies.extend(other.latencies)


@dataclass(slots=True)
class PhaseResult:
    name: str
    mode: str  # "saturated" or "offered"
    seconds: float = 0.0
    kinds: dict[Kind, KindStats] = field(
        default_factory=lambda: {k: KindStats() for k in COMMAND_KINDS}
    )
    chat: int = 0
    chat_written: int = 0
    xacts: int = 0  # commits in the database over xact_seconds (warm-up and drain included)
    xact_seconds: float = 0.0
    offered_rate: float | None = None
    concurrency: int = 0
    process_cpu: float = 0.0
    machine_busy: float | None = None
    drain_seconds: float = 0.0  # offered load: answering what was still queued at the end

    def total(self) -> KindStats:
        out = KindStats()
        for stats in self.kinds.values():
            out.merge(stats)
        return out

    def per_second(self, count: int) -> float:
        return count / self.seconds if self.seconds > 0 else 0.0

    @property
    def commands_per_second(self) -> float:
        return self.per_second(self.total().sent)

    @property
    def chat_per_second(self) -> float:
        return self.per_second(self.chat)

    @property
    def xacts_per_second(self) -> float:
        return self.xacts / self.xact_seconds if self.xact_seconds > 0 else 0.0


def merge_phases(parts: Sequence[PhaseResult]) -> PhaseResult:
    """Slices of one phase as one (counts and seconds add up)."""
    first = parts[0]
    out = PhaseResult(
        first.name, first.mode, offered_rate=first.offered_rate, concurrency=first.concurrency
    )
    busy = 0.0
    for p in parts:
        out.seconds += p.seconds
        for kind, stats in p.kinds.items():
            out.kinds[kind].merge(stats)
        out.chat += p.chat
        out.chat_written += p.chat_written
        out.xacts += p.xacts
        out.xact_seconds += p.xact_seconds
        out.process_cpu += p.process_cpu
        out.drain_seconds += p.drain_seconds
        busy += (p.machine_busy or 0.0) * p.seconds
    if all(p.machine_busy is not None for p in parts) and out.seconds > 0:
        out.machine_busy = busy / out.seconds
    return out


class _Picker:
    def __init__(self, mix: Mix, rng: random.Random) -> None:
        self._kinds = mix.kinds()
        self._cumulative = list(itertools.accumulate(mix.weights()))
        self._rng = rng

    def __call__(self) -> Kind:
        x = self._rng.random() * self._cumulative[-1]
        return self._kinds[min(bisect.bisect_right(self._cumulative, x), len(self._kinds) - 1)]


def _machine_ticks() -> tuple[int, int] | None:
    """(busy, total) CPU ticks of the whole machine (Linux), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


class _Window:
    """Counts only what starts after the warm-up; samples the CPU used by this process and by
    the whole machine over the window."""

    def __init__(self, warmup: float, seconds: float) -> None:
        self.start = time.perf_counter() + warmup
        self.stop = self.start + seconds
        self.process_cpu = 0.0  # seconds of CPU this process used in the window
        self.machine_busy: float | None = None  # fraction of all cores busy in the window

    async def sample(self) -> None:
        await asyncio.sleep(max(0.0, self.start - time.perf_counter()))
        cpu, ticks = time.process_time(), _machine_ticks()
        await asyncio.sleep(max(0.0, self.stop - time.perf_counter()))
        self.process_cpu = time.process_time() - cpu
        end = _machine_ticks()
        if ticks is not None and end is not None and end[1] > ticks[1]:
            self.machine_busy = (end[0] - ticks[0]) / (end[1] - ticks[1])


class _Commits:
    """The database's commit counter around a phase: read before the load starts and, once
    the load and the last chat flush are done, after the server has flushed its statistics
    (``xact_counter(True)``), so no commit is missed or counted twice."""

    def __init__(self, counter: Counter) -> None:
        self._counter = counter
        self._first = 0
        self._began = 0.0

    async def begin(self) -> None:
        self._first = await self._counter(False)
        self._began = time.perf_counter()

    async def end(self, result: PhaseResult) -> None:
        ended = time.perf_counter()
        result.xacts = await self._counter(True) - self._first
        result.xact_seconds = ended - self._began


async def saturate(
    sink: Sink,
    traffic: Traffic,
    mix: Mix,
    *,
    name: str,
    seconds: float,
    concurrency: int,
    seed: int,
    xact_counter: Counter,
    activity: ActivityBuffer | None = None,
    warmup: float = 1.0,
) -> PhaseResult:
    result = PhaseResult(name, "saturated", concurrency=concurrency)
    commits = _Commits(xact_counter)
    await commits.begin()
    window = _Window(warmup, seconds)
    written_before = activity.messages_total if activity else 0

    async def chatter(index: int) -> None:
        pick = _Picker(mix, random.Random(seed * 7919 + index))
        chats = 0
        kinds = result.kinds
        while True:
            now = time.perf_counter()
            if now >= window.stop:
                return
            kind = pick()
            event = traffic.event(kind)
            if kind is Kind.CHAT:
                await _send(sink, event)
                if now >= window.start:
                    result.chat += 1
                chats += 1
                if chats % _CHAT_YIELD_EVERY == 0:
                    await asyncio.sleep(0)
                continue
            replies = await _send(sink, event)
            if now >= window.start:
                if replies is None:
                    kinds[kind].record_failure()
                else:
                    kinds[kind].record(time.perf_counter() - now, replies)

    sampler = asyncio.create_task(window.sample())
    await asyncio.gather(*(chatter(i) for i in range(concurrency)))
    await sampler
    result.seconds = window.stop - window.start
    result.process_cpu = window.process_cpu
    result.machine_busy = window.machine_busy
    if activity is not None:
        await _flush(activity)
        result.chat_written = activity.messages_total - written_before
    await commits.end(result)
    return result


async def offered(
    sink: Sink,
    traffic: Traffic,
    mix: Mix,
    *,
    name: str,
    seconds: float,
    rate: float,
    seed: int,
    xact_counter: Counter,
    activity: ActivityBuffer | None = None,
    warmup: float = 1.0,
) -> PhaseResult:
    """``rate`` commands per second, Poisson arrivals, chat alongside in the mix's proportion."""
    result = PhaseResult(name, "offered", offered_rate=rate)
    commits = _Commits(xact_counter)
    await commits.begin()
    commands = mix.command_mix()
    pick = _Picker(commands, random.Random(seed * 7919))
    arrivals = random.Random(seed * 104729)
    chat_rate = rate * mix.chat_share / mix.command_share if mix.command_share > 0 else 0.0
    window = _Window(warmup, seconds)
    written_before = activity.messages_total if activity else 0
    pending: set[asyncio.Task[None]] = set()

    async def one(kind: Kind, event: ChatMessage, due: float) -> None:
        replies = await _send(sink, event)  # never raises: a task's failure is counted
        if due >= window.start:
            if replies is None:
                result.kinds[kind].record_failure()
            else:
                result.kinds[kind].record(time.perf_counter() - due, replies)

    sampler = asyncio.create_task(window.sample())
    begin = time.perf_counter()
    next_due = begin + arrivals.expovariate(rate)
    chats_sent = 0
    while True:
        now = time.perf_counter()
        if now >= window.stop:
            break
        while next_due <= now:
            kind = pick()
            task = asyncio.create_task(one(kind, traffic.event(kind), next_due))
            pending.add(task)
            task.add_done_callback(pending.discard)
            next_due += arrivals.expovariate(rate)
        chats_due = int((now - begin) * chat_rate) - chats_sent
        for _ in range(chats_due):
            await _send(sink, traffic.event(Kind.CHAT))
        chats_sent += chats_due
        if now >= window.start:
            result.chat += chats_due
        next_chat = begin + (chats_sent + 1) / chat_rate if chat_rate > 0 else next_due
        await asyncio.sleep(min(0.02, max(0.0, min(next_due, next_chat) - time.perf_counter())))
    stopped = time.perf_counter()
    if pending:
        await asyncio.gather(*pending)
    result.drain_seconds = time.perf_counter() - stopped
    await sampler
    result.seconds = window.stop - window.start
    result.process_cpu = window.process_cpu
    result.machine_busy = window.machine_busy
    if activity is not None:
        await _flush(activity)
        result.chat_written = activity.messages_total - written_before
    await commits.end(result)
    return result
