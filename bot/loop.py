"""The event loop a long-running verb runs on: uvloop where it is installed, else asyncio's.

uvloop (libuv) cuts the per-round-trip overhead of asyncpg's sockets and of task switching;
measured on ``kingpin bench`` (docs/architecture.md, "Performance II"). It is a dependency on
every platform but Windows, where it does not exist; there, or when it is missing, the standard
loop runs the same code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["loop_name", "run"]

T = TypeVar("T")


def _uvloop() -> Any | None:
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop


def loop_name(prefer_uvloop: bool) -> str:
    return "uvloop" if prefer_uvloop and _uvloop() is not None else "asyncio"


def run(main: Coroutine[Any, Any, T], *, prefer_uvloop: bool = True) -> T:
    """``asyncio.run(main)``, on uvloop when preferred and available."""
    uvloop = _uvloop() if prefer_uvloop else None
    if uvloop is None:
        return asyncio.run(main)
    return uvloop.run(main)
