"""The thin asyncpg repository: one function per SQL file, engine values in and out.

Nothing here decides a game rule; it reads state for the engine and writes the engine's
effects. asyncpg ``Record`` values never leave this package.
"""

from __future__ import annotations

import asyncpg

__all__ = ["Connection"]

# What handlers hold and pass back to this package: they never import asyncpg themselves.
Connection = asyncpg.Connection
