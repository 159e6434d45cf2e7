"""One retry policy for the whole project, built on ``tenacity``.

Use it as tenacity's loop: each pass of ``async for`` is one attempt; an exception of a
``retry_on`` type inside ``with attempt:`` is retried after the wait, any other exception (and
``CancelledError``) passes straight through, and the last attempt's exception is re-raised as
itself (never wrapped in ``RetryError``)::

    async for attempt in retrying((DeadlockDetectedError,), attempts=3):
        with attempt:
            async with conn.transaction():
                ...

Waits: ``wait`` seconds before the second attempt, then doubling (``growth="exponential"``) or
growing by ``wait`` each time (``"linear"``), capped at ``wait_max``. ``on_failure(n, exc)`` is
called after each failed attempt that may be retried (also the last). ``sleep`` is injectable,
for tests that fake time at the edge.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_incrementing,
    wait_none,
)
from tenacity.wait import wait_base

__all__ = ["backoff_delay", "retrying"]

OnFailure = Callable[[int, BaseException], None]


def _wait(wait: float, wait_max: float | None, growth: Literal["exponential", "linear"]) -> wait_base:
    if wait <= 0:
        return wait_none()
    cap = float("inf") if wait_max is None else wait_max
    if growth == "linear":
        return wait_incrementing(start=wait, increment=wait, max=cap)
    return wait_exponential(multiplier=wait, exp_base=2, min=0, max=cap)


def backoff_delay(attempt: int, base: float, cap: float | None = None) -> float:
    """The wait after failed attempt ``attempt`` (1, 2, …): ``base × 2^(attempt−1)``, at most
    ``cap`` — the same curve :func:`retrying` waits on, for loops whose attempts are counted
    elsewhere (outbox rows, socket reconnects, rate-limited sends)."""
    delay = base * 2 ** (attempt - 1)
    return delay if cap is None else min(cap, delay)


def retrying(
    retry_on: tuple[type[BaseException], ...] | Callable[[BaseException], bool],
    *,
    attempts: int,
    wait: float = 0.0,
    wait_max: float | None = None,
    growth: Literal["exponential", "linear"] = "exponential",
    on_failure: OnFailure | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncRetrying:
    """At most ``attempts`` tries, retrying only ``retry_on`` exceptions (types, or a predicate)."""

    def after(state: RetryCallState) -> None:
        if on_failure is not None and state.outcome is not None and state.outcome.failed:
            exc = state.outcome.exception()
            if exc is not None:
                on_failure(state.attempt_number, exc)

    return AsyncRetrying(
        stop=stop_after_attempt(attempts),
        wait=_wait(wait, wait_max, growth),
        retry=retry_if_exception_type(retry_on) if isinstance(retry_on, tuple) else retry_if_exception(retry_on),
        after=after,
        sleep=sleep,
        reraise=True,
    )
