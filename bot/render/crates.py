"""Replies for !crates and !open."""

from __future__ import annotations

from collections import Counter

from bot.answers.crates import CratesAnswer, OpenAnswer
from bot.format import article, duration, money
from bot.render.base import View, refusal, render
from bot.render.items import item_label
from game import CrateTier, DropType, ItemTier, Rejected, RejectReason

__all__: list[str] = []


def _by_tier(tiers: list[CrateTier]) -> str:
    counts = Counter(tiers)
    return ", ".join(f"{counts[t]} {t.value}" for t in CrateTier if counts[t])


@render.register
def _crates(answer: CratesAnswer, view: View) -> str:
    held = [c for c in answer.crates if c.escrow_until is None]
    escrow = [c for c in answer.crates if c.escrow_until is not None]
    if not answer.crates:
        return (
            f"📦 {answer.name}, no crates yet (0/{answer.held_cap}). "
            f"They drop from {view.prefix}play and check-in streaks."
        )
    text = f"📦 {answer.name}'s crates ({len(held)}/{answer.held_cap}): {_by_tier([c.tier for c in held]) or 'none held'}"
    if escrow:
        soonest = min(c.escrow_until for c in escrow if c.escrow_until is not None)
        text += (
            f" | ⏳ Escrow ({len(escrow)}/{answer.escrow_cap}): {_by_tier([c.tier for c in escrow])}, "
            f"first expires in {duration(soonest - view.now)}"
        )
    if held:
        text += f". {view.prefix}open opens the oldest."
    return text


@render.register
def _open(answer: OpenAnswer, view: View) -> str:
    outcome = answer.outcome
    name = answer.name
    if isinstance(outcome, Rejected):
        match outcome.reason:
            case RejectReason.NO_CRATE if outcome.detail:
                return f"📦 {name}, you have no {outcome.detail} crate to open ({view.prefix}crates)."
            case RejectReason.NO_CRATE:
                return f"📦 {name}, no crate to open. They drop from {view.prefix}play and check-in streaks."
            case RejectReason.INVENTORY_FULL:
                return (
                    f"📦 {name}, your inventory is full ({outcome.amount}/{outcome.amount}): "
                    f"{view.prefix}sell something before opening crates."
                )
        return refusal(outcome, name, view)
    r = outcome.result
    head = f"📦 {name} opened {article(r.tier.value)} {r.tier.value.capitalize()} crate → "
    if r.drop in (DropType.WEAPON, DropType.ARMOR) and answer.item is not None:
        star = "🌟 LEGENDARY " if answer.item.tier is ItemTier.LEGENDARY else ""
        got = f"{star}{item_label(answer.item)} ({answer.item.tier.value})!"
    elif r.drop is DropType.TITLE and r.duplicate:
        got = f"🏷️ {r.title or 'a title'} again: converted to {money(r.wealth)}."
    elif r.drop is DropType.TITLE:
        got = f"🏷️ new title: {r.title}!"
    else:
        got = f"💵 {money(r.wealth)}!"
    left = f" {answer.left} crate{'s' if answer.left != 1 else ''} left." if answer.left else ""
    if answer.moved_in is not None:
        left += f" ⏩ Your escrowed {answer.moved_in.value} crate moved in."
    return head + got + left
