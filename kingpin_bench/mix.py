"""What the simulated chat sends: the kinds of lines and their shares.

A mix is written ``chat=85,play=6,rob=3,checkin=2,open=2,read=2`` (weights, normalised to
fractions). ``read`` alternates ``!profile`` and ``!lb``; half of the robs name one of the ten
richest players (``p1`` … ``p10``), the other half a player picked at random.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["COMMAND_KINDS", "DEFAULT_MIX", "ROB_ONLY", "Kind", "Mix", "parse_mix"]


class Kind(StrEnum):
    CHAT = "chat"
    PLAY = "play"
    ROB = "rob"
    CHECKIN = "checkin"
    OPEN = "open"
    READ = "read"


COMMAND_KINDS: tuple[Kind, ...] = (Kind.PLAY, Kind.ROB, Kind.CHECKIN, Kind.OPEN, Kind.READ)


@dataclass(frozen=True, slots=True)
class Mix:
    """Fractions per kind, summing to 1."""

    shares: Mapping[Kind, float]

    @property
    def chat_share(self) -> float:
        return self.shares.get(Kind.CHAT, 0.0)

    @property
    def command_share(self) -> float:
        return 1.0 - self.chat_share

    def kinds(self) -> tuple[Kind, ...]:
        return tuple(k for k in Kind if self.shares.get(k, 0.0) > 0)

    def weights(self) -> tuple[float, ...]:
        return tuple(self.shares[k] for k in self.kinds())

    def command_mix(self) -> Mix:
        """The same mix without plain chat (for feeding commands and chat separately)."""
        total = self.command_share
        if total <= 0:
            raise ValueError("the mix has no commands")
        return Mix({k: v / total for k, v in self.shares.items() if k is not Kind.CHAT and v > 0})

    def describe(self) -> str:
        return ",".join(f"{k.value}={self.shares[k] * 100:g}" for k in self.kinds())


def parse_mix(text: str) -> Mix:
    """``"chat=85,play=6"`` → a :class:`Mix` (weights need not sum to 100)."""
    weights: dict[Kind, float] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"mix entry {part!r} is not kind=weight")
        try:
            kind = Kind(name.strip().lower())
        except ValueError:
            known = ", ".join(k.value for k in Kind)
            raise ValueError(f"unknown kind {name!r} in the mix (known: {known})") from None
        weight = float(value)
        if weight < 0:
            raise ValueError(f"negative weight for {kind.value}")
        weights[kind] = weights.get(kind, 0.0) + weight
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("the mix is empty")
    return Mix({k: w / total for k, w in weights.items() if w > 0})


DEFAULT_MIX = parse_mix("chat=85,play=6,rob=3,checkin=2,open=2,read=2")
ROB_ONLY = parse_mix("rob=1")
