"""bot.retry: the one retry policy (tenacity underneath)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.retry import backoff_delay, retrying


class Flaky(Exception):
    pass


class Other(Exception):
    pass


def _sleeps() -> tuple[list[float], Callable[[float], Awaitable[None]]]:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    return waited, sleep


async def test_retries_listed_errors_then_returns() -> None:
    waited, sleep = _sleeps()
    calls = 0
    failures: list[int] = []
    async for attempt in retrying(
        (Flaky,), attempts=5, wait=1.0, sleep=sleep, on_failure=lambda n, e: failures.append(n)
    ):
        with attempt:
            calls += 1
            if calls < 4:
                raise Flaky()
    assert calls == 4
    assert failures == [1, 2, 3]
    assert waited == [1.0, 2.0, 4.0]  # exponential from ``wait``


async def test_last_error_is_raised_as_itself() -> None:
    waited, sleep = _sleeps()
    with pytest.raises(Flaky):
        async for attempt in retrying((Flaky,), attempts=3, wait=0.5, growth="linear", sleep=sleep):
            with attempt:
                raise Flaky()
    assert waited == [0.5, 1.0]  # linear: base × attempt


async def test_other_errors_pass_through_at_once() -> None:
    calls = 0
    with pytest.raises(Other):
        async for attempt in retrying((Flaky,), attempts=3):
            with attempt:
                calls += 1
                raise Other()
    assert calls == 1


async def test_predicate_and_cap() -> None:
    waited, sleep = _sleeps()
    with pytest.raises(Flaky):
        async for attempt in retrying(
            lambda e: isinstance(e, Flaky), attempts=4, wait=10.0, wait_max=15.0, sleep=sleep
        ):
            with attempt:
                raise Flaky()
    assert waited == [10.0, 15.0, 15.0]


async def test_return_inside_the_loop_returns() -> None:
    async def once() -> int:
        async for attempt in retrying((Flaky,), attempts=2):
            with attempt:
                return 7
        return 0

    assert await once() == 7


def test_backoff_delay_doubles_to_a_cap() -> None:
    assert [backoff_delay(n, 5.0, 900.0) for n in (1, 2, 3, 9, 10)] == [5.0, 10.0, 20.0, 900.0, 900.0]
    assert backoff_delay(4, 0.5) == 4.0
