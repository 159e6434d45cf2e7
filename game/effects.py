"""Outcomes of a resolution: `Resolved` (result + effects) or `Rejected` (reason + data).

Effects are plain frozen values that the repository applies in order, inside the transaction that
read the state. Each names its player by internal ``user_id``. The engine guarantees that applying
the effects of one `Resolved` to the state it was resolved from never drives wealth, XP, tokens or
durability below zero, and that a `Rejected` carries no effects at all.

Effect catalogue (one line each):

* `WealthDelta` — add ``amount`` (signed) to wealth and write a ledger row with ``reason``;
  ``reference`` links the ledger row to another user or item (e.g. the victim of a rob).
* `XpDelta` — add ``amount`` (≥ 0) XP.
* `LevelChanged` / `TierChanged` — the level / status tier stored on the player changes.
* `StatIncrement` — add ``amount`` to a counter (`Stat`): play count, busts, rob attempts, …
* `CooldownSet` — upsert cooldown ``kind`` (optionally against ``target_id``) expiring ``until``.
* `JailSet` / `JailCleared` — create / delete the player's jail row.
* `CheckinRecorded` — store the check-in day, the new streak and the longest streak.
* `TokenDelta` — add ``amount`` (signed) heist tokens, ``reason`` for the token ledger.
* `ItemGranted` — create an inventory row for catalogue item ``item_key`` (in escrow when
  ``escrow_until`` is set).
* `ItemMoved` — move inventory row ``instance_id`` to ``to_user_id`` unequipped (escrowed when
  ``escrow_until`` is set; moving to the same user with ``escrow_until=None`` claims escrow).
* `ItemWorn` — set the durability of row ``instance_id`` to ``durability`` (> 0).
* `ItemDestroyed` — delete row ``instance_id`` (broken or sold — see ``cause``).
* `ItemEquipped` / `ItemUnequipped` — set / clear the equipped flag of row ``instance_id``.
* `CrateGranted` — create a crate of ``tier`` (in escrow when ``escrow_until`` is set).
* `CrateOpened` — delete crate ``crate_id`` and record the open (drop type, item, wealth, title).
* `CrateClaimed` — move crate ``crate_id`` out of escrow.
* `TitleUnlocked` — give the player crate title ``title``.
* `ConsumableUsed` — remove one consumable ``kind`` (bail bond, reroll token, crate magnet).
* `ShopStocked` — replace the player's personal shop with ``item_keys``.
* `ShopItemBought` — mark ``item_key`` in the personal shop as bought.
* `MarketStockTaken` — take one unit of black-market entry ``item_key`` (conditional decrement).
* `Notification` — tell ``user_id`` something (`NoticeKind`) with small key/value ``data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from game._frozen import fast_init
from game.model import CrateSource, CrateTier, ItemType, Tier

__all__ = [
    "CheckinRecorded",
    "ConsumableKind",
    "ConsumableUsed",
    "CooldownKind",
    "CooldownSet",
    "CrateClaimed",
    "CrateGranted",
    "CrateOpened",
    "DestroyCause",
    "DropType",
    "Effect",
    "ItemDestroyed",
    "ItemEquipped",
    "ItemGranted",
    "ItemMoved",
    "ItemUnequipped",
    "ItemWorn",
    "JailCleared",
    "JailSet",
    "LedgerReason",
    "LevelChanged",
    "MarketStockTaken",
    "NoticeKind",
    "Notification",
    "Outcome",
    "RejectReason",
    "Rejected",
    "Resolved",
    "ShopItemBought",
    "ShopStocked",
    "Stat",
    "TierChanged",
    "TitleUnlocked",
    "TokenDelta",
    "TokenReason",
    "WealthDelta",
    "XpDelta",
]


class LedgerReason(StrEnum):
    PLAY = "play"
    PLAY_LOSS = "play_loss"
    CHECKIN = "checkin"
    ROB = "rob"
    ROBBED = "robbed"
    BAIL = "bail"
    SHOP = "shop_purchase"
    MARKET = "market_purchase"
    SELL = "item_sale"
    BUSINESS = "business_revenue"
    CRATE = "crate_wealth"
    TITLE_DUPLICATE = "title_duplicate"
    SUPPORT = "support"  # subs, gifts, bits, kicks, tips, raids (reward_config)
    ADMIN = "admin"  # moderator grants and removals (audited)
    INSURANCE = "insurance_premium"
    LINK_MERGE = "link_merge"  # wealth carried over when two characters merge
    FACTION = "faction_reward"  # the weekly territory pool (spec 12 §8)
    GIVE_SENT = "give_sent"  # !give: what the sender sends
    GIVE_RECEIVED = "give_received"
    GIVE_FEE = "give_fee"  # !give: the fee, a money sink
    JUICERNAUT = "juicernaut"  # the session winner's reward (spec 08 §6)
    HOUSING_UPKEEP = "housing_upkeep"  # the daily upkeep of equipped housing (jobs)
    # casino, supply depot, races (issue 18)
    BET_SLOTS = "bet_slots"
    WIN_SLOTS = "win_slots"
    JACKPOT = "jackpot"
    BET_BLACKJACK = "bet_blackjack"
    WIN_BLACKJACK = "win_blackjack"
    FLIP_ESCROW = "flip_escrow"
    FLIP_REFUND = "flip_refund"
    WIN_FLIP = "win_flip"
    LOTTERY_TICKET = "lottery_ticket"
    WIN_LOTTERY = "win_lottery"
    SUPPLY = "supply_purchase"
    TOKEN_PURCHASE = "token_purchase"
    RACE_PRIZE = "race_prize"


class TokenReason(StrEnum):
    CHECKIN = "checkin"
    CHAT = "chat"
    ROB = "rob"
    PLAY = "play"
    PLAY_BOOST = "play_boost"
    PURCHASE = "purchase"


class Stat(StrEnum):
    PLAYS = "total_play_count"
    WINS = "wins"
    LOSSES = "losses"
    BUSTS = "times_jailed"
    BAILS = "bail_count"
    ROB_ATTEMPTS = "rob_attempts"
    ROB_SUCCESSES = "rob_successes"
    ROB_DEFENSES = "rob_defenses"
    CHECKINS = "checkins"
    CRATES_OPENED = "crates_opened"
    WEALTH_EARNED = "wealth_earned"
    XP_EARNED = "xp_earned"


class CooldownKind(StrEnum):
    PLAY = "play"
    ROB_TARGET = "rob_target"
    CRATE_OPEN = "crate_open"


class ConsumableKind(StrEnum):
    BAIL_BOND = "bail_bond"
    REROLL_TOKEN = "reroll_token"
    CRATE_MAGNET = "crate_magnet"


class DestroyCause(StrEnum):
    BROKEN = "broken"
    SOLD = "sold"


class DropType(StrEnum):
    WEAPON = "weapon"
    ARMOR = "armor"
    WEALTH = "wealth"
    TITLE = "title"


class NoticeKind(StrEnum):
    LEVEL_UP = "level_up"
    TIER_UP = "tier_promotion"
    JAILED = "jailed"
    ROBBED = "robbed"
    ROB_BLOCKED = "rob_blocked"
    ITEM_STOLEN = "item_stolen"
    ITEM_BROKE = "item_broke"
    ITEM_ESCROW = "item_escrow"
    ITEM_LOST = "item_lost"
    CRATE_RECEIVED = "crate_received"
    CRATE_ESCROW = "crate_escrow"
    CRATE_LOST = "crate_lost"
    TITLE_UNLOCKED = "title_unlocked"
    FACTION_REWARD = "faction_reward"
    JUICERNAUT_CROWN = "juicernaut_crown"
    JUICERNAUT_DETHRONED = "juicernaut_dethroned"
    JUICERNAUT_REWARD = "juicernaut_reward"
    HEIST_WON = "heist_won"
    # scheduled jobs
    CRATE_EXPIRED = "crate_expired"
    ITEM_EXPIRED = "item_expired"
    ESCROW_MOVED_IN = "escrow_moved_in"
    INSURANCE_LAPSED = "insurance_lapsed"
    HOUSING_UNPAID = "housing_unpaid"
    HOUSING_DEBT = "housing_debt"
    EVICTED = "evicted"


class RejectReason(StrEnum):
    JAILED = "jailed"
    NOT_JAILED = "not_jailed"
    ON_COOLDOWN = "on_cooldown"
    NO_TOKEN = "no_token"
    TARGET_UNKNOWN = "target_unknown"
    SELF_TARGET = "self_target"
    TARGET_BROKE = "target_broke"
    TARGET_IMMUNE = "target_immune"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_FOUND = "not_found"
    ESCROWED = "escrowed"
    EQUIPPED = "equipped"
    NOTHING_EQUIPPED = "nothing_equipped"
    ESCROW_EXPIRED = "escrow_expired"
    NOT_ESCROWED = "not_escrowed"
    INVENTORY_FULL = "inventory_full"
    NO_CRATE = "no_crate"
    CANNOT_AFFORD = "cannot_afford"
    BUSINESS_LIMIT = "business_limit"
    SOLD_OUT = "sold_out"
    NO_EVENTS = "no_events"
    DAILY_CAP = "daily_cap"  # ``amount``: what is left of today's cap


@fast_init
@dataclass(frozen=True, slots=True)
class WealthDelta:
    user_id: int
    amount: int
    reason: LedgerReason
    reference: int | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class XpDelta:
    user_id: int
    amount: int


@fast_init
@dataclass(frozen=True, slots=True)
class LevelChanged:
    user_id: int
    old: int
    new: int


@fast_init
@dataclass(frozen=True, slots=True)
class TierChanged:
    user_id: int
    old: Tier
    new: Tier


@fast_init
@dataclass(frozen=True, slots=True)
class StatIncrement:
    user_id: int
    stat: Stat
    amount: int = 1


@fast_init
@dataclass(frozen=True, slots=True)
class CooldownSet:
    user_id: int
    kind: CooldownKind
    until: datetime
    target_id: int | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class JailSet:
    user_id: int
    until: datetime


@fast_init
@dataclass(frozen=True, slots=True)
class JailCleared:
    user_id: int


@fast_init
@dataclass(frozen=True, slots=True)
class CheckinRecorded:
    user_id: int
    day: date
    streak: int
    longest_streak: int


@fast_init
@dataclass(frozen=True, slots=True)
class TokenDelta:
    user_id: int
    amount: int
    reason: TokenReason


@fast_init
@dataclass(frozen=True, slots=True)
class ItemGranted:
    user_id: int
    item_key: str
    durability: int
    escrow_until: datetime | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class ItemMoved:
    instance_id: int
    from_user_id: int
    to_user_id: int
    escrow_until: datetime | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class ItemWorn:
    user_id: int
    instance_id: int
    durability: int


@fast_init
@dataclass(frozen=True, slots=True)
class ItemDestroyed:
    user_id: int
    instance_id: int
    cause: DestroyCause


@fast_init
@dataclass(frozen=True, slots=True)
class ItemEquipped:
    user_id: int
    instance_id: int
    slot: ItemType


@fast_init
@dataclass(frozen=True, slots=True)
class ItemUnequipped:
    user_id: int
    instance_id: int
    slot: ItemType


@fast_init
@dataclass(frozen=True, slots=True)
class CrateGranted:
    user_id: int
    tier: CrateTier
    source: CrateSource
    escrow_until: datetime | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class CrateOpened:
    user_id: int
    crate_id: int
    tier: CrateTier
    drop: DropType
    item_key: str | None = None
    wealth: int = 0
    title: str | None = None
    duplicate: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class CrateClaimed:
    user_id: int
    crate_id: int


@fast_init
@dataclass(frozen=True, slots=True)
class TitleUnlocked:
    user_id: int
    title: str


@fast_init
@dataclass(frozen=True, slots=True)
class ConsumableUsed:
    user_id: int
    kind: ConsumableKind


@fast_init
@dataclass(frozen=True, slots=True)
class ShopStocked:
    user_id: int
    item_keys: tuple[str, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class ShopItemBought:
    user_id: int
    item_key: str


@fast_init
@dataclass(frozen=True, slots=True)
class MarketStockTaken:
    item_key: str


@fast_init
@dataclass(frozen=True, slots=True)
class Notification:
    user_id: int
    kind: NoticeKind
    data: tuple[tuple[str, str | int], ...] = ()


Effect = (
    WealthDelta
    | XpDelta
    | LevelChanged
    | TierChanged
    | StatIncrement
    | CooldownSet
    | JailSet
    | JailCleared
    | CheckinRecorded
    | TokenDelta
    | ItemGranted
    | ItemMoved
    | ItemWorn
    | ItemDestroyed
    | ItemEquipped
    | ItemUnequipped
    | CrateGranted
    | CrateOpened
    | CrateClaimed
    | TitleUnlocked
    | ConsumableUsed
    | ShopStocked
    | ShopItemBought
    | MarketStockTaken
    | Notification
)

R = TypeVar("R")


@fast_init
@dataclass(frozen=True, slots=True)
class Resolved(Generic[R]):
    """A decided command: ``result`` is for rendering, ``effects`` for the repository."""

    result: R
    effects: tuple[Effect, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class Rejected:
    """An expected refusal; costs nothing. ``until`` is when a timer ends, ``amount`` a figure
    worth showing (e.g. price or balance needed)."""

    reason: RejectReason
    until: datetime | None = None
    amount: int | None = None
    detail: str | None = None


Outcome = Resolved[R] | Rejected
