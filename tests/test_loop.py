"""The event loop helper: uvloop when preferred and installed, asyncio otherwise, same result."""

from __future__ import annotations

import asyncio
import importlib.util

from bot import loop


async def _which() -> str:
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


def test_the_standard_loop_when_uvloop_is_not_wanted() -> None:
    assert loop.run(_which(), prefer_uvloop=False) == "asyncio"
    assert loop.loop_name(False) == "asyncio"


def test_uvloop_when_wanted_and_installed() -> None:
    expected = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    assert loop.run(_which(), prefer_uvloop=True) == expected
    assert loop.loop_name(True) == expected
