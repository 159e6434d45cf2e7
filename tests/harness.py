"""Test harness: the real application on a test database, driven by console lines.

``Harness.say("alice: !play")`` feeds one console line through the real pipeline and returns
the reply texts; ``harness.clock`` is a simulated clock that moves one second per line.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg

from adapters.console.client import ConsoleChat
from bot.app import App, open_app
from bot.clock import SimulatedClock
from bot.config import Settings
from bot.schedule_cli import ConsoleSchedule

__all__ = ["START", "Harness", "harness"]

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a Monday
ANNOUNCED = "[kingpin 📢] "  # how the console prints an announcement to every chat


class Harness:
    def __init__(self, app: App, clock: SimulatedClock, *, scheduled: bool = False) -> None:
        self.app = app
        self.clock = clock
        self._out = io.StringIO()
        self.announced: list[str] = []  # chat announcements (every chat), apart from the replies
        self.chat = ConsoleChat(app.pipeline, clock, out=self._out)
        if scheduled:  # /advance runs the jobs; announcements are delivered after each line
            self.chat.schedule = ConsoleSchedule(app, self.chat)

    @property
    def pool(self) -> asyncpg.Pool:
        return self.app.pool

    async def say(self, *lines: str) -> list[str]:
        """Feed console lines; return the reply texts (without the ``[kingpin → x]`` prefix)."""
        start = self._out.tell()
        for line in lines:
            await self.chat.handle_line(line)
            await self.app.activity.flush()  # as the 250 ms timer would
        out = self._out.getvalue()[start:]
        replies = []
        for line in out.splitlines():
            if line.startswith(ANNOUNCED):
                self.announced.append(line.removeprefix(ANNOUNCED))
            elif line and not line.startswith("[console] you are now"):
                replies.append(_strip(line))
        return replies

    async def say1(self, line: str) -> str:
        replies = await self.say(line)
        assert len(replies) == 1, replies
        return replies[0]

    def advance(self, **kwargs: float) -> None:
        self.clock.advance(timedelta(**kwargs))

    async def user_id(self, name: str) -> int:
        uid = await self.pool.fetchval("SELECT user_id FROM users WHERE console_user_id = $1", name.lower())
        assert uid is not None, f"no player {name}"
        return uid

    async def wealth(self, name: str) -> int:
        return await self.pool.fetchval("SELECT wealth FROM users WHERE console_user_id = $1", name.lower())

    async def fund(self, name: str, amount: int) -> None:
        """Give a player money through the ledger, as a moderator grant would."""
        await self.fund_user(await self.user_id(name), amount)

    async def fund_user(self, uid: int, amount: int) -> None:
        async with self.pool.acquire() as conn:
            await conn.fetchval(
                "WITH m AS (UPDATE users SET wealth = wealth + $2 WHERE user_id = $1 RETURNING wealth) "
                "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
                "SELECT $1, $2, wealth - $2, wealth, 'admin' FROM m RETURNING balance_after",
                uid,
                amount,
            )



def _strip(line: str) -> str:
    if line.startswith("[kingpin") and "] " in line:
        return line.split("] ", 1)[1]
    return line


@asynccontextmanager
async def harness(
    db_url: str, *, seed: int = 1, start: datetime = START, scheduled: bool = False
) -> AsyncIterator[Harness]:
    """``scheduled``: ``/advance`` runs the scheduled jobs and announcements print after each line."""
    clock = SimulatedClock(start)
    settings = Settings(_env_file=None)
    async with open_app(db_url, settings, clock, seed=seed, pool_size=4, flush_interval=3600) as app:
        yield Harness(app, clock, scheduled=scheduled)
