"""Replies for !inventory, !equip, !unequip, !sell, !collect and !insurance, and the item texts
the crate and shop replies share (``bot.render.crates``, ``bot.render.shop``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.items import (
    CollectAnswer,
    EquipAnswer,
    InsuranceAnswer,
    InventoryAnswer,
    SellAnswer,
    UnequipAnswer,
)
from bot.format import duration, money
from bot.names import AmbiguousName
from bot.render.base import View, refusal, render
from game import ItemDef, ItemType, OwnedItem, Rejected, RejectReason

__all__ = ["TYPE_ICON", "fit_parts", "item_label", "tier_letter"]

TYPE_ICON = {ItemType.WEAPON: "🔪", ItemType.ARMOR: "🛡️", ItemType.BUSINESS: "🏢", ItemType.HOUSING: "🏠"}
LIMIT = 500


def tier_letter(item: ItemDef) -> str:
    return item.tier.value[0].upper()


def item_label(item: ItemDef) -> str:
    """``🔪 Rusty Knife``."""
    return f"{TYPE_ICON[item.type]} {item.name}"


def fit_parts(head: str, parts: Sequence[str], tail: str = "", *, sep: str = " · ", limit: int = LIMIT) -> str:
    """``head`` + as many ``parts`` as fit + ``tail`` within ``limit`` (the rest as "+N more")."""
    shown: list[str] = []
    for index, part in enumerate(parts):
        rest = len(parts) - index - 1
        more = f" (+{rest} more)" if rest else ""
        candidate = head + sep.join([*shown, part]) + more + tail
        if len(candidate) > limit and shown:
            return head + sep.join(shown) + f" (+{len(parts) - index} more)" + tail
        shown.append(part)
    return head + sep.join(shown) + tail


def _durability(owned: OwnedItem) -> str:
    if owned.item.type in (ItemType.WEAPON, ItemType.ARMOR):
        return f" {owned.durability}/{owned.item.durability}"
    return ""


@render.register
def _ambiguous(answer: AmbiguousName, view: View) -> str:
    names = list(answer.candidates)
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return f"🤔 {answer.player}, '{answer.query[:40]}' could be {listed}. Type more of the name."


@render.register
def _inventory(answer: InventoryAnswer, view: View) -> str:
    held = [i for i in answer.items if not i.escrowed]
    escrow = [i for i in answer.items if i.escrowed]
    if not answer.items:
        return (
            f"📦 {answer.name}, your inventory is empty (0/{answer.cap}). "
            f"Browse {view.prefix}shop or {view.prefix}open a crate."
        )
    lines = []
    for n, owned in enumerate(answer.items, start=1):
        if owned.escrowed:
            left = duration(owned.escrow_until - view.now) if owned.escrow_until else ""
            lines.append(f"{n}. {item_label(owned.item)} ({left} left)")
        elif owned.equipped:
            lines.append(f"{n}. ✅ {item_label(owned.item)}{_durability(owned)}")
        else:
            lines.append(f"{n}. {item_label(owned.item)}")
    text = f"📦 {answer.name}'s inventory ({len(held)}/{answer.cap}): " + " · ".join(lines[: len(held)])
    if escrow:
        text += f" | ⏳ Escrow ({len(escrow)}/{answer.escrow_cap}): " + " · ".join(lines[len(held) :])
    return text


def _not_owned(rejected: Rejected, name: str, view: View) -> str:
    detail = str(rejected.detail)
    if detail.endswith(" gone"):
        number = detail.removesuffix(" gone")
        return (
            f"❌ {name}, {number} of your last {view.prefix}inventory is gone (sold or broken): "
            f"{view.prefix}inventory shows your items now."
        )
    return f"❌ {name}, no '{rejected.detail}' in your inventory ({view.prefix}inventory)."


@render.register
def _equip(answer: EquipAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        if outcome.reason is RejectReason.NOT_FOUND:
            return _not_owned(outcome, answer.name, view)
        if outcome.reason is RejectReason.ESCROWED and answer.item is not None:
            left = f" for {duration(outcome.until - view.now)}" if outcome.until else ""
            return f"⏳ {answer.name}, {answer.item.item.name} is in escrow{left}: make room in your inventory first."
        return refusal(outcome, answer.name, view)
    item = answer.item.item.name if answer.item else "that"
    if not outcome.effects:
        return f"✅ {answer.name}, {item} is already equipped."
    swapped = f" (swapped out {outcome.result.item.name})" if outcome.result is not None else ""
    return f"✅ {answer.name} equipped {item}{swapped}."


@render.register
def _unequip(answer: UnequipAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        if outcome.reason is RejectReason.NOTHING_EQUIPPED:
            return f"❌ {answer.name}, nothing is equipped in your {outcome.detail} slot."
        return refusal(outcome, answer.name, view)
    owned = outcome.result
    return f"📤 {answer.name} unequipped {owned.item.name} ({owned.item.type.value} slot)."


@render.register
def _sell(answer: SellAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        if outcome.reason is RejectReason.NOT_FOUND:
            return _not_owned(outcome, answer.name, view)
        if outcome.reason is RejectReason.EQUIPPED and answer.item is not None:
            slot = answer.item.item.type.value
            return f"🔒 {answer.name}, {answer.item.item.name} is equipped: {view.prefix}unequip {slot} first."
        if outcome.reason is RejectReason.ESCROWED and answer.item is not None:
            return f"⏳ {answer.name}, {answer.item.item.name} is in escrow and can't be sold."
        return refusal(outcome, answer.name, view)
    item = answer.item.item.name if answer.item else "it"
    balance = f" Balance: {money(answer.balance)}." if answer.balance is not None else ""
    moved = ""
    if answer.moved_in is not None:
        moved = f" ⏩ {answer.moved_in.item.name} moved in from escrow."
    return f"💵 {answer.name} sold {item} for {money(outcome.result)}.{balance}{moved}"


@render.register
def _collect(answer: CollectAnswer, view: View) -> str:
    outcome = answer.outcome
    p = view.prefix
    if isinstance(outcome, Rejected):
        if outcome.reason is RejectReason.NOTHING_EQUIPPED:
            return f"🏢 {answer.name}, you have no business equipped: buy one in {p}shop and {p}equip it."
        if outcome.reason is RejectReason.ON_COOLDOWN and outcome.until is not None:
            return (
                f"⏰ {answer.name}, {answer.business} is still earning: "
                f"collect again in {duration(outcome.until - view.now)}."
            )
        return refusal(outcome, answer.name, view)
    later = f" Next collection in {duration(answer.next_at - view.now)}." if answer.next_at else ""
    if outcome.result == 0:
        if answer.earned_today >= answer.daily_cap:
            return (
                f"🏢 {answer.name}, {answer.business} already paid today's {money(answer.daily_cap)} "
                "business cap. Back tomorrow."
            )
        return f"🏢 Slow shift at {answer.business}, {answer.name}: nothing to collect this time.{later}"
    balance = f" Balance: {money(answer.balance)}." if answer.balance is not None else ""
    return f"🏢 {answer.name} collected {money(outcome.result)} from {answer.business}.{balance}{later}"


def _plans(answer: InsuranceAnswer, view: View) -> str:
    listed = " · ".join(f"{p.policy.value} {p.protection:.0%} {money(p.premium)}" for p in answer.plans)
    return f"Plans (per day): {listed}. {view.prefix}insurance <plan> buys 24h."


@render.register
def _insurance(answer: InsuranceAnswer, view: View) -> str:
    name = answer.name
    if answer.bought is not None:
        plan = answer.bought
        balance = f" Balance: {money(answer.balance)}." if answer.balance is not None else ""
        return (
            f"🛡️ {name} bought {plan.policy.value.capitalize()} insurance: {plan.protection:.0%} of any "
            f"robbery kept for 24h. Paid {money(plan.premium)}.{balance}"
        )
    if answer.already and answer.paid_until is not None:
        return (
            f"🛡️ {name}, your {answer.current.value.capitalize()} plan is already paid for another "
            f"{duration(answer.paid_until - view.now)}."
        )
    if answer.refused is not None:
        return refusal(answer.refused, name, view)
    protection = next((p.protection for p in answer.plans if p.policy is answer.current), 0.0)
    if answer.current.value == "none" or answer.paid_until is None:
        status = "no policy"
    elif answer.paid_until > view.now:
        status = (
            f"{answer.current.value.capitalize()} ({protection:.0%}), paid for another "
            f"{duration(answer.paid_until - view.now)}"
        )
    else:
        status = f"{answer.current.value.capitalize()} ({protection:.0%}), premium due"
    return f"🛡️ {name}: {status}. {_plans(answer, view)}"
