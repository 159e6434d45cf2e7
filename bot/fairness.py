"""Provably fair seeds: the active server seed, its published hash, and nonces per resolution.

Theory of operation: one server seed is active at a time (``rng_seeds``); players can see its
SHA-256 from the start and the seed itself once it is rotated out and revealed. Every resolution
that rolls gets a fresh nonce and builds a :class:`game.FairRng` from ``(server seed, client
seed, nonce)``; the ``(seed_id, nonce)`` pair is stored on the ``game_events`` row, so anyone can
re-derive each roll later with :func:`game.verify`.

Nonces are reserved from the seed row in blocks, on a connection of the source's own (never
one of the pool's: a command holding a pooled connection must never wait for another), in
autocommit statements outside the command transactions, so commands never queue on the seed
row and a rolled-back command cannot hand a reserved block out twice. A crash leaves a gap in
the nonces, which is harmless: a nonce is never used twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass

import asyncpg
import structlog

from bot.sql import QUERIES
from game import FairRng

__all__ = ["ActiveSeed", "FairnessSource", "seed_from_number"]

log = structlog.get_logger("kingpin.fairness")

_ACTIVE = QUERIES["fairness/select_active_seed"]
_INSERT = QUERIES["fairness/insert_seed"]
_INSERT_UNUSED = QUERIES["fairness/insert_seed_unless_used"]
_ROTATE = QUERIES["fairness/rotate_active_seed"]
_RESERVE = QUERIES["fairness/reserve_nonces"]

DEFAULT_CLIENT_SEED = "kingpin"


def seed_from_number(number: int, generation: int = 0) -> bytes:
    """A reproducible 32-byte server seed for ``--seed N`` (tests and scripted console runs).

    A seed is used once: the ``generation``-th run with the same number on one database gets
    the next one (a fresh database always starts at generation 0, so its transcript repeats).
    """
    return hashlib.sha256(f"kingpin-seed:{number}:{generation}".encode()).digest()


@dataclass(frozen=True, slots=True)
class ActiveSeed:
    seed_id: int
    server_seed: bytes
    client_seed: str


class FairnessSource:
    """Hands out ``(FairRng, seed_id, nonce)`` for each resolution that rolls."""

    def __init__(self, dsn: str, *, block: int = 256) -> None:
        self._dsn = dsn
        self._conn: asyncpg.Connection | None = None
        self._block = block
        self._seed: ActiveSeed | None = None
        self._next = 0
        self._end = 0
        self._lock = asyncio.Lock()

    async def start(self, *, numbered: int | None = None) -> ActiveSeed:
        """Load the active seed (creating one if none); ``numbered`` rotates to a reproducible
        seed derived from that number (the first generation not used on this database yet)."""
        conn = await self._connection()
        async with conn.transaction():
            row = await conn.fetchrow(_ACTIVE)
            if numbered is not None:
                await conn.execute(_ROTATE)
                generation, row = 0, None
                while row is None:
                    seed = seed_from_number(numbered, generation)
                    row = await conn.fetchrow(_INSERT_UNUSED, seed, DEFAULT_CLIENT_SEED)
                    generation += 1
            elif row is None:
                row = await conn.fetchrow(_INSERT, secrets.token_bytes(32), DEFAULT_CLIENT_SEED)
        assert row is not None
        self._seed = ActiveSeed(row["seed_id"], bytes(row["server_seed"]), row["client_seed"])
        self._next = self._end = 0
        return self._seed

    async def rotate(self) -> ActiveSeed:
        """Retire (and reveal) the active seed and start a fresh secret one."""
        conn = await self._connection()
        async with self._lock:
            await conn.execute(_ROTATE)
            return await self.start()

    async def rotate_quietly(self) -> None:
        """:meth:`rotate`, logging instead of raising (used on shutdown)."""
        try:
            await self.rotate()
        except (asyncpg.PostgresError, OSError) as exc:
            log.warning("fairness.rotate_failed", error=repr(exc))

    async def _connection(self) -> asyncpg.Connection:
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(self._dsn)
        return self._conn

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def _nonce(self) -> tuple[ActiveSeed, int]:
        async with self._lock:
            if self._seed is None:
                await self.start()
            assert self._seed is not None
            if self._next >= self._end:
                conn = await self._connection()
                first = await conn.fetchval(_RESERVE, self._seed.seed_id, self._block)
                if first is None:  # rotated by another process: pick up the new seed
                    await self.start()
                    first = await conn.fetchval(_RESERVE, self._seed.seed_id, self._block)
                self._next, self._end = int(first), int(first) + self._block
            nonce = self._next
            self._next += 1
            return self._seed, nonce

    async def draw(self) -> tuple[FairRng, int, int]:
        """A generator for one resolution, with the ``(seed_id, nonce)`` to record."""
        seed, nonce = await self._nonce()
        return FairRng(seed.server_seed, seed.client_seed, nonce), seed.seed_id, nonce
