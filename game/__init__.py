"""Kingpin's pure game engine (standard library only: no clock, no global random, no I/O).

API summary — every resolver is ``resolve_x(state, *, rules, [rng,] now) -> Resolved | Rejected``;
``rng`` is taken only by resolvers that roll. Apply ``Resolved.effects`` in order in the same
transaction that loaded the state; a ``Rejected`` has no effects.

    rules      Rules, DEFAULT_RULES, Rules.with_overrides({"rob.base_rate": 0.55})
    random     Rng (protocol), FairRng(server_seed, client_seed, nonce, record=True) with
               .draws / .rolls, verify(server_seed, client_seed, nonce, rolls, published_hash=),
               hash_server_seed(seed), SeededRng(seed) for tests and simulations
    content    load_catalogue() -> Catalogue (items, crate titles, play events)
    progress   level_for_xp, xp_to_reach, xp_progress, tier_for_level, tier_multiplier, gain_xp
    check-in   resolve_checkin(CheckinState), game_day, next_game_day_start
    play       resolve_play(PlayState with PlayBuffs)
    rob        resolve_rob(RobState), rob_success_chance
    jail       resolve_bail(BailState), bail_cost
    items      resolve_equip / resolve_unequip / resolve_sell / resolve_claim_item(InventoryState, …),
               place_item
    business   resolve_business_cycle(BusinessState)
    crates     resolve_open_crate(OpenCrateState), resolve_claim_crate(ClaimCrateState),
               place_crate
    shops      resolve_shop_reroll(ShopRerollState), resolve_shop_purchase(ShopPurchaseState),
               generate_shop, shop_is_stale, roll_black_market -> BlackMarket,
               resolve_market_purchase(MarketPurchaseState)
    tokens     resolve_chat_activity(ChatActivityState), chat_tokens_due (a batch of messages)
    outcomes   Resolved(result, effects), Rejected(reason, until, amount, detail), Effect (union;
               the effect catalogue is documented in game.effects)
"""

from game.business import BusinessState, resolve_business_cycle
from game.catalogue import Catalogue, ContentError, CrateTitle, PlayEvent, load_catalogue
from game.checkin import (
    CheckinResult,
    CheckinState,
    checkin_reward,
    game_day,
    next_game_day_start,
    resolve_checkin,
)
from game.crates import (
    ClaimCrateState,
    CrateOpenResult,
    OpenCrateState,
    Placement,
    place_crate,
    resolve_claim_crate,
    resolve_open_crate,
)
from game.effects import (
    CheckinRecorded,
    ConsumableKind,
    ConsumableUsed,
    CooldownKind,
    CooldownSet,
    CrateClaimed,
    CrateGranted,
    CrateOpened,
    DestroyCause,
    DropType,
    Effect,
    ItemDestroyed,
    ItemEquipped,
    ItemGranted,
    ItemMoved,
    ItemUnequipped,
    ItemWorn,
    JailCleared,
    JailSet,
    LedgerReason,
    LevelChanged,
    MarketStockTaken,
    NoticeKind,
    Notification,
    Outcome,
    Rejected,
    RejectReason,
    Resolved,
    ShopItemBought,
    ShopStocked,
    Stat,
    StatIncrement,
    TierChanged,
    TitleUnlocked,
    TokenDelta,
    TokenReason,
    WealthDelta,
    XpDelta,
)
from game.inventory import (
    InventoryState,
    place_item,
    resolve_claim_item,
    resolve_equip,
    resolve_sell,
    resolve_unequip,
)
from game.jail import BailResult, BailState, bail_cost, resolve_bail
from game.market import (
    BlackMarket,
    MarketEntry,
    MarketPurchaseState,
    resolve_market_purchase,
    roll_black_market,
)
from game.model import (
    TIERS,
    CrateSource,
    CrateTier,
    ItemDef,
    ItemTier,
    ItemType,
    OwnedCrate,
    OwnedItem,
    Player,
    Policy,
    Tier,
)
from game.play import PlayBuffs, PlayResult, PlayState, resolve_play
from game.progression import (
    gain_xp,
    level_for_xp,
    tier_for_level,
    tier_multiplier,
    xp_progress,
    xp_to_reach,
)
from game.rng import FairRng, Rng, Roll, SeededRng, hash_server_seed, verify
from game.rob import RobResult, RobState, resolve_rob, rob_success_chance
from game.rules import DEFAULT_RULES, Rules
from game.shop import (
    ShopPurchaseState,
    ShopRerollState,
    generate_shop,
    resolve_shop_purchase,
    resolve_shop_reroll,
    shop_is_stale,
)
from game.tokens import ChatActivityState, chat_tokens_due, resolve_chat_activity

__all__ = [
    # rules and randomness
    "DEFAULT_RULES",
    "FairRng",
    "Rng",
    "Roll",
    "Rules",
    "SeededRng",
    "hash_server_seed",
    "verify",
    # content and model
    "Catalogue",
    "ContentError",
    "CrateSource",
    "CrateTier",
    "CrateTitle",
    "ItemDef",
    "ItemTier",
    "ItemType",
    "OwnedCrate",
    "OwnedItem",
    "PlayEvent",
    "Player",
    "Policy",
    "TIERS",
    "Tier",
    "load_catalogue",
    # progression
    "gain_xp",
    "level_for_xp",
    "tier_for_level",
    "tier_multiplier",
    "xp_progress",
    "xp_to_reach",
    # resolvers and their states / results
    "BailResult",
    "BailState",
    "BlackMarket",
    "BusinessState",
    "ChatActivityState",
    "CheckinResult",
    "CheckinState",
    "ClaimCrateState",
    "CrateOpenResult",
    "InventoryState",
    "MarketEntry",
    "MarketPurchaseState",
    "OpenCrateState",
    "Placement",
    "PlayBuffs",
    "PlayResult",
    "PlayState",
    "RobResult",
    "RobState",
    "ShopPurchaseState",
    "ShopRerollState",
    "bail_cost",
    "chat_tokens_due",
    "checkin_reward",
    "game_day",
    "generate_shop",
    "next_game_day_start",
    "place_crate",
    "place_item",
    "resolve_bail",
    "resolve_business_cycle",
    "resolve_chat_activity",
    "resolve_checkin",
    "resolve_claim_crate",
    "resolve_claim_item",
    "resolve_equip",
    "resolve_market_purchase",
    "resolve_open_crate",
    "resolve_play",
    "resolve_rob",
    "resolve_sell",
    "resolve_shop_purchase",
    "resolve_shop_reroll",
    "resolve_unequip",
    "rob_success_chance",
    "roll_black_market",
    "shop_is_stale",
    # outcomes and effects
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
    "StatIncrement",
    "TierChanged",
    "TitleUnlocked",
    "TokenDelta",
    "TokenReason",
    "WealthDelta",
    "XpDelta",
]
