"""Buying things: !shop (personal shop), !reroll, !market (black market) and !buy.

The personal shop is generated on first view and restocked when ``shop_is_stale`` says so
(never stocked, sold out, or stocked before today's reset: DECISION 14), with the engine's
``generate_shop`` on a fair roll. Its lines keep their numbers until it restocks (a bought line
disappears, the others do not move), so ``!buy 3`` means the line shown as 3. A stale shop sells
nothing until ``!shop`` restocks it: ``!buy`` never buys from a list the player has not seen.

The black market is one global rotation. When none is in force the first command that needs it
rolls one (``roll_black_market``) under a transaction-level advisory lock taken before the check,
so commands racing at a rotation boundary create it once. A purchase locks the market row it
buys from, so the engine sees the live stock; the guarded decrement stays as a second guard.
``!buy <name>`` looks in the personal shop first, then in the black market.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.answers.shop import BuyAnswer, MarketAnswer, MarketLine, ShopAnswer, ShopLine
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, lock_actor
from bot.names import AmbiguousName, match_name, parse_position
from bot.repository import market as market_repo
from bot.repository import reads
from bot.repository.factions import buffs as faction_buffs
from bot.repository.players import PlayerRow, read_players
from game import (
    ConsumableKind,
    ItemDef,
    MarketPurchaseState,
    OwnedItem,
    Rejected,
    RejectReason,
    Resolved,
    Rng,
    ShopPurchaseState,
    ShopRerollState,
    ShopStocked,
    generate_shop,
    next_game_day_start,
    resolve_market_purchase,
    resolve_shop_purchase,
    resolve_shop_reroll,
    shop_is_stale,
)
from game.factions import BuffType

TOPIC = "items"  # listed under !help items

__all__ = ["buy", "current_market", "market", "reroll", "roll_rotation", "shop"]


# -- personal shop ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shop:
    lines: tuple[ShopLine, ...]
    stale: bool


async def _read_shop(ctx: CommandCtx, user_id: int) -> _Shop:
    entries = await reads.shop(ctx.conn, user_id)
    by_key = ctx.game.catalogue.by_key
    lines = tuple(
        ShopLine(n, by_key[e.item_key], e.price, e.bought)
        for n, e in enumerate(entries, start=1)
        if e.item_key in by_key
    )
    stocked_at = min((e.stocked_at for e in entries), default=None)
    remaining = sum(1 for line in lines if not line.bought)
    return _Shop(lines, shop_is_stale(stocked_at, remaining, ctx.now, ctx.rules))


@command("shop", aliases=("store",), private=True, help="Your personal shop.")
async def shop(ctx: CommandCtx) -> ShopAnswer:
    actor = await lock_actor(ctx)
    current = await _read_shop(ctx, actor.user_id)
    restocked = current.stale
    if restocked:
        keys = generate_shop(actor.level, ctx.game.catalogue, rules=ctx.rules, rng=await ctx.rng())
        stocked = Resolved(keys, (ShopStocked(actor.user_id, keys),))
        await commit_resolution(
            ctx, stocked, event_type="shop_restock", actor=actor, details={"items": list(keys)}
        )
        current = await _read_shop(ctx, actor.user_id)
    return ShopAnswer(actor.name, current.lines, next_game_day_start(ctx.now, ctx.rules), restocked)


@command("reroll", aliases=("refresh",), throttle=1, private=True, help="Refresh your personal shop.")
async def reroll(ctx: CommandCtx) -> ShopAnswer:
    actor = await lock_actor(ctx)
    owned = await reads.consumables(ctx.conn, actor.user_id)
    has_token = owned.get(ConsumableKind.REROLL_TOKEN.value, 0) > 0
    state = ShopRerollState(actor.user_id, actor.level, ctx.game.catalogue, has_token)
    outcome = resolve_shop_reroll(state, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    await commit_resolution(
        ctx, outcome, event_type="shop_reroll", actor=actor,
        details={"items": list(outcome.result), "token": has_token},
    )
    current = await _read_shop(ctx, actor.user_id)
    return ShopAnswer(
        actor.name, current.lines, next_game_day_start(ctx.now, ctx.rules),
        rerolled=True, used_token=has_token,
    )


# -- black market ----------------------------------------------------------------------------


async def _market_rows(ctx: CommandCtx) -> tuple[tuple[MarketLine, ...], datetime | None]:
    by_key = ctx.game.catalogue.by_key
    lines: list[MarketLine] = []
    until: datetime | None = None
    for r in await market_repo.current(ctx.conn, ctx.now):
        item = by_key.get(r.entry.item_key)
        until = r.available_until if until is None else min(until, r.available_until)
        if item is not None:
            lines.append(MarketLine(r.entry, item))
    return tuple(lines), until


async def roll_rotation(ctx: CommandCtx, actor: PlayerRow, rng: Rng) -> None:
    """Roll and store a new rotation starting now, through the one rotation flow
    (``market.rotate_market``; nothing is in force here, so it closes nothing)."""
    rotated = await market_repo.rotate_market(ctx.conn, ctx.game.catalogue, rules=ctx.rules, rng=rng, now=ctx.now)
    market = rotated.market
    await commit_resolution(
        ctx, Resolved(market, ()), event_type="market_rotation", actor=actor,
        details={"rotation": rotated.rotation_id, "items": [e.item_key for e in market.entries]},
    )


async def current_market(ctx: CommandCtx, actor: PlayerRow) -> MarketAnswer:
    """The rotation in force, rolled first if there is none."""
    lines, until = await _market_rows(ctx)
    if until is not None:
        return MarketAnswer(lines, until)
    # Draw before locking: a draw may need a pool connection, which must not be awaited while
    # other commands hold theirs waiting on this lock.
    rng = await ctx.rng()
    await market_repo.lock_rotation(ctx.conn)
    lines, until = await _market_rows(ctx)  # someone may have rolled it while we waited
    if until is not None:
        return MarketAnswer(lines, until)
    await roll_rotation(ctx, actor, rng)
    lines, until = await _market_rows(ctx)
    return MarketAnswer(lines, until, rotated=True)


@command(
    "market",
    aliases=("blackmarket", "bm"),
    help="The rotating black market.",
    description="The black market: featured items and stock",
)
async def market(ctx: CommandCtx) -> MarketAnswer:
    actor = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id]
    return await current_market(ctx, actor)


# -- buying ----------------------------------------------------------------------------------


@command(
    "buy",
    args=(Arg.text("item", label="item|#", help="Item name or shop slot number", autocomplete="shop_items"),),
    throttle=1,
    private=True,
    help="Buy from your shop or the black market.",
    description="Buy an item from your personal shop",
)
async def buy(ctx: CommandCtx, item: str) -> BuyAnswer | AmbiguousName:
    text = item
    actor = await lock_actor(ctx)
    items = await reads.inventory(ctx.conn, actor.user_id, ctx.game.catalogue)
    current = await _read_shop(ctx, actor.user_id)
    offer = () if current.stale else tuple(line for line in current.lines if not line.bought)
    position = parse_position(text)
    if position is not None:
        line = next((ln for ln in current.lines if ln.position == position), None)
        if current.stale or line is None:
            return BuyAnswer(actor.name, Rejected(RejectReason.NOT_FOUND, detail=f"#{position}"),
                             shop_expired=current.stale)
        if line.bought:
            return BuyAnswer(actor.name, Rejected(RejectReason.SOLD_OUT), line.item)
        return await _buy_shop(ctx, actor, items, offer, line.item)
    black = await current_market(ctx, actor)
    options: list[tuple[str, ShopLine | MarketLine]] = [(ln.item.name, ln) for ln in offer]
    options += [(ml.item.name, ml) for ml in black.lines]
    found = match_name(text, options)
    if found.ambiguous:
        return AmbiguousName(actor.name, text, found.candidates)
    if not found.values:
        refused = Rejected(RejectReason.NOT_FOUND, detail=text[:40])
        return BuyAnswer(actor.name, refused, shop_expired=current.stale)
    chosen = found.values[0]  # the personal shop's line when both sell it
    if isinstance(chosen, ShopLine):
        return await _buy_shop(ctx, actor, items, offer, chosen.item)
    return await _buy_market(ctx, actor, items, chosen.item)


async def _buy_shop(
    ctx: CommandCtx, actor: PlayerRow, items: tuple[OwnedItem, ...], offer: tuple[ShopLine, ...], item: ItemDef
) -> BuyAnswer:
    discount = (await faction_buffs(ctx.conn, actor.user_id))[BuffType.SHOP_DISCOUNT] if actor.faction_id else 0.0
    state = ShopPurchaseState(
        actor.player(), items, tuple(ln.item.key for ln in offer), item.key, ctx.game.catalogue, discount
    )
    outcome = resolve_shop_purchase(state, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Rejected):
        return BuyAnswer(actor.name, outcome, item)
    applied = await commit_resolution(
        ctx, outcome, event_type="shop_purchase", actor=actor, description=item.name,
        details={"item": item.key, "price": outcome.result.price}, source="shop",
    )
    return BuyAnswer(actor.name, outcome, item, balance=applied.wealth.get(actor.user_id, actor.wealth))


async def _buy_market(ctx: CommandCtx, actor: PlayerRow, items: tuple[OwnedItem, ...], item: ItemDef) -> BuyAnswer:
    entry = await market_repo.locked_entry(ctx.conn, item.key, ctx.now)
    discount = (await faction_buffs(ctx.conn, actor.user_id))[BuffType.SHOP_DISCOUNT] if actor.faction_id else 0.0
    state = MarketPurchaseState(actor.player(), items, entry, ctx.game.catalogue, discount)
    outcome = resolve_market_purchase(state, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Rejected):
        return BuyAnswer(actor.name, outcome, item, market=True)
    applied = await commit_resolution(
        ctx, outcome, event_type="market_purchase", actor=actor, description=item.name,
        details={"item": item.key, "price": outcome.result.price}, source="black_market",
    )
    return BuyAnswer(
        actor.name, outcome, item, market=True, balance=applied.wealth.get(actor.user_id, actor.wealth)
    )

