"""Domain values shared by every system: tiers, item and crate kinds, owned things, players."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = [
    "TIERS",
    "CrateSource",
    "CrateTier",
    "ItemDef",
    "ItemTier",
    "ItemType",
    "OwnedCrate",
    "OwnedItem",
    "Player",
    "Policy",
    "Tier",
]


class Tier(StrEnum):
    """Status tiers, lowest first. Tier 1 is "Punk" (DECISION 3; "rookie" is read as an alias)."""

    PUNK = "punk"
    ASSOCIATE = "associate"
    SOLDIER = "soldier"
    CAPTAIN = "captain"
    UNDERBOSS = "underboss"
    KINGPIN = "kingpin"

    @property
    def rank(self) -> int:
        """0 for Punk … 5 for Kingpin; indexes every per-tier table in `Rules`."""
        return _TIER_RANK[self]

    @classmethod
    def parse(cls, name: str) -> Tier:
        """Read a stored tier name, accepting the legacy alias "rookie"."""
        key = name.strip().lower()
        return cls.PUNK if key == "rookie" else cls(key)


TIERS: tuple[Tier, ...] = tuple(Tier)
_TIER_RANK = {tier: index for index, tier in enumerate(TIERS)}


class ItemType(StrEnum):
    """Item kinds; each has exactly one equip slot of the same name."""

    WEAPON = "weapon"
    ARMOR = "armor"
    BUSINESS = "business"
    HOUSING = "housing"


class ItemTier(StrEnum):
    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"
    LEGENDARY = "legendary"


CrateTier = ItemTier
"""Crates use the same four tiers as items (the tier of a crate drives its drop table)."""


class CrateSource(StrEnum):
    PLAY = "play"
    CHECKIN_MILESTONE = "checkin_milestone"
    MISSION = "mission"
    JUICERNAUT = "juicernaut"
    HEIST = "heist"
    FACTION = "faction"
    ACHIEVEMENT = "achievement"
    PURCHASE = "purchase"
    GIFT = "gift"
    ADMIN = "admin"  # a moderator's !givecrate (audited)


class Policy(StrEnum):
    """Bought rob-insurance policies (protection and premium live in `RobRules`)."""

    NONE = "none"
    BASIC = "basic"
    STANDARD = "standard"
    PREMIUM = "premium"
    PLATINUM = "platinum"


@dataclass(frozen=True, slots=True)
class ItemDef:
    """One catalogue item. Bonuses and insurance are fractions; money is whole dollars per day."""

    key: str
    name: str
    type: ItemType
    tier: ItemTier
    price: int
    sell_price: int
    durability: int = 100
    rob_bonus: float = 0.0
    defense_bonus: float = 0.0
    insurance: float = 0.0
    upkeep: int = 0
    daily_revenue: int = 0
    operating_cost: int = 0


@dataclass(frozen=True, slots=True)
class OwnedItem:
    """An item instance a player holds (the repository's inventory row)."""

    instance_id: int
    item: ItemDef
    durability: int
    equipped: bool = False
    escrow_until: datetime | None = None

    @property
    def escrowed(self) -> bool:
        return self.escrow_until is not None


@dataclass(frozen=True, slots=True)
class OwnedCrate:
    """A crate instance a player holds; escrowed crates have an expiry."""

    crate_id: int
    tier: CrateTier
    acquired_at: datetime
    escrow_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Player:
    """The columns of a player most systems read. ``user_id`` is our internal id."""

    user_id: int
    level: int = 1
    xp: int = 0
    wealth: int = 0
    tokens: int = 0
    jailed_until: datetime | None = None

    def jailed(self, now: datetime) -> bool:
        return self.jailed_until is not None and self.jailed_until > now
