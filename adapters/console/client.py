"""The local console chat: type as any viewer, or replay a script, against the real pipeline.

Replies print as ``[kingpin → name] text``, one per line, so a transcript shows who is
answered. With a :class:`~bot.clock.SimulatedClock` the clock moves one second per line and
``/advance`` jumps it, so a script with a fixed seed gives the same transcript on any day.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import stat
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import timedelta
from typing import TextIO

from adapters.console.parse import (
    Advance,
    ConsoleState,
    Help,
    Identity,
    Jobs,
    Problem,
    Quit,
    parse_line,
)
from bot.clock import Clock, SimulatedClock
from bot.events import ChatMessage, Event, Redemption, Reply, Support
from bot.ports import EventSink, ScheduleDriver

__all__ = ["ConsoleChat", "HELP_TEXT", "read_lines"]

HELP_TEXT = """\
Type chat as the current viewer (start with ! for commands), or a script line "name: message".
  /as NAME            speak as NAME (a new viewer is created on first use)
  /mod /broadcaster   give the current viewer that role; /viewer drops roles
  /redeem play|rob|bail|reroll [input]   a channel-point redemption
  /sub [tier]  /gift N  /bits N  /kicks N  /tip 5.00  /raid N   supports
  /live [title]  /offline                stream status
  /advance 25h        move the simulated clock (with --clock), running the jobs due meanwhile;
                      with --clock every line (and every script line) also moves it 1 s
  /jobs               the scheduled jobs: schedule, last run, next due
  /quit               leave"""


class ConsoleChat:
    """Feeds console lines to ``sink`` and prints the replies to ``out``.

    Also the console's :class:`~bot.ports.ChatBroadcaster` (announcements print as
    ``[kingpin 📢] text``); ``schedule`` runs the jobs on ``/advance`` and lists them on ``/jobs``.
    """

    def __init__(
        self,
        sink: EventSink,
        clock: Clock,
        *,
        out: TextIO = sys.stdout,
        echo: bool = False,
        tick: timedelta = timedelta(seconds=1),
        schedule: ScheduleDriver | None = None,
    ) -> None:
        self._sink = sink
        self._clock = clock
        self._out = out
        self._echo = echo
        self._tick = tick
        self.schedule = schedule
        self._state = ConsoleState(run_id=uuid.uuid4().hex[:12])

    @property
    def identity(self) -> str:
        return self._state.name

    def _print(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    async def broadcast(self, text: str, /) -> None:
        self._print(f"[kingpin 📢] {text}")

    async def handle_line(self, line: str) -> bool:
        """Process one line; ``False`` means the user asked to quit."""
        if isinstance(self._clock, SimulatedClock):
            self._clock.advance(self._tick)
        if self._echo and line.strip():
            self._print(f"> {line.rstrip()}")
        self._state, result = parse_line(line, self._state, self._clock.now())
        match result:
            case None:
                return True
            case Quit():
                return False
            case Help():
                self._print(HELP_TEXT)
            case Problem(text=text):
                self._print(f"[console] {text}")
            case Identity() as who:
                self._print(f"[console] {who.text}")
            case Advance(by=by):
                if isinstance(self._clock, SimulatedClock):
                    start = self._clock.now()
                    self._clock.advance(by)
                    if self.schedule is not None:
                        for text in await self.schedule.advance(start, self._clock.now()):
                            self._print(f"[console] {text}")
                    self._print(f"[console] clock is now {self._clock.now():%Y-%m-%d %H:%M:%S} UTC")
                else:
                    self._print("[console] /advance needs a simulated clock (--clock)")
            case Jobs():
                if self.schedule is None:
                    self._print("[console] no scheduler in this console")
                else:
                    for text in await self.schedule.listing(self._clock.now()):
                        self._print(f"[console] {text}")
            case _:
                await self._dispatch(result)
        return True

    async def _dispatch(self, event: Event) -> None:
        try:
            replies = await self._sink(event)
        except Exception as exc:  # the pipeline already logged it; keep the console alive
            self._print(f"[console] not processed ({type(exc).__name__}); try again")
            return
        for reply in replies:
            self._print(self._format(reply, event))
        if self.schedule is not None:
            await self.schedule.settle()  # what the line announced to every chat

    def _format(self, reply: Reply, event: Event) -> str:
        who = reply.mention or _speaker(event)
        return f"[kingpin → {who}] {reply.text}" if who else f"[kingpin] {reply.text}"

    async def run_lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            if not await self.handle_line(line):
                break

    async def run_interactive(self, fd: int = 0) -> None:
        """Prompted chat on a terminal; Ctrl-C leaves at once (no thread waits for Enter)."""
        self._print("Kingpin console chat. /help lists what you can do; /quit leaves.")
        await self.run_stream(fd, prompt=lambda: f"{self._state.name}> ")

    async def run_stream(self, fd: int = 0, *, prompt: Callable[[], str] | None = None) -> None:
        """Lines from a file descriptor (a terminal, a pipe or a file) until EOF or ``/quit``."""
        if prompt is not None:
            self._prompt(prompt())
        async for line in read_lines(fd):
            if not await self.handle_line(line):
                break
            if prompt is not None:
                self._prompt(prompt())

    def _prompt(self, text: str) -> None:
        self._out.write(text)
        self._out.flush()


async def read_lines(fd: int) -> AsyncIterator[str]:
    """Lines from ``fd`` without blocking the event loop (and without a reader thread).

    The loop watches the descriptor, so a cancelled task (Ctrl-C, SIGTERM) stops reading at
    once. A regular file cannot be watched; it is read directly (reading it never blocks).
    """
    if stat.S_ISREG(os.fstat(fd).st_mode):
        text = await asyncio.to_thread(_read_file, fd)
        for line in text.splitlines():
            yield line
        return
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[bytes] = asyncio.Queue()

    def readable() -> None:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            loop.remove_reader(fd)
        chunks.put_nowait(chunk)

    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    loop.add_reader(fd, readable)
    try:
        while True:
            chunk = await chunks.get()
            pending += decoder.decode(chunk, final=not chunk)
            *complete, pending = pending.split("\n")
            for line in complete:
                yield line.rstrip("\r")
            if not chunk:
                if pending:
                    yield pending
                return
    finally:
        loop.remove_reader(fd)


def _read_file(fd: int) -> str:
    with open(fd, encoding="utf-8", errors="replace", closefd=False) as handle:
        return handle.read()


def _speaker(event: Event) -> str:
    if isinstance(event, ChatMessage | Redemption):
        return event.sender.display_name
    if isinstance(event, Support) and event.sender is not None:
        return event.sender.display_name
    return ""
