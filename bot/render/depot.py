"""Replies for the supply depot, buffs, consumables and token purchases."""

from __future__ import annotations

from bot.answers.depot import (
    BuffsAnswer,
    BuySupplyAnswer,
    BuyTokenAnswer,
    MyItemsAnswer,
    SuppliesAnswer,
    TokenBoostAnswer,
)
from bot.format import duration, money
from bot.render.base import View, render
from bot.render.items import fit_parts
from game.supplies import SupplyRefusal

__all__: list[str] = []


@render.register
def _supplies(answer: SuppliesAnswer, view: View) -> str:
    if not answer.supplies:
        return "🏪 Nothing in that aisle."
    head = f"🏪 Supply depot{' — ' + answer.category if answer.category else ''}: "
    parts = [f"{s.key} {s.name} {money(s.price)}" + (f" ({s.minutes} min)" if s.minutes else "")
             for s in answer.supplies]
    return fit_parts(head, parts, f" | {view.prefix}buysupply <id>")


@render.register
def _buysupply(answer: BuySupplyAnswer, view: View) -> str:
    n, s = answer.name, answer.supply
    match answer.refusal:
        case SupplyRefusal.UNKNOWN:
            return f"🏪 {n}, there's no supply '{answer.key}' ({view.prefix}supplies lists them)."
        case SupplyRefusal.CANNOT_AFFORD:
            return f"💸 {n}, {s.name if s else 'that'} costs {money(answer.price)}; you have {money(answer.balance or 0)}."
        case SupplyRefusal.MAX_OWNED:
            return f"📦 {n}, you already hold the most {s.name if s else 'of those'} allowed ({answer.owned})."
        case SupplyRefusal.OTHER_STRENGTH:
            left = duration(answer.buff.expires_at - view.now) if answer.buff else ""
            return f"⏳ {n}, a different {s.buff_type if s else ''} boost is running ({left} left). Buy this one when it ends."
    assert s is not None
    if answer.buff is not None:
        return (f"✅ {n} bought {s.name} for {money(s.price)}: active for {duration(answer.buff.expires_at - view.now)}. "
                f"Balance: {money(answer.balance or 0)}")
    return f"✅ {n} bought {s.name} for {money(s.price)} (you hold {answer.owned}). Balance: {money(answer.balance or 0)}"


@render.register
def _myitems(answer: MyItemsAnswer, view: View) -> str:
    if not answer.items:
        return f"🎒 {answer.name}, you hold no consumables ({view.prefix}supplies)."
    return f"🎒 {answer.name}: " + ", ".join(f"{name} ×{q}" for name, q in answer.items)


@render.register
def _buffs(answer: BuffsAnswer, view: View) -> str:
    if not answer.buffs:
        return f"✨ {answer.name}, no active buffs ({view.prefix}supplies sells some)."
    parts = []
    for b in answer.buffs:
        left = duration(b.expires_at - view.now) if b.expires_at else "permanent"
        label = b.description or b.buff_type
        parts.append(f"{label} ×{b.multiplier:g} ({left})")
    return f"✨ {answer.name}: " + ", ".join(parts)


@render.register
def _buytoken(answer: BuyTokenAnswer, view: View) -> str:
    n = answer.name
    match answer.refusal:
        case SupplyRefusal.TOKEN_CAP:
            return f"🎟️ {n}, you hold {answer.tokens} heist tokens, the most allowed."
        case SupplyRefusal.DAILY_TOKENS:
            return f"🎟️ {n}, you bought {answer.per_day} tokens today, the daily maximum."
        case SupplyRefusal.CANNOT_AFFORD:
            return f"💸 {n}, a token costs {money(answer.price)} now; you have {money(answer.balance or 0)}."
    return (f"🎟️ {n} bought a heist token for {money(answer.price)} ({answer.tokens} held, "
            f"{answer.bought_today} bought today; the price rises 15% with each). Balance: {money(answer.balance or 0)}")


@render.register
def _tokenboost(answer: TokenBoostAnswer, view: View) -> str:
    return (f"🔥 Token boost: {view.prefix}play boost spends {answer.boost_tokens} heist token for "
            f"+{(answer.multiplier - 1) * 100:.0f}% cash and XP on that play (applied last). You hold {answer.tokens}; "
            f"{view.prefix}buytoken sells one for {money(answer.next_price)} now.")
