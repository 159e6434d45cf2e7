"""Replies for the faction commands."""

from __future__ import annotations

from bot.answers.factions import (
    FactionList,
    FactionMap,
    JoinAnswer,
    LeaveAnswer,
    MoveAnswer,
    MyFaction,
)
from bot.format import duration
from bot.render.base import View, render
from game.factions import BuffType, JoinCheck

__all__ = ["buff_label"]

_BUFF = {
    BuffType.XP: "XP",
    BuffType.WEALTH: "play cash",
    BuffType.ALL_REWARDS: "all rewards",
    BuffType.CRATE_DROP: "crate drops",
    BuffType.ROB_SUCCESS: "rob success",
    BuffType.DEFENSE: "rob defence",
    BuffType.BUSINESS_REVENUE: "business revenue",
    BuffType.SHOP_DISCOUNT: "shop discount",
}


def buff_label(kind: BuffType, rate: float) -> str:
    points = rate * 100
    shown = f"{points:.0f}" if points == int(points) else f"{points:.1f}"
    return f"+{shown}% {_BUFF[kind]}"


@render.register
def _list(answer: FactionList, view: View) -> str:
    parts = [
        f"{f.emoji} {f.name}: {f.members} member{'s' if f.members != 1 else ''}, "
        f"{f.territories} territor{'ies' if f.territories != 1 else 'y'}"
        for f in answer.factions
    ]
    return f"⚔️ Factions of Lazarus City — {' | '.join(parts)}. Join at level {answer.min_level}: {view.prefix}faction join <name>"


@render.register
def _mine(answer: MyFaction, view: View) -> str:
    if answer.faction is None:
        return f"🏳️ {answer.name}, you're in no faction. See {view.prefix}factions, then {view.prefix}faction join <name>."
    f = answer.faction
    buffs = ", ".join(buff_label(k, r) for k, r in answer.buffs) or "none (hold territory to earn some)"
    held = ", ".join(answer.held) or "nothing yet"
    lock = (f" Weekly rewards unlock in {duration(answer.locked_until - view.now)}."
            if answer.locked_until and answer.locked_until > view.now else "")
    return (
        f"{f.emoji} {answer.name} — {f.name} ({f.members} members). Holds: {held}. Buffs: {buffs}. "
        f"Your turf: {answer.territory or 'none'}; this week you scored {answer.week_points:,} points.{lock}"
    )


@render.register
def _join(answer: JoinAnswer, view: View) -> str:
    if answer.check is None:
        return f"❓ {answer.name}, no faction called “{answer.asked}”. Pick one of: {', '.join(answer.choices)}."
    match answer.check:
        case JoinCheck.OK:
            lock = (f" (switching sides: weekly rewards start in {duration(answer.until - view.now)})"
                    if answer.until else "")
            return (f"⚔️ {answer.name} joined {answer.faction}! You fight for {answer.territory}: "
                    f"chat, play, rob and check in to win it.{lock}")
        case JoinCheck.LEVEL:
            return f"🔒 {answer.name}, factions take players from level {answer.min_level} (Associate). Keep grinding."
        case JoinCheck.MEMBER:
            return f"🤝 {answer.name}, you're already in a faction. {view.prefix}faction leave first."
        case JoinCheck.COOLDOWN:
            left = duration(answer.until - view.now) if answer.until else ""
            return f"⏳ {answer.name}, you left a faction recently: you can join another in {left}."


@render.register
def _leave(answer: LeaveAnswer, view: View) -> str:
    if answer.faction is None:
        return f"🏳️ {answer.name}, you're not in a faction."
    return (f"🚪 {answer.name} left {answer.faction}. Territory buffs are gone; you can join a faction "
            f"again in {duration(answer.rejoin_at - view.now) if answer.rejoin_at else '7d'}.")


@render.register
def _move(answer: MoveAnswer, view: View) -> str:
    if not answer.member:
        return f"🏳️ {answer.name}, join a faction first."
    if answer.territory is None:
        return f"❓ {answer.name}, no territory called “{answer.asked}”. See {view.prefix}territories."
    if not answer.moved:
        left = duration(answer.next_move - view.now) if answer.next_move else "a while"
        return f"⏳ {answer.name}, you can move once a day: next move in {left}."
    return f"🚚 {answer.name} now fights for {answer.territory}."


@render.register
def _map(answer: FactionMap, view: View) -> str:
    parts = []
    for r in answer.rows:
        owner = r.owner or "neutral"
        lead = f", today: {r.leader_today}" if r.leader_today else ""
        mark = "⚔️" if r.contested else "🏙️"
        parts.append(f"{mark} {r.territory} [{owner}; {buff_label(r.buff, r.rate)}{lead}]")
    return "🗺️ " + " | ".join(parts)
