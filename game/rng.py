"""Randomness for the engine: the `Rng` protocol, the provably fair generator and a seeded one.

Theory of operation (provably fair):
  * The operator picks a secret 32-byte *server seed* and publishes ``sha256(server_seed)`` before
    any roll is made with it. Players may set a *client seed*. Each resolution gets a *nonce*.
  * Block number ``cursor`` (0, 1, 2, ...) of a resolution is
    ``HMAC-SHA256(key=server_seed, msg=f"{client_seed}:{nonce}:{cursor}")``, 256 bits read
    most-significant bit first. The blocks of a resolution form one bit stream that rolls read
    from the front, in order; a bit is read at most once.
  * Every roll is ``below(n)``: with ``k = (n - 1).bit_length()``, read the next ``k`` bits of
    the current block as a big-endian integer. A roll never straddles two blocks: if fewer than
    ``k`` unread bits remain in the block, they are skipped and the next block is used. If the
    value is ``>= n`` those ``k`` bits are thrown away and the next ``k`` are read (rejection
    sampling, so no modulo bias). ``below(1)`` reads nothing. Every bit is a fresh HMAC output
    bit, used once, whose position depends only on the earlier rolls, so each accepted value is
    uniform in ``[0, n)``.
  * Floats are ``below(2**53) / 2**53``; ranges, choices and weights are built on ``below`` as
    well, so a list of ``(n, result)`` pairs describes every roll of a resolution. Several small
    rolls share one block (four floats fit in one), so a typical ``!play`` costs one or two HMACs
    instead of one per roll.
  * When the seed is rotated it is revealed; ``verify`` re-derives the recorded rolls from it.

Reading several rolls from one block is the derivation since engine performance work (issue 3);
before it each roll took a whole block (``draws`` grew by one per roll). Nothing recorded with
the earlier derivation was released.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar, runtime_checkable

__all__ = [
    "FairRng",
    "Rng",
    "Roll",
    "SeededRng",
    "hash_server_seed",
    "verify",
]

T = TypeVar("T")
_FLOAT_BITS = 53
_FLOAT_SPAN = 1 << _FLOAT_BITS


@runtime_checkable
class Rng(Protocol):
    """What the engine needs from a random source. All rolls derive from `below`."""

    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``; ``n >= 1``."""
        ...

    def randint(self, low: int, high: int) -> int:
        """A uniform integer in ``[low, high]`` (inclusive)."""
        ...

    def random(self) -> float:
        """A uniform float in ``[0, 1)`` with 53 bits of resolution."""
        ...

    def chance(self, p: float) -> bool:
        """True with probability ``p`` (clamped to [0, 1])."""
        ...

    def choice(self, items: Sequence[T]) -> T:
        """One element of a non-empty sequence, uniformly."""
        ...

    def weighted_index(self, weights: Sequence[float]) -> int:
        """An index drawn with probability proportional to its (non-negative) weight."""
        ...

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """``k`` distinct elements in draw order (partial Fisher-Yates)."""
        ...


class _RngBase(ABC):
    """Derived rolls shared by every generator; subclasses supply `below`."""

    __slots__ = ()

    @abstractmethod
    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""

    def randint(self, low: int, high: int) -> int:
        if high < low:
            raise ValueError(f"empty range [{low}, {high}]")
        return low + self.below(high - low + 1)

    def random(self) -> float:
        return self.below(_FLOAT_SPAN) / _FLOAT_SPAN

    def chance(self, p: float) -> bool:
        if p <= 0.0:
            return False
        if p >= 1.0:
            return True
        return self.random() < p

    def choice(self, items: Sequence[T]) -> T:
        if not items:
            raise ValueError("choice from an empty sequence")
        return items[self.below(len(items))]

    def weighted_index(self, weights: Sequence[float]) -> int:
        total = sum(weights)
        if total <= 0:
            raise ValueError("weights must have a positive sum")
        point = self.random() * total
        running = 0.0
        last_positive = 0
        for index, weight in enumerate(weights):
            if weight <= 0:
                continue
            last_positive = index
            running += weight
            if point < running:
                return index
        return last_positive

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        if not 0 <= k <= len(items):
            raise ValueError(f"cannot sample {k} of {len(items)}")
        pool = list(items)
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


@dataclass(frozen=True, slots=True)
class Roll:
    """One recorded `below(n)` call and its result."""

    n: int
    result: int


def hash_server_seed(server_seed: bytes) -> str:
    """The commitment published before a server seed is used: hex SHA-256 of the raw seed."""
    return hashlib.sha256(server_seed).hexdigest()


_SHA256_BLOCK = 64
_IPAD = bytes(0x36 for _ in range(_SHA256_BLOCK))
_OPAD = bytes(0x5C for _ in range(_SHA256_BLOCK))
_BLOCK_BITS = 256


@lru_cache(maxsize=8)
def _hmac_pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """SHA-256 states that have absorbed ``key ⊕ ipad`` and ``key ⊕ opad`` (RFC 2104).

    Copying them per block gives exactly ``HMAC-SHA256(key, msg)`` without re-deriving the key
    schedule each time (about twice as fast as ``hmac.digest`` with the key)."""
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(k ^ p for k, p in zip(key, _IPAD, strict=True)))
    outer = hashlib.sha256(bytes(k ^ p for k, p in zip(key, _OPAD, strict=True)))
    return inner, outer


class FairRng(_RngBase):
    """Provably fair generator for one resolution, identified by ``(server_seed, client_seed, nonce)``.

    ``draws`` counts HMAC blocks consumed (including bits thrown away by rejection); ``rolls``
    records every ``below`` call when ``record=True`` so the repository can store and later
    verify them.
    """

    __slots__ = ("_inner", "_outer", "_prefix", "_bits", "_left", "draws", "rolls", "_record")

    def __init__(
        self, server_seed: bytes, client_seed: str, nonce: int, *, record: bool = False
    ) -> None:
        if not server_seed:
            raise ValueError("server seed must not be empty")
        self._inner, self._outer = _hmac_pads(bytes(server_seed))
        self._prefix = f"{client_seed}:{nonce}:".encode()
        self._bits = 0  # unread bits of the current block, right-aligned
        self._left = 0  # how many bits of the current block are unread
        self.draws = 0
        self.rolls: list[Roll] = []
        self._record = record

    def _block(self) -> int:
        inner = self._inner.copy()
        inner.update(self._prefix + b"%d" % self.draws)
        outer = self._outer.copy()
        outer.update(inner.digest())
        self.draws += 1
        return int.from_bytes(outer.digest(), "big")

    def below(self, n: int) -> int:
        if n <= 1:
            if n < 1:
                raise ValueError("n must be >= 1")
            result = 0
        else:
            k = (n - 1).bit_length()
            if k > _BLOCK_BITS:
                raise ValueError("range wider than one HMAC block")
            bits, left = self._bits, self._left
            while True:
                if left < k:
                    bits, left = self._block(), _BLOCK_BITS
                left -= k
                result = bits >> left
                bits &= (1 << left) - 1
                if result < n:
                    break
            self._bits, self._left = bits, left
        if self._record:
            self.rolls.append(Roll(n, result))
        return result

    # Floats are `below(2**53)` written out (53 bits are never rejected): one call layer and
    # the loop less per roll; they read exactly the bits `below` would (issue 21).
    def _float(self) -> int:
        """``below(2**53)``: 53 bits, never rejected."""
        bits, left = self._bits, self._left
        if left < _FLOAT_BITS:
            bits, left = self._block(), _BLOCK_BITS
        left -= _FLOAT_BITS
        result = bits >> left
        self._bits, self._left = bits & ((1 << left) - 1), left
        if self._record:
            self.rolls.append(Roll(_FLOAT_SPAN, result))
        return result

    def random(self) -> float:
        return self._float() / _FLOAT_SPAN

    def chance(self, p: float) -> bool:
        if p <= 0.0:
            return False
        if p >= 1.0:
            return True
        return self._float() / _FLOAT_SPAN < p


def verify(
    server_seed: bytes,
    client_seed: str,
    nonce: int,
    rolls: Sequence[Roll],
    *,
    published_hash: str | None = None,
) -> bool:
    """Re-derive recorded rolls from a revealed seed; True if every result matches.

    With ``published_hash`` the seed must also match the commitment made before use.
    """
    if published_hash is not None and not hmac.compare_digest(
        hash_server_seed(server_seed), published_hash.lower()
    ):
        return False
    replay = FairRng(server_seed, client_seed, nonce)
    return all(replay.below(roll.n) == roll.result for roll in rolls)


_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB
_LANE_BITS = 128  # a lane holds a 64-bit value and room for its 128-bit product
_BATCHES = (8, 16, 32, 64)


class _Lanes:
    """Constants to run SplitMix64 on ``size`` consecutive states at once in one big integer.

    Lane ``j`` (bits ``128·j … 128·j + 63``) holds state ``s + (j + 1)·γ``, so the big-endian
    bytes of the packed result list the outputs last-first: popping from the end of the unpacked
    list yields them in stream order. Every step is a single operation on the packed integer; the
    ``& mask`` after each shift drops the bits a neighbouring lane shifted in, and a product of
    two 64-bit values fits its 128-bit lane, so lanes never mix."""

    __slots__ = ("size", "mask", "ones", "offsets", "step", "unpack", "nbytes")

    def __init__(self, size: int) -> None:
        self.size = size
        self.mask = sum(_MASK64 << (_LANE_BITS * j) for j in range(size))
        self.ones = sum(1 << (_LANE_BITS * j) for j in range(size))
        self.offsets = sum(((j + 1) * _GOLDEN & _MASK64) << (_LANE_BITS * j) for j in range(size))
        self.step = size * _GOLDEN & _MASK64
        self.unpack = struct.Struct(">" + "8xQ" * size).unpack
        self.nbytes = size * _LANE_BITS // 8


_LANES = {size: _Lanes(size) for size in _BATCHES}


class SeededRng(_RngBase):
    """Fast deterministic generator (SplitMix64) for tests, simulations and benchmarks.

    Not provably fair; never use it for production rolls.

    Outputs are computed in batches (8, then 16, 32 and 64 at a time) by running SplitMix64 on
    several consecutive states packed into one big integer — about three times cheaper per value
    than one at a time in pure Python. The stream is exactly SplitMix64's: output ``i`` depends
    only on ``seed + (i + 1)·γ``, so batching changes no value. ``draws`` counts values used.
    """

    __slots__ = ("_state", "_buf", "_made", "_batch")

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK64  # the state of the last value computed
        self._buf: list[int] = []  # computed, unused values, next one last
        self._made = 0
        self._batch = _BATCHES[0]

    @property
    def draws(self) -> int:
        """How many 64-bit values the rolls have used."""
        return self._made - len(self._buf)

    def _refill(self) -> list[int]:
        lanes = _LANES[self._batch]
        mask, state = lanes.mask, self._state
        z = (state * lanes.ones + lanes.offsets) & mask
        z = ((z ^ ((z >> 30) & mask)) * _MIX1) & mask
        z = ((z ^ ((z >> 27) & mask)) * _MIX2) & mask
        z ^= (z >> 31) & mask
        self._buf = buf = list(lanes.unpack(z.to_bytes(lanes.nbytes, "big")))
        self._state = (state + lanes.step) & _MASK64
        self._made += lanes.size
        if lanes.size < _BATCHES[-1]:
            self._batch = lanes.size * 2
        return buf

    def _next64(self) -> int:
        buf = self._buf or self._refill()
        return buf.pop()

    def random(self) -> float:
        buf = self._buf or self._refill()
        return (buf.pop() >> 11) / _FLOAT_SPAN

    def chance(self, p: float) -> bool:
        if p <= 0.0:
            return False
        if p >= 1.0:
            return True
        buf = self._buf or self._refill()
        return (buf.pop() >> 11) / _FLOAT_SPAN < p

    def below(self, n: int) -> int:
        if n <= 1:
            if n < 1:
                raise ValueError("n must be >= 1")
            return 0
        bits = (n - 1).bit_length()
        if bits > 64:
            raise ValueError("range wider than 64 bits")
        shift = 64 - bits
        buf = self._buf
        while True:
            if not buf:
                buf = self._refill()
            value = buf.pop() >> shift
            if value < n:
                return value

    # randint and choice repeat `below` inline: one method layer less on every play.
    def randint(self, low: int, high: int) -> int:
        if high <= low:
            if high < low:
                raise ValueError(f"empty range [{low}, {high}]")
            return low
        n = high - low + 1
        bits = (n - 1).bit_length()
        if bits > 64:
            raise ValueError("range wider than 64 bits")
        shift = 64 - bits
        buf = self._buf
        while True:
            if not buf:
                buf = self._refill()
            value = buf.pop() >> shift
            if value < n:
                return low + value

    def choice(self, items: Sequence[T]) -> T:
        n = len(items)
        if n <= 1:
            if n < 1:
                raise ValueError("choice from an empty sequence")
            return items[0]
        bits = (n - 1).bit_length()
        if bits > 64:
            raise ValueError("range wider than 64 bits")
        shift = 64 - bits
        buf = self._buf
        while True:
            if not buf:
                buf = self._refill()
            value = buf.pop() >> shift
            if value < n:
                return items[value]
