"""The pipeline's view of the open heist: every chat line is checked, the database rarely.

Theory: the open heist (at most one) is cached in memory and re-read once ``refresh_seconds``
have passed on the wall clock or on the event clock (a console ``/advance`` moves only the
latter), or at once after :meth:`invalidate` (called after anything in this process opens or
closes a heist). A chat line costs a dictionary look-up and, while a
heist is open, the in-memory attempt limit and :func:`game.live.heist.matches`; only a line
that matches opens a transaction. Attempts (spec 14 §5: 5 per user per heist per 60 s) are
counted in memory on the event clock; a restart forgets them, which only ever lets a player
try again.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import datetime, timedelta

import asyncpg

from bot.repository import live

__all__ = ["HeistWatch"]


class HeistWatch:
    def __init__(self, pool: asyncpg.Pool, *, attempts: int = 5, window_seconds: int = 60, refresh_seconds: float = 2.0) -> None:
        self._pool = pool
        self._attempts = attempts
        self._window = timedelta(seconds=window_seconds)
        self._refresh = refresh_seconds
        self._heist: live.OpenHeist | None = None
        self._loaded_at = float("-inf")
        self._loaded_for: datetime | None = None  # the event time of the last load
        self._tries: dict[tuple[int, str, str], deque[datetime]] = {}

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")

    async def current(self, now: datetime) -> live.OpenHeist | None:
        """The heist open at ``now`` (time left), if any."""
        moved = self._loaded_for is None or abs((now - self._loaded_for).total_seconds()) > self._refresh
        if moved or time.monotonic() - self._loaded_at > self._refresh:
            async with self._pool.acquire() as conn:
                self._heist = await live.open_heist(conn)
            self._loaded_at = time.monotonic()
            self._loaded_for = now
            if self._heist is None:
                self._tries.clear()
        heist = self._heist
        if heist is None or now > heist.started_at + timedelta(seconds=heist.time_limit):
            return None
        return heist

    def attempt(self, heist_id: int, platform: str, user: str, now: datetime) -> bool:
        """Count one answer; ``False`` once the user is over the limit inside the window."""
        tries = self._tries.setdefault((heist_id, platform, user), deque())
        while tries and now - tries[0] >= self._window:
            tries.popleft()
        if len(tries) >= self._attempts:
            return False
        tries.append(now)
        return True
