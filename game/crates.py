"""Crates: where a new crate lands (held, escrow or lost), opening, and claiming from escrow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from game._frozen import fast_init
from game.catalogue import Catalogue
from game.effects import (
    CooldownKind,
    CooldownSet,
    CrateClaimed,
    CrateGranted,
    CrateOpened,
    DropType,
    Effect,
    ItemGranted,
    LedgerReason,
    NoticeKind,
    Notification,
    Rejected,
    RejectReason,
    Resolved,
    Stat,
    StatIncrement,
    TitleUnlocked,
    WealthDelta,
)
from game.model import CrateSource, CrateTier, ItemType, OwnedCrate
from game.rng import Rng
from game.rules import CRATE_TIERS, Rules

__all__ = [
    "ClaimCrateState",
    "CrateOpenResult",
    "OpenCrateState",
    "Placement",
    "auto_claim_crate",
    "place_crate",
    "resolve_claim_crate",
    "resolve_open_crate",
]

_DROP_TYPES = (DropType.WEAPON, DropType.ARMOR, DropType.WEALTH, DropType.TITLE)


class Placement(StrEnum):
    HELD = "held"
    ESCROW = "escrow"
    LOST = "lost"


def place_crate(
    user_id: int,
    tier: CrateTier,
    source: CrateSource,
    *,
    held: int,
    escrowed: int,
    rules: Rules,
    now: datetime,
) -> tuple[Placement, list[Effect]]:
    """Held if under the cap, else escrow (24 h, DECISION 18) if a slot is free, else lost."""
    data = (("tier", tier.value), ("source", source.value))
    if held < rules.crates.held_cap:
        return Placement.HELD, [
            CrateGranted(user_id, tier, source),
            Notification(user_id, NoticeKind.CRATE_RECEIVED, data),
        ]
    if escrowed < rules.crates.escrow_cap:
        until = now + timedelta(hours=rules.crates.escrow_hours)
        return Placement.ESCROW, [
            CrateGranted(user_id, tier, source, escrow_until=until),
            Notification(user_id, NoticeKind.CRATE_ESCROW, data),
        ]
    return Placement.LOST, [Notification(user_id, NoticeKind.CRATE_LOST, data)]


@dataclass(frozen=True, slots=True)
class OpenCrateState:
    """``crates`` are the player's crates (held and escrowed); ``crate_id`` picks one, else the
    oldest held crate opens. ``items_held`` counts non-escrowed items."""

    user_id: int
    crates: tuple[OwnedCrate, ...]
    items_held: int
    owned_titles: frozenset[str]
    catalogue: Catalogue
    crate_id: int | None = None
    cooldown_until: datetime | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class CrateOpenResult:
    crate_id: int
    tier: CrateTier
    drop: DropType
    item_key: str | None = None
    wealth: int = 0
    title: str | None = None
    duplicate: bool = False


def resolve_open_crate(
    state: OpenCrateState, *, rules: Rules, rng: Rng, now: datetime
) -> Resolved[CrateOpenResult] | Rejected:
    """Open one crate: drop type by crate tier, then item tier / wealth / title."""
    if state.cooldown_until is not None and state.cooldown_until > now:
        return Rejected(RejectReason.ON_COOLDOWN, until=state.cooldown_until)
    crate = _pick_crate(state)
    if crate is None:
        return Rejected(RejectReason.NO_CRATE)
    if crate.escrow_until is not None:
        return Rejected(RejectReason.ESCROWED, until=crate.escrow_until)
    if state.items_held >= rules.items.inventory_cap:
        return Rejected(RejectReason.INVENTORY_FULL, amount=rules.items.inventory_cap)

    cr = rules.crates
    row = CRATE_TIERS.index(crate.tier)
    drop = _DROP_TYPES[rng.weighted_index(cr.drop_weights[row])]
    uid = state.user_id
    effects: list[Effect] = []
    result: CrateOpenResult
    if drop in (DropType.WEAPON, DropType.ARMOR):
        item_tier = CRATE_TIERS[rng.weighted_index(cr.item_tier_weights[row])]
        kind = ItemType.WEAPON if drop is DropType.WEAPON else ItemType.ARMOR
        pool = state.catalogue.by_type_tier.get((kind, item_tier), ())
        if pool:
            item = rng.choice(pool)
            result = CrateOpenResult(crate.crate_id, crate.tier, drop, item_key=item.key)
            effects.append(ItemGranted(uid, item.key, item.durability))
        else:
            drop = DropType.WEALTH
    if drop is DropType.WEALTH:
        low, high = cr.wealth_ranges[row]
        amount = rng.randint(low, high)
        result = CrateOpenResult(crate.crate_id, crate.tier, drop, wealth=amount)
        effects.append(WealthDelta(uid, amount, LedgerReason.CRATE, crate.crate_id))
    elif drop is DropType.TITLE:
        value = cr.title_duplicate_values[row]
        titles = state.catalogue.titles_by_tier.get(crate.tier, ())
        title = rng.choice(titles) if titles else None
        if title is not None and title not in state.owned_titles:
            result = CrateOpenResult(crate.crate_id, crate.tier, drop, title=title)
            effects.append(TitleUnlocked(uid, title))
            effects.append(Notification(uid, NoticeKind.TITLE_UNLOCKED, (("title", title),)))
        else:
            result = CrateOpenResult(
                crate.crate_id, crate.tier, drop, wealth=value, title=title, duplicate=True
            )
            effects.append(WealthDelta(uid, value, LedgerReason.TITLE_DUPLICATE, crate.crate_id))
    effects.insert(
        0,
        CrateOpened(
            uid,
            crate.crate_id,
            crate.tier,
            result.drop,
            item_key=result.item_key,
            wealth=result.wealth,
            title=result.title,
            duplicate=result.duplicate,
        ),
    )
    effects.append(StatIncrement(uid, Stat.CRATES_OPENED))
    if cr.open_cooldown_seconds > 0:
        effects.append(
            CooldownSet(uid, CooldownKind.CRATE_OPEN, now + timedelta(seconds=cr.open_cooldown_seconds))
        )
    return Resolved(result, tuple(effects))


def _pick_crate(state: OpenCrateState) -> OwnedCrate | None:
    if state.crate_id is not None:
        return next((c for c in state.crates if c.crate_id == state.crate_id), None)
    held = [c for c in state.crates if c.escrow_until is None]
    return min(held, key=lambda c: (c.acquired_at, c.crate_id), default=None)


@dataclass(frozen=True, slots=True)
class ClaimCrateState:
    user_id: int
    crate: OwnedCrate | None
    held: int


def resolve_claim_crate(
    state: ClaimCrateState, *, rules: Rules, now: datetime
) -> Resolved[int] | Rejected:
    """Move an escrowed crate into the held crates (needs a free slot; expired crates are gone)."""
    crate = state.crate
    if crate is None:
        return Rejected(RejectReason.NO_CRATE)
    if crate.escrow_until is None:
        return Rejected(RejectReason.NOT_ESCROWED)
    if crate.escrow_until <= now:
        return Rejected(RejectReason.ESCROW_EXPIRED, until=crate.escrow_until)
    if state.held >= rules.crates.held_cap:
        return Rejected(RejectReason.INVENTORY_FULL, amount=rules.crates.held_cap)
    return Resolved(crate.crate_id, (CrateClaimed(state.user_id, crate.crate_id),))


def auto_claim_crate(
    user_id: int, crates: tuple[OwnedCrate, ...], *, held_after: int, rules: Rules, now: datetime
) -> Resolved[OwnedCrate] | None:
    """When a full set of held crates frees a slot (``held_after`` = cap − 1): the oldest live
    escrowed crate moves in."""
    live = [c for c in crates if c.escrow_until is not None and c.escrow_until > now]
    if not live or held_after != rules.crates.held_cap - 1:
        return None
    crate = min(live, key=lambda c: (c.acquired_at, c.crate_id))
    return Resolved(crate, (CrateClaimed(user_id, crate.crate_id),))
