"""The console's live loop: after each line, run the live jobs at the console clock and print
the chat announcements they (and the line) queued, so ``/advance 20m`` fires the first heist."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import App
from bot.clock import Clock
from bot.events import Platform
from bot.live.announce import CHAT_KIND, ChatPublisher, ChatTarget, PrintSender
from bot.live.jobs import run_live_jobs
from bot.outbox import OutboxDrain

__all__ = ["ConsoleLive"]


class ConsoleLive:
    def __init__(self, app: App, clock: Clock, write: Callable[[str], None]) -> None:
        self._app = app
        self._clock = clock
        target = ChatTarget(Platform.CONSOLE, ("console",), PrintSender(write))
        self._drain = OutboxDrain(app.pool, ChatPublisher([target]), kind=CHAT_KIND)

    async def __call__(self) -> None:
        await run_live_jobs(self._app.pool, self._app.live, self._clock.now())
        await self._drain.drain()
