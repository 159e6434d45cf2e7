"""Replies for !shop, !reroll, !market and !buy (each list fits one 500-character message)."""

from __future__ import annotations

from bot.answers.shop import BuyAnswer, MarketAnswer, ShopAnswer
from bot.format import duration, money
from bot.render.base import View, refusal, render
from bot.render.items import TYPE_ICON, fit_parts, tier_letter
from game import Rejected, RejectReason

__all__: list[str] = []


@render.register
def _shop(answer: ShopAnswer, view: View) -> str:
    p = view.prefix
    if answer.rerolled:
        token = " with a Reroll Token" if answer.used_token else ""
        head = f"🔄 {answer.name} rerolled the shop{token}: "
    elif answer.restocked:
        head = f"🛒 Fresh stock for {answer.name}: "
    else:
        head = f"🛒 {answer.name}'s shop: "
    parts = [
        f"{line.position}. {TYPE_ICON[line.item.type]}{line.item.name} ({tier_letter(line.item)}) {money(line.price)}"
        for line in answer.lines
        if not line.bought
    ]
    tail = f" | {p}buy <# or name> · restocks in {duration(answer.restocks_at - view.now)}"
    if not parts:
        return f"🛒 {answer.name}, your shop is empty until it restocks in {duration(answer.restocks_at - view.now)}."
    return fit_parts(head, parts, tail)


@render.register
def _market(answer: MarketAnswer, view: View) -> str:
    if not answer.lines:
        return "🕶️ The black market is empty right now. Check back later."
    rotates = f" (rotates in {duration(answer.rotates_at - view.now)})" if answer.rotates_at else ""
    head = f"🕶️ Black market{rotates}: "
    parts = []
    for line in answer.lines:
        e = line.entry
        stock = f"{e.stock} left" if e.stock else "sold out"
        hot = "🔥25% off " if e.featured else ""
        parts.append(f"{hot}{TYPE_ICON[line.item.type]}{line.item.name} ({tier_letter(line.item)}) {money(e.price)}, {stock}")
    return fit_parts(head, parts, f" | {view.prefix}buy <name>")


@render.register
def _buy(answer: BuyAnswer, view: View) -> str:
    outcome = answer.outcome
    name, p = answer.name, view.prefix
    item = answer.item.name if answer.item else "that"
    if isinstance(outcome, Rejected):
        match outcome.reason:
            case RejectReason.NOT_FOUND if answer.shop_expired:
                market = "" if str(outcome.detail).startswith("#") else (
                    f" ('{outcome.detail}' isn't on the {p}market either.)"
                )
                return f"🛒 {name}, your shop has new stock: look at {p}shop first.{market}"
            case RejectReason.NOT_FOUND:
                return (
                    f"❌ {name}, '{outcome.detail}' isn't for sale in your {p}shop or the {p}market: "
                    f"buy by a name or # from {p}shop, or a name from {p}market."
                )
            case RejectReason.SOLD_OUT if not answer.market:
                return f"🚫 {name}, you already bought {item} from this shop."
            case RejectReason.SOLD_OUT:
                return f"🚫 {name}, {item} is sold out on the black market."
            case RejectReason.CANNOT_AFFORD:
                return f"💸 {name}, {item} costs {money(outcome.amount or 0)}: you can't afford it yet."
            case RejectReason.INVENTORY_FULL:
                return f"📦 {name}, your inventory is full ({outcome.amount}/{outcome.amount}). {p}sell something first."
            case RejectReason.BUSINESS_LIMIT:
                return f"🏢 {name}, you already own {outcome.amount} businesses, the most allowed. {p}sell one first."
        return refusal(outcome, name, view)
    where = " on the black market" if answer.market else ""
    price = outcome.result.price
    balance = f" Balance: {money(answer.balance)}." if answer.balance is not None else ""
    icon = TYPE_ICON[answer.item.type] if answer.item else ""
    return f"✅ {name} bought {icon} {item}{where} for {money(price)}.{balance} {p}equip it to use it."
