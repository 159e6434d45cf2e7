"""Items a player holds: !inventory, !equip, !unequip, !sell, plus !collect and !insurance.

Items are named as the player sees them in ``!inventory``: a name (case-insensitive, unique
prefix or close spelling, see :mod:`bot.names`) or the line number shown there. The listing puts
held items first (oldest first), then escrowed ones, so a number means the same line in both.

``!collect`` pays one revenue cycle of the equipped business (engine ``resolve_business_cycle``)
once per cycle interval (24 h ÷ cycles per day, a ``business_collect`` cooldown); the day's total
comes from the logged collections of the game day, so the daily cap holds across restarts.

``!insurance <plan>`` buys a rob-insurance policy for the next 24 h, charging the plan's daily
premium (``RobRules.policy_premium``) through the ledger; renewing the plan already in force
while it is paid up is refused rather than charged twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from bot.answers.items import (
    CollectAnswer,
    EquipAnswer,
    InsuranceAnswer,
    InventoryAnswer,
    Plan,
    SellAnswer,
    UnequipAnswer,
)
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import actor_name, commit_resolution, lock_actor
from bot.names import AmbiguousName, match_name, parse_position
from bot.repository import reads
from bot.repository.business import earned_on_day
from bot.repository.cooldowns import set_cooldown
from bot.repository.factions import buffs as faction_buffs
from bot.repository.insurance import buy_policy
from bot.repository.listings import save_listing, shown_listing
from game import (
    BusinessState,
    InventoryState,
    ItemType,
    LedgerReason,
    OwnedItem,
    Policy,
    Rejected,
    RejectReason,
    Resolved,
    WealthDelta,
    resolve_business_cycle,
    resolve_equip,
    resolve_sell,
    resolve_unequip,
)
from game.factions import BuffType
from game.inventory import auto_claim_item

TOPIC = "items"  # listed under !help items

__all__ = ["collect", "equip", "insurance", "inventory", "listing", "pick_owned", "plans", "sell", "unequip"]

COLLECT_COOLDOWN = "business_collect"
_PREMIUM_PERIOD = timedelta(hours=24)  # one premium pays for this long


def listing(items: Sequence[OwnedItem]) -> tuple[OwnedItem, ...]:
    """Held items (oldest first), then escrowed ones: the numbered lines of ``!inventory``."""
    return tuple(i for i in items if not i.escrowed) + tuple(i for i in items if i.escrowed)


async def pick_owned(
    ctx: CommandCtx,
    name: str,
    items: tuple[OwnedItem, ...],
    preference: Callable[[OwnedItem], tuple[int, ...]],
    text: str,
) -> OwnedItem | AmbiguousName | Rejected:
    """The item ``text`` names, among several of one name the preferred one.

    A number means the line of that number in the player's last ``!inventory`` (stable: selling
    #1 does not make another item #1); before any ``!inventory``, the current listing.
    """
    position = parse_position(text)
    if position is not None:
        shown = await shown_listing(ctx.conn, ctx.actor_id)
        if shown is None:
            return items[position - 1] if position <= len(items) else Rejected(RejectReason.NOT_FOUND, detail=f"#{position}")
        if position > len(shown):  # not shown then: the current line, if it is new since
            current = items[position - 1] if position <= len(items) else None
            if current is None or current.instance_id in shown:
                return Rejected(RejectReason.NOT_FOUND, detail=f"#{position}")
            return current
        by_id = {i.instance_id: i for i in items}
        picked = by_id.get(shown[position - 1])
        if picked is None:
            return Rejected(RejectReason.NOT_FOUND, detail=f"#{position} gone")
        return picked
    found = match_name(text, [(i.item.name, i) for i in items])
    if found.ambiguous:
        return AmbiguousName(name, text, found.candidates)
    if not found.values:
        return Rejected(RejectReason.NOT_FOUND, detail=text[:40])
    return min(found.values, key=preference)


@command(
    "inventory",
    aliases=("inv", "items"),
    private=True,
    help="Your items and their durability.",
    description="Your items and what is equipped",
)
async def inventory(ctx: CommandCtx) -> InventoryAnswer:
    items = listing(await reads.inventory(ctx.conn, ctx.actor_id, ctx.game.catalogue))
    await save_listing(ctx.conn, ctx.actor_id, [i.instance_id for i in items], ctx.now)
    ir = ctx.rules.items
    return InventoryAnswer(await actor_name(ctx), items, ir.inventory_cap, ir.escrow_cap)


_OWNED_ITEM = Arg.text("item", help="Item name or inventory slot number", autocomplete="owned_items")


@command(
    "equip",
    args=(_OWNED_ITEM,),
    throttle=1,
    private=True,
    help="Equip an item from your inventory.",
    description="Equip an item you own",
)
async def equip(ctx: CommandCtx, item: str) -> EquipAnswer | AmbiguousName:
    actor = await lock_actor(ctx)
    items = listing(await reads.inventory(ctx.conn, actor.user_id, ctx.game.catalogue))
    # Among same-named items: a held spare first (freshest), then the equipped one, then escrow.
    picked = await pick_owned(ctx, actor.name, items, lambda i: (i.escrowed, i.equipped, -i.durability), item)
    if isinstance(picked, AmbiguousName):
        return picked
    if isinstance(picked, Rejected):
        return EquipAnswer(actor.name, picked)
    state = InventoryState(actor.user_id, items)
    outcome = resolve_equip(state, picked.instance_id, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Resolved) and outcome.effects:
        await commit_resolution(ctx, outcome, event_type="equip", actor=actor, description=picked.item.name)
    return EquipAnswer(actor.name, outcome, picked)


@command(
    "unequip",
    args=(Arg.choice("slot", tuple(t.value for t in ItemType), error="Name a slot.", help="Which slot to empty"),),
    strict=True,
    throttle=1,
    private=True,
    help="Unequip a slot.",
    description="Unequip the item in a slot",
)
async def unequip(ctx: CommandCtx, slot: str) -> UnequipAnswer:
    return await _unequip(ctx, ItemType(slot))


async def _unequip(ctx: CommandCtx, slot: ItemType) -> UnequipAnswer:
    actor = await lock_actor(ctx)
    items = await reads.inventory(ctx.conn, actor.user_id, ctx.game.catalogue)
    outcome = resolve_unequip(InventoryState(actor.user_id, items), slot, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Resolved):
        await commit_resolution(ctx, outcome, event_type="unequip", actor=actor, description=slot.value)
    return UnequipAnswer(actor.name, outcome)


@command(
    "sell",
    args=(_OWNED_ITEM,),
    throttle=1,
    private=True,
    help="Sell an item from your inventory.",
    description="Sell an item you own",
)
async def sell(ctx: CommandCtx, item: str) -> SellAnswer | AmbiguousName:
    actor = await lock_actor(ctx)
    items = listing(await reads.inventory(ctx.conn, actor.user_id, ctx.game.catalogue))
    # Among same-named items: an unequipped held one first (most worn), never the equipped one first.
    picked = await pick_owned(ctx, actor.name, items, lambda i: (i.equipped, i.escrowed, i.durability), item)
    if isinstance(picked, AmbiguousName):
        return picked
    if isinstance(picked, Rejected):
        return SellAnswer(actor.name, picked)
    state = InventoryState(actor.user_id, items)
    outcome = resolve_sell(state, picked.instance_id, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Rejected):
        return SellAnswer(actor.name, outcome, picked)
    # The freed slot takes the oldest live escrowed item (items are in acquisition order).
    rest = InventoryState(actor.user_id, tuple(i for i in items if i.instance_id != picked.instance_id))
    moved = auto_claim_item(
        InventoryState(actor.user_id, tuple(sorted(rest.items, key=lambda i: i.instance_id))),
        held_after=rest.held, rules=ctx.rules, now=ctx.now,
    )
    if moved is not None:
        outcome = Resolved(outcome.result, outcome.effects + moved.effects)
    applied = await commit_resolution(
        ctx, outcome, event_type="sell", actor=actor, description=picked.item.name,
        details={"item": picked.item.key, "price": outcome.result,
                 "moved_in": moved.result.instance_id if moved else None},
    )
    return SellAnswer(
        actor.name, outcome, picked, applied.wealth.get(actor.user_id, actor.wealth),
        moved.result if moved else None,
    )


@command("collect", help="Collect revenue from your equipped business.", description="Collect your business revenue")
async def collect(ctx: CommandCtx) -> CollectAnswer:
    actor = await lock_actor(ctx)
    conn, uid, ir = ctx.conn, actor.user_id, ctx.rules.items
    items = await reads.inventory(conn, uid, ctx.game.catalogue)
    business = InventoryState(uid, items).equipped(ItemType.BUSINESS)
    name = business.item.name if business else None
    day = ctx.day.isoformat()
    earned = await earned_on_day(conn, uid, day)
    if business is not None:
        until = await reads.cooldown_until(conn, uid, COLLECT_COOLDOWN, ctx.now)
        if until is not None:
            refused = Rejected(RejectReason.ON_COOLDOWN, until=until)
            return CollectAnswer(actor.name, refused, name, earned, ir.business_daily_cap, until)
    session = await reads.active_session(conn)
    found = await reads.buffs(conn, uid, ctx.now)
    state = BusinessState(
        user_id=uid,
        business=business,
        earned_today=earned,
        revenue_multiplier=1.0 + found.get("business_revenue", 0.0),
        territory_bonus=(await faction_buffs(conn, uid))[BuffType.BUSINESS_REVENUE] if actor.faction_id else 0.0,
        juicernaut=session is not None and session.juicernaut_user_id == uid,
    )
    outcome = resolve_business_cycle(state, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    if isinstance(outcome, Rejected):
        return CollectAnswer(actor.name, outcome)
    applied = await commit_resolution(
        ctx, outcome, event_type="business_collect", actor=actor, description=name or "",
        details={"day": day, "business": business.item.key if business else None, "amount": outcome.result},
    )
    next_at = ctx.now + timedelta(days=1) / ir.business_cycles_per_day
    await set_cooldown(conn, uid, COLLECT_COOLDOWN, "", next_at)
    return CollectAnswer(
        actor.name, outcome, name, earned + outcome.result, ir.business_daily_cap, next_at,
        applied.wealth.get(uid, actor.wealth),
    )


def plans(ctx: CommandCtx) -> tuple[Plan, ...]:
    rr = ctx.rules.rob
    return tuple(Plan(p, rr.protection(p), rr.policy_premium[i]) for i, p in enumerate(Policy) if p is not Policy.NONE)


_PLANS = tuple(p.value for p in Policy if p is not Policy.NONE)


@command(
    "insurance",
    aliases=("insure",),
    args=(
        Arg.choice(
            "policy", _PLANS, optional=True, label="plan", error="Plans: " + ", ".join(_PLANS) + ".",
            help="The policy to buy (show yours if empty)",
        ),
    ),
    strict=True,
    private=True,
    help="See or buy rob insurance.",
    description="Show or change your insurance policy",
)
async def insurance(ctx: CommandCtx, policy: str | None) -> InsuranceAnswer:
    offered = plans(ctx)
    wanted = next((p for p in offered if p.policy.value == policy), None)
    actor = await lock_actor(ctx) if wanted else None
    current, paid_at = await reads.policy(ctx.conn, ctx.actor_id)
    paid_until = paid_at + _PREMIUM_PERIOD if paid_at is not None else None
    if actor is None or wanted is None:
        return InsuranceAnswer(await actor_name(ctx), offered, current, paid_until)
    if current is wanted.policy and paid_until is not None and paid_until > ctx.now:
        return InsuranceAnswer(actor.name, offered, current, paid_until, already=True)
    if actor.wealth < wanted.premium:
        refused = Rejected(RejectReason.CANNOT_AFFORD, amount=wanted.premium)
        return InsuranceAnswer(actor.name, offered, current, paid_until, refused=refused)
    charge = Resolved(wanted, (WealthDelta(actor.user_id, -wanted.premium, LedgerReason.INSURANCE),))
    applied = await commit_resolution(
        ctx, charge, event_type="insurance", actor=actor, description=wanted.policy.value,
        details={"plan": wanted.policy.value, "premium": wanted.premium},
    )
    until = ctx.now + _PREMIUM_PERIOD
    await buy_policy(ctx.conn, actor.user_id, wanted.policy.value, wanted.premium, ctx.now, until)
    return InsuranceAnswer(
        actor.name, offered, wanted.policy, until, bought=wanted,
        balance=applied.wealth.get(actor.user_id, actor.wealth),
    )

