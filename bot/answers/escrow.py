"""Answers of !claim / !escrow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game import OwnedCrate, OwnedItem

__all__ = ["ClaimAnswer", "EscrowLine"]


@dataclass(frozen=True, slots=True)
class EscrowLine:
    label: str  # "Rare crate" / the item's name
    until: datetime
    crate: OwnedCrate | None = None
    item: OwnedItem | None = None


@dataclass(frozen=True, slots=True)
class ClaimAnswer:
    name: str
    lines: tuple[EscrowLine, ...]  # live escrow before this command
    moved: tuple[EscrowLine, ...] = ()
    no_room: tuple[EscrowLine, ...] = ()
    asked: bool = False
