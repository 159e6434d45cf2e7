"""Matching what a chatter typed against item names (pure: no database, no I/O).

``!equip rusty`` or ``!buy Kevlr Vest`` should find the one item meant. The order of tries:
an exact name (case, spacing and punctuation ignored), then a unique name prefix, then a unique
name containing the text, then a close spelling (difflib). Several candidates at one step make
the answer ambiguous (up to three are offered); nothing at every step is "not found".
``#3`` or a bare ``3`` picks the third line of the listing the player was shown.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["AmbiguousName", "NameMatch", "match_name", "normalise", "parse_position"]

T = TypeVar("T")

_NOT_WORD = re.compile(r"[^\w]+")
_POSITION = re.compile(r"^#?(\d{1,3})$")
_CLOSE_CUTOFF = 0.75
_CLEAR_LEAD = 0.08  # a close match wins outright when this far ahead of the runner-up


def normalise(text: str) -> str:
    """``"  Mono-Wire  GARROTE "`` → ``"mono wire garrote"``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def parse_position(text: str) -> int | None:
    """``#3`` or ``3`` → 3 (1-based); anything else → None."""
    found = _POSITION.match(text.strip())
    if not found:
        return None
    value = int(found[1])
    return value if value > 0 else None


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[T]):
    """``values`` holds every option carrying the matched name, in the given order (empty when
    nothing or several names matched); ``candidates`` the names offered when ambiguous."""

    name: str | None
    values: tuple[T, ...]
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


@dataclass(frozen=True, slots=True)
class AmbiguousName:
    """A command's answer when its text matched several names: ``player`` is offered them."""

    player: str
    query: str
    candidates: tuple[str, ...]


def match_name(query: str, options: Sequence[tuple[str, T]], *, offer: int = 3) -> NameMatch[T]:
    """Find the name ``query`` means among ``options`` (``(display name, value)`` pairs).

    Several options may share a name (two Rusty Knives): all of them come back, in order.
    """
    wanted = normalise(query)
    by_key: dict[str, str] = {}
    for name, _ in options:
        by_key.setdefault(normalise(name), name)
    keys = list(by_key)
    if not wanted or not keys:
        return NameMatch(None, ())

    def chosen(key: str) -> NameMatch[T]:
        name = by_key[key]
        return NameMatch(name, tuple(v for n, v in options if normalise(n) == key))

    def several(found: Sequence[str]) -> NameMatch[T]:
        return NameMatch(None, (), tuple(by_key[k] for k in found[:offer]))

    if wanted in by_key:
        return chosen(wanted)
    for test in (str.startswith, str.__contains__):
        found = [k for k in keys if test(k, wanted)]
        if len(found) == 1:
            return chosen(found[0])
        if found:
            return several(sorted(found, key=lambda k: (len(k), k)))
    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, k).ratio(), k) for k in keys),
        key=lambda pair: (-pair[0], pair[1]),
    )
    close = [(score, k) for score, k in scored if score >= _CLOSE_CUTOFF]
    if not close:
        return NameMatch(None, ())
    if len(close) == 1 or close[0][0] - close[1][0] >= _CLEAR_LEAD:
        return chosen(close[0][1])
    return several([k for _, k in close])
