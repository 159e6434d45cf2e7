"""What !crates and !open answer."""

from __future__ import annotations

from dataclasses import dataclass

from game import (
    CrateOpenResult,
    CrateTier,
    ItemDef,
    OwnedCrate,
    Rejected,
    Resolved,
)

__all__ = [
    "CratesAnswer",
    "OpenAnswer",
]


@dataclass(frozen=True, slots=True)
class CratesAnswer:
    name: str
    crates: tuple[OwnedCrate, ...]  # oldest first
    held_cap: int
    escrow_cap: int


@dataclass(frozen=True, slots=True)
class OpenAnswer:
    name: str
    outcome: Resolved[CrateOpenResult] | Rejected
    item: ItemDef | None = None
    left: int = 0  # held crates after this open
    tier: CrateTier | None = None  # the tier asked for, if any
    moved_in: CrateTier | None = None  # the escrowed crate that took the freed slot
