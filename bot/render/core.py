"""Replies for !play, !rob, !bail and !checkin."""

from __future__ import annotations

from bot.answers.core import BailAnswer, CheckinAnswer, PlayAnswer, RobAnswer
from bot.format import article, duration, money
from bot.render.base import View, refusal, render
from game import Placement, Rejected

__all__: list[str] = []


def _progress(applied: object) -> str:
    """Level-up and tier-promotion tails from what was applied (notifications carry them)."""
    notes = getattr(applied, "notifications", ())
    parts = []
    for note in notes:
        data = dict(note.data)
        if note.kind == "level_up":
            parts.append(f"⭐ Level {data.get('level')}!")
        elif note.kind == "tier_promotion":
            parts.append(f"🎖️ Promoted to {str(data.get('tier', '')).capitalize()}!")
    return (" " + " ".join(parts)) if parts else ""


def _crate(tier: object, placement: Placement | None) -> str:
    if tier is None or placement is None:
        return ""
    label = str(tier).capitalize()
    if placement is Placement.HELD:
        return f" 📦 Found {article(label)} {label} crate!"
    if placement is Placement.ESCROW:
        return f" 📦 Found {article(label)} {label} crate (in escrow: open some to make room)."
    return f" 📦 {article(label).capitalize()} {label} crate dropped but you had no room."


@render.register
def _play(answer: PlayAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        return refusal(outcome, answer.name, view, bail=answer.bail)
    r = outcome.result
    if r.busted:
        left = duration(r.jailed_until - view.now) if r.jailed_until else ""
        cost = f" ({money(answer.bail)})" if answer.bail else " (free: you're broke)"
        return f"🚔 {answer.name} got busted mid-{r.event.name}! Jailed for {left}. {view.prefix}bail{cost} to get out."
    boost = " 🔥" if r.boosted else ""
    if r.event.negative and r.wealth == 0:
        head = f"💥 {answer.name}: {r.event.name}. {r.event.flavour} Nothing to lose (your wallet is empty) | +{r.xp:,} XP"
    elif r.wealth < 0:
        head = f"💥 {answer.name}: {r.event.name}. {r.event.flavour} {money(r.wealth)} | +{r.xp:,} XP"
    else:
        head = f"🎰 {answer.name}: {r.event.name}! {r.event.flavour} +{money(r.wealth)} | +{r.xp:,} XP{boost}"
    return head + _crate(r.crate, r.crate_placement) + _progress(answer.applied)


@render.register
def _rob(answer: RobAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        return refusal(outcome, answer.name, view)
    r = outcome.result
    gear = ""
    if r.weapon_broke:
        gear += " 🔧 Your weapon broke."
    if r.armor_broke:
        gear += f" 🛡️ {answer.target}'s armor broke."
    if not r.success:
        return f"🚨 {answer.name} tried to rob {answer.target} and failed ({r.chance:.0%} chance to succeed). +{r.xp} XP{gear}"
    insured = f" ({money(r.insured)} was insured)" if r.insured else ""
    item = ""
    if answer.item_name:
        item = f" 🎒 Also swiped their {answer.item_name}" + (" (in escrow)." if r.item_escrowed else "!")
    return f"💰 {answer.name} robbed {answer.target} for {money(r.stolen)}{insured}! +{r.xp} XP{item}{gear}"


@render.register
def _bail(answer: BailAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        return refusal(outcome, answer.name, view)
    r = outcome.result
    if r.used_bond:
        return f"⚖️ {answer.name} used a Bail Bond and walks free."
    if r.cost == 0:
        return f"⚖️ {answer.name} is out on free bail (broke players bail for nothing)."
    return f"⚖️ {answer.name} paid {money(r.cost)} bail and walks free."


@render.register
def _checkin(answer: CheckinAnswer, view: View) -> str:
    outcome = answer.outcome
    if isinstance(outcome, Rejected):
        return refusal(outcome, answer.name, view)
    r = outcome.result
    tokens = f" +{r.tokens} 🎟️" if r.tokens else ""
    return (
        f"📅 {answer.name} checked in: day {r.streak} streak! +{money(r.wealth)} | +{r.xp:,} XP{tokens}"
        + _crate(r.crate, r.crate_placement)
        + _progress(answer.applied)
    )

