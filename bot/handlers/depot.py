"""The supply depot: !supplies, !buysupply, !myitems, !buffs, !buytoken and !tokenboost.

A boost (consumable with a buff type) is paid and activated at once into ``active_buffs``, where
!play (xp, wealth, crate_drop) and !rob (rob_success, defense) already read it; buying the same
boost again while it runs extends it. Single-use goods (bail bond, reroll token, crate magnet)
go to the player's consumables up to their cap. Heist tokens cost
``floor(1,000 × 1.15^(bought today))``, at most 10 a game day and never above the balance cap.
"""

from __future__ import annotations

from bot.answers.depot import (
    BuffsAnswer,
    BuySupplyAnswer,
    BuyTokenAnswer,
    MyItemsAnswer,
    SuppliesAnswer,
    TokenBoostAnswer,
)
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, lock_actor
from bot.repository import depot, reads
from bot.repository.players import read_players
from game import LedgerReason, Resolved, TokenDelta, TokenReason, WealthDelta
from game.supplies import Buff, SupplyRefusal, buff_after_purchase, token_price

TOPIC = "casino"  # listed under !help casino

__all__ = ["CATEGORIES"]

CATEGORIES = ("boosts", "luck", "combat", "utility")


@command("supplies", private=True, aliases=("depot", "supplydepot"),
         args=(Arg.choice("category", CATEGORIES, optional=True, help="Which aisle",
                          error=f"Categories: {', '.join(CATEGORIES)}."),),
         help="The supply depot: boosts, luck, combat and utility goods.")
async def supplies(ctx: CommandCtx, category: str | None = None) -> SuppliesAnswer:
    found = await depot.catalogue(ctx.conn)
    if category:
        found = [s for s in found if s.category == category]
    return SuppliesAnswer(category, tuple(found))


@command("buysupply", listed=False, private=True, aliases=("buyboost", "purchasesupply"), throttle=5,
         args=(Arg.word("item", label="id", help="The supply id, e.g. xp_25", error="Which supply? See !supplies."),),
         help="Buy from the supply depot (boosts start at once).")
async def buysupply(ctx: CommandCtx, item: str) -> BuySupplyAnswer:
    key = item.lower()[:40]
    actor = await lock_actor(ctx)
    supply = next((s for s in await depot.catalogue(ctx.conn) if s.key == key or s.name.lower() == key), None)
    if supply is None:
        return BuySupplyAnswer(actor.name, None, key, SupplyRefusal.UNKNOWN)
    if actor.wealth < supply.price:
        return BuySupplyAnswer(actor.name, supply, key, SupplyRefusal.CANNOT_AFFORD, actor.wealth, price=supply.price)
    uid = actor.user_id
    buff: Buff | None = None
    owned = 0
    if supply.buff_type and supply.multiplier and supply.minutes:
        current = await depot.buff_row(ctx.conn, uid, supply.buff_type, ctx.now)
        running = None if current is None or current.expires_at is None else Buff(
            current.buff_type, current.multiplier, current.expires_at)
        after = buff_after_purchase(running, supply.buff_type, supply.multiplier, supply.minutes, ctx.now)
        if isinstance(after, SupplyRefusal):
            return BuySupplyAnswer(actor.name, supply, key, after, buff=running)
        buff = after
        await depot.set_buff(ctx.conn, uid, after.buff_type, after.multiplier, supply.name, ctx.now, after.expires_at)
    else:
        quantity = await depot.add_owned(ctx.conn, uid, supply.key, supply.max_owned)
        if quantity is None:
            return BuySupplyAnswer(actor.name, supply, key, SupplyRefusal.MAX_OWNED, owned=supply.max_owned)
        owned = quantity
    applied = await commit_resolution(
        ctx, Resolved(supply.key, (WealthDelta(uid, -supply.price, LedgerReason.SUPPLY),)),
        event_type="supply_purchase", actor=actor, description=supply.name,
        details={"supply": supply.key, "price": supply.price}, source="shop",
    )
    return BuySupplyAnswer(actor.name, supply, key, None, applied.wealth.get(uid, actor.wealth), buff, owned,
                           supply.price)


@command("myitems", listed=False, private=True, aliases=("myconsumables", "consumables"), help="Your single-use consumables.")
async def myitems(ctx: CommandCtx) -> MyItemsAnswer:
    name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
    owned = await reads.consumables(ctx.conn, ctx.actor_id)
    names = {s.key: s.name for s in await depot.catalogue(ctx.conn)}
    return MyItemsAnswer(name, tuple((names.get(k, k), q) for k, q in sorted(owned.items())))


@command("buffs", listed=False, private=True, aliases=("mybuffs", "activebuffs"), help="Your active buffs and the time left.")
async def buffs(ctx: CommandCtx) -> BuffsAnswer:
    name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
    return BuffsAnswer(name, tuple(await depot.active_buffs(ctx.conn, ctx.actor_id, ctx.now)))


@command("buytoken", listed=False, private=True, aliases=("purchasetoken", "gettoken"), throttle=5,
         help="Buy a heist token (the price rises 15% with each one today).")
async def buytoken(ctx: CommandCtx) -> BuyTokenAnswer:
    sr, cap = ctx.rules.casino.supplies, ctx.rules.tokens.balance_cap
    actor = await lock_actor(ctx)
    bought = await depot.tokens_bought(ctx.conn, actor.user_id, ctx.day)
    price = token_price(bought, sr)
    refusal = None
    if actor.tokens >= cap:
        refusal = SupplyRefusal.TOKEN_CAP
    elif bought >= sr.tokens_per_day:
        refusal = SupplyRefusal.DAILY_TOKENS
    elif actor.wealth < price:
        refusal = SupplyRefusal.CANNOT_AFFORD
    if refusal is not None:
        return BuyTokenAnswer(actor.name, refusal, price, actor.tokens, bought, actor.wealth, cap, sr.tokens_per_day)
    effects = (
        WealthDelta(actor.user_id, -price, LedgerReason.TOKEN_PURCHASE),
        TokenDelta(actor.user_id, 1, TokenReason.PURCHASE),
    )
    applied = await commit_resolution(
        ctx, Resolved(price, effects), event_type="token_purchase", actor=actor, details={"price": price},
    )
    count = await depot.count_token(ctx.conn, actor.user_id, ctx.day)
    return BuyTokenAnswer(actor.name, None, price, actor.tokens + 1, count,
                          applied.wealth.get(actor.user_id, actor.wealth), cap, sr.tokens_per_day)


@command("tokenboost", listed=False, private=True, aliases=("boostinfo", "tokeninfo"), help="How the 1-token play boost works.")
async def tokenboost(ctx: CommandCtx) -> TokenBoostAnswer:
    pr = ctx.rules.play
    rows = await read_players(ctx.conn, (ctx.actor_id,))
    bought = await depot.tokens_bought(ctx.conn, ctx.actor_id, ctx.day)
    return TokenBoostAnswer(pr.boost_tokens, pr.boost_multiplier, rows[ctx.actor_id].tokens,
                            token_price(bought, ctx.rules.casino.supplies))


