"""What the item commands answer: inventory, equip, unequip, sell, collect, insurance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game import (
    OwnedItem,
    Policy,
    Rejected,
    Resolved,
)

__all__ = [
    "CollectAnswer",
    "EquipAnswer",
    "InsuranceAnswer",
    "InventoryAnswer",
    "Plan",
    "SellAnswer",
    "UnequipAnswer",
]


@dataclass(frozen=True, slots=True)
class InventoryAnswer:
    name: str
    items: tuple[OwnedItem, ...]  # in listing order
    cap: int
    escrow_cap: int


@dataclass(frozen=True, slots=True)
class EquipAnswer:
    name: str
    outcome: Resolved[OwnedItem | None] | Rejected
    item: OwnedItem | None = None


@dataclass(frozen=True, slots=True)
class UnequipAnswer:
    name: str
    outcome: Resolved[OwnedItem] | Rejected


@dataclass(frozen=True, slots=True)
class SellAnswer:
    name: str
    outcome: Resolved[int] | Rejected
    item: OwnedItem | None = None
    balance: int | None = None
    moved_in: OwnedItem | None = None  # the escrowed item that took the freed slot


@dataclass(frozen=True, slots=True)
class CollectAnswer:
    name: str
    outcome: Resolved[int] | Rejected
    business: str | None = None
    earned_today: int = 0
    daily_cap: int = 0
    next_at: datetime | None = None
    balance: int | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    policy: Policy
    protection: float
    premium: int


@dataclass(frozen=True, slots=True)
class InsuranceAnswer:
    name: str
    plans: tuple[Plan, ...]
    current: Policy = Policy.NONE
    paid_until: datetime | None = None
    bought: Plan | None = None
    refused: Rejected | None = None
    already: bool = False  # the plan asked for is already in force and paid up
    balance: int | None = None
