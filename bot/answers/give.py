"""What ``!give`` answers."""

from __future__ import annotations

from dataclasses import dataclass

from game import Rejected, Resolved
from game.give import GiveResult

__all__ = ["GiveAnswer"]


@dataclass(frozen=True, slots=True)
class GiveAnswer:
    name: str  # the sender
    target: str  # the recipient as named (their display name when known)
    outcome: Resolved[GiveResult] | Rejected
    balance: int | None = None  # the sender's cash after a transfer
