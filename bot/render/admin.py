"""Replies for moderator commands, Discord server configuration and account linking."""

from __future__ import annotations

from bot.answers.admin import (
    AdminRefusal,
    CrateGiven,
    DiscordConfig,
    ItemGiven,
    JailChanged,
    MarketRotated,
    SessionChanged,
    WealthChanged,
    XpGiven,
)
from bot.answers.link import LinkCode, Linked, LinkRefusal
from bot.format import article, duration, money
from bot.render.base import View, render
from game import Placement

__all__: list[str] = []


@render.register
def _refusal(answer: AdminRefusal, view: View) -> str:
    who, subject = answer.moderator, answer.subject
    match answer.kind:
        case "unknown_player":
            return f"❌ {who}, I don't know a player called {subject}."
        case "unknown_item":
            return f"❌ {who}, there's no item called '{subject}'."
        case "ambiguous_item":
            return f"❓ {who}, which one: {', '.join(answer.candidates)}?"
        case "inventory_full":
            return f"📦 {who}, {subject}'s inventory and escrow are full: nothing given."
        case "not_jailed":
            return f"⚖️ {who}, {subject} isn't in jail."
        case "session_running":
            title = f" ({subject})" if subject else ""
            return f"🎬 {who}, a session is already running{title}. End it with {view.prefix}endsession first."
        case "no_session":
            return f"🎬 {who}, there's no active session to end."
    return f"❌ {who}, that didn't work."


@render.register
def _wealth(answer: WealthChanged, view: View) -> str:
    if answer.moved > 0:
        return f"✅ {answer.moderator} gave {answer.target} {money(answer.moved)}. New balance: {money(answer.balance)}."
    if answer.moved == 0:
        return f"💸 {answer.target} has nothing to take. Balance: {money(answer.balance)}."
    taken = -answer.moved
    partial = f" (asked {money(answer.asked)}; that's all they had)" if taken < answer.asked else ""
    return f"✅ {answer.moderator} took {money(taken)} from {answer.target}{partial}. New balance: {money(answer.balance)}."


@render.register
def _xp(answer: XpGiven, view: View) -> str:
    tail = f" ⭐ Level {answer.level}!" if answer.level != answer.level_before else f" (level {answer.level})"
    tier = f" 🎖️ Promoted to {answer.tier}!" if answer.tier else ""
    return f"✅ {answer.moderator} gave {answer.target} {answer.amount:,} XP.{tail}{tier}"


@render.register
def _crate(answer: CrateGiven, view: View) -> str:
    tier = answer.tier.value.capitalize()
    if answer.placement is Placement.HELD:
        return f"✅ {answer.target} received {article(tier)} {tier} crate from {answer.moderator}."
    if answer.placement is Placement.ESCROW:
        return f"✅ {answer.target} received {article(tier)} {tier} crate (in escrow: their crates are full)."
    return f"📦 {answer.target}'s crates and escrow are full: the {tier} crate was lost."


@render.register
def _item(answer: ItemGiven, view: View) -> str:
    escrow = ""
    if answer.escrow_until is not None:
        escrow = f" (in escrow for {duration(answer.escrow_until - view.now)}: inventory full)"
    return f"✅ {answer.target} received {answer.item} from {answer.moderator}{escrow}."


@render.register
def _jail(answer: JailChanged, view: View) -> str:
    if answer.until is None:
        return f"⚖️ {answer.moderator} released {answer.target} from jail."
    return f"🚔 {answer.moderator} jailed {answer.target} for {duration(answer.until - view.now)}."


@render.register
def _market(answer: MarketRotated, view: View) -> str:
    featured = f" Featured: {answer.featured} (25% off)." if answer.featured else ""
    return (
        f"🕶️ Black market rotated: {answer.items} new items.{featured} "
        f"Next rotation in {duration(answer.rotates_at - view.now)}."
    )


@render.register
def _session(answer: SessionChanged, view: View) -> str:
    if answer.started:
        title = f": {answer.title}" if answer.title else ""
        before = f"Session #{answer.ended_session_id} ended. " if answer.ended_session_id else ""
        return f"🎬 {before}Session #{answer.session_id} started{title}. Good luck out there!"
    return f"🎬 Session #{answer.session_id} ended. GG, everyone!"


def _channel(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "not set"


@render.register
def _discord(answer: DiscordConfig, view: View) -> str:
    channel = _channel(answer.channel_id)
    match answer.change:
        case "set_commands":
            return f"✅ Commands channel set to {channel}."
        case "set_feed":
            return f"✅ Feed channel set to {channel}."
        case "added":
            return f"✅ Chat in {channel} now counts as activity."
        case "already_added":
            return f"ℹ️ {channel} already counts as activity."
        case "removed":
            return f"✅ Chat in {channel} no longer counts as activity."
        case "not_listed":
            return f"ℹ️ {channel} wasn't an activity channel."
    activity = ", ".join(_channel(c) for c in answer.activity_channel_ids) or "none"
    return (
        f"⚙️ Commands: {_channel(answer.commands_channel_id)} | Feed: {_channel(answer.feed_channel_id)} "
        f"| Activity: {activity}"
    )


@render.register
def _code(answer: LinkCode, view: View) -> str:
    return (
        f"🔗 {answer.name}, your link code is {answer.code} (valid {duration(answer.expires_at - view.now)}). "
        f"On your other platform type {view.prefix}link {answer.code} — or /kingpin join on Discord. "
        "Keep it to yourself: whoever uses it joins your character."
    )


@render.register
def _link_refusal(answer: LinkRefusal, view: View) -> str:
    who = answer.name
    match answer.kind:
        case "unknown":
            return f"❌ {who}, that link code doesn't exist. Get a fresh one with {view.prefix}link."
        case "used":
            return f"❌ {who}, that link code was already used."
        case "expired":
            return f"⌛ {who}, that link code expired. Get a fresh one with {view.prefix}link."
        case "same_platform":
            where = answer.platform.value.capitalize() if answer.platform else "this platform"
            return f"🔁 {who}, that code came from {where}: type it on a different platform."
        case "self":
            return f"🔗 {who}, these accounts are already linked."
        case "private_only":
            return (
                f"🔗 {who}, link codes are only shown privately: use /kingpin link on Discord, "
                f"then type {view.prefix}link CODE here."
            )
        case "already_linked":
            where = answer.platform.value.capitalize() if answer.platform else "that platform"
            return f"🚫 {who}, that character already has a {where} account linked."
    return f"❌ {who}, linking didn't work."


@render.register
def _linked(answer: Linked, view: View) -> str:
    head = f"🔗 Linked! {answer.absorbed} and {answer.name} are now one character ({answer.name})."
    if answer.folded:
        return head + " One wallet everywhere."
    parts = []
    if answer.wealth:
        parts.append(f"+{money(answer.wealth)}")
    if answer.xp_gained:
        parts.append(f"+{answer.xp_gained:,} XP (level {answer.level})")
    for count, label in ((answer.items, "item"), (answer.crates, "crate"), (answer.titles, "title"), (answer.tokens, "token")):
        if count:
            parts.append(f"{count} {label}{'' if count == 1 else 's'}")
    carried = f" Carried over: {', '.join(parts)}." if parts else ""
    return head + carried
