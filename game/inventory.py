"""Items a player holds: equip / unequip by slot, sell, claim from escrow, and grant placement.

Inventory holds at most 10 non-escrowed items (equipped ones count); escrow holds 3 more, each
with an expiry (24 h granted, 48 h stolen). One equipped item per slot (slot = item type).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from game.effects import (
    DestroyCause,
    Effect,
    ItemDestroyed,
    ItemEquipped,
    ItemGranted,
    ItemMoved,
    ItemUnequipped,
    LedgerReason,
    NoticeKind,
    Notification,
    Rejected,
    RejectReason,
    Resolved,
    WealthDelta,
)
from game.model import ItemDef, ItemType, OwnedItem
from game.rules import Rules

__all__ = [
    "InventoryState",
    "auto_claim_item",
    "find_item",
    "place_item",
    "resolve_claim_item",
    "resolve_equip",
    "resolve_sell",
    "resolve_unequip",
]


@dataclass(frozen=True, slots=True)
class InventoryState:
    """Every inventory row of one player (held, equipped and escrowed)."""

    user_id: int
    items: tuple[OwnedItem, ...]

    @property
    def held(self) -> int:
        return sum(1 for i in self.items if not i.escrowed)

    @property
    def escrowed(self) -> int:
        return sum(1 for i in self.items if i.escrowed)

    def live_escrow(self, now: datetime) -> int:
        """Escrowed items not yet expired: an expired one takes no escrow slot."""
        return sum(1 for i in self.items if i.escrow_until is not None and i.escrow_until > now)

    def businesses(self) -> int:
        return sum(1 for i in self.items if i.item.type is ItemType.BUSINESS)

    def equipped(self, slot: ItemType) -> OwnedItem | None:
        return next((i for i in self.items if i.equipped and i.item.type is slot), None)


def find_item(state: InventoryState, instance_id: int) -> OwnedItem | None:
    return next((i for i in state.items if i.instance_id == instance_id), None)


def place_item(
    state: InventoryState, item: ItemDef, *, rules: Rules, now: datetime
) -> list[Effect] | None:
    """Effects granting ``item`` (inventory, else 24 h escrow); None when both are full."""
    ir = rules.items
    if state.held < ir.inventory_cap:
        return [ItemGranted(state.user_id, item.key, item.durability)]
    if state.live_escrow(now) < ir.escrow_cap:
        until = now + timedelta(hours=ir.escrow_hours)
        return [
            ItemGranted(state.user_id, item.key, item.durability, escrow_until=until),
            Notification(state.user_id, NoticeKind.ITEM_ESCROW, (("item", item.key),)),
        ]
    return None


def resolve_equip(
    state: InventoryState, instance_id: int, *, rules: Rules, now: datetime
) -> Resolved[OwnedItem | None] | Rejected:
    """Equip an item; the result is the item it replaced (None if the slot was empty).
    Equipping an already equipped item is a no-op with no effects."""
    item = find_item(state, instance_id)
    if item is None:
        return Rejected(RejectReason.NOT_FOUND)
    if item.escrowed:
        return Rejected(RejectReason.ESCROWED, until=item.escrow_until)
    if item.equipped:
        return Resolved(None, ())
    slot = item.item.type
    current = state.equipped(slot)
    effects: list[Effect] = []
    if current is not None:
        effects.append(ItemUnequipped(state.user_id, current.instance_id, slot))
    effects.append(ItemEquipped(state.user_id, item.instance_id, slot))
    return Resolved(current, tuple(effects))


def resolve_unequip(
    state: InventoryState, slot: ItemType, *, rules: Rules, now: datetime
) -> Resolved[OwnedItem] | Rejected:
    current = state.equipped(slot)
    if current is None:
        return Rejected(RejectReason.NOTHING_EQUIPPED, detail=slot.value)
    return Resolved(current, (ItemUnequipped(state.user_id, current.instance_id, slot),))


def resolve_sell(
    state: InventoryState, instance_id: int, *, rules: Rules, now: datetime
) -> Resolved[int] | Rejected:
    """Sell an unequipped, non-escrowed item for its sell price; the result is the price."""
    item = find_item(state, instance_id)
    if item is None:
        return Rejected(RejectReason.NOT_FOUND)
    if item.equipped:
        return Rejected(RejectReason.EQUIPPED)
    if item.escrowed:
        return Rejected(RejectReason.ESCROWED, until=item.escrow_until)
    price = item.item.sell_price or int(item.item.price * rules.items.sell_fraction)
    effects: list[Effect] = [ItemDestroyed(state.user_id, instance_id, DestroyCause.SOLD)]
    if price > 0:
        effects.append(WealthDelta(state.user_id, price, LedgerReason.SELL, instance_id))
    return Resolved(price, tuple(effects))


def resolve_claim_item(
    state: InventoryState, instance_id: int, *, rules: Rules, now: datetime
) -> Resolved[OwnedItem] | Rejected:
    """Move an escrowed item into the inventory (needs a free slot; expired items are gone)."""
    item = find_item(state, instance_id)
    if item is None:
        return Rejected(RejectReason.NOT_FOUND)
    if item.escrow_until is None:
        return Rejected(RejectReason.NOT_ESCROWED)
    if item.escrow_until <= now:
        return Rejected(RejectReason.ESCROW_EXPIRED, until=item.escrow_until)
    if state.held >= rules.items.inventory_cap:
        return Rejected(RejectReason.INVENTORY_FULL, amount=rules.items.inventory_cap)
    return Resolved(item, (ItemMoved(instance_id, state.user_id, state.user_id),))


def auto_claim_item(
    state: InventoryState, *, held_after: int, rules: Rules, now: datetime
) -> Resolved[OwnedItem] | None:
    """When a full inventory frees a slot (``held_after`` = cap − 1): the oldest live escrowed
    item moves in. ``state.items`` are in acquisition order (``inventory/list``)."""
    if held_after != rules.items.inventory_cap - 1:
        return None
    item = next((i for i in state.items if i.escrow_until is not None and i.escrow_until > now), None)
    if item is None:
        return None
    return Resolved(item, (ItemMoved(item.instance_id, state.user_id, state.user_id),))
