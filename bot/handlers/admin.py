"""Moderator commands: grants and removals, jail, the black market, stream sessions.

Who may run them is settled before a handler runs (the pipeline refuses non-moderators from the
command table's ``Access``). Every change goes through the engine's effects and
:func:`bot.repository.effects.apply_effects` (money as ``WealthDelta(…, LedgerReason.ADMIN)``,
never a raw wealth update), is logged in ``game_events`` when it touches a player, and writes
an ``audit_log`` row (moderator identity, action, target, before/after, reason = the rest of the
line) in the same transaction. ``!takewealth`` takes at most what the player holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.commands import MAX_AMOUNT, Command, UsageError, parse_amount
from bot.context import CommandCtx
from bot.events import ChatMessage, Platform
from bot.handlers.common import Target, commit_resolution, resolve_target
from bot.names import match_name
from bot.repository import reads
from bot.repository.effects import tier_label
from bot.repository.players import PlayerRow, lock_players
from bot.sql import QUERIES
from game import (
    CrateSource,
    CrateTier,
    Effect,
    InventoryState,
    ItemGranted,
    JailCleared,
    JailSet,
    LedgerReason,
    Placement,
    Resolved,
    WealthDelta,
    gain_xp,
    place_crate,
    place_item,
    roll_black_market,
)

__all__ = [
    "HANDLERS",
    "AdminRefusal",
    "CrateGiven",
    "DiscordConfig",
    "ItemGiven",
    "JailChanged",
    "MarketRotated",
    "SessionChanged",
    "WealthChanged",
    "XpGiven",
    "audit",
]

_AUDIT = QUERIES["audit/insert"]
_MARKET_LOCK = QUERIES["market/lock_rotation"]
_MARKET_CLOSE = QUERIES["market/close_current"]
_MARKET_NEXT = QUERIES["market/next_rotation"]
_MARKET_ENTRY = QUERIES["market/insert_entry"]
_SESSION_START = QUERIES["sessions/start"]
_SESSION_END = QUERIES["sessions/end"]
_SESSION_ACTIVE = QUERIES["sessions/active"]

MAX_JAIL_MINUTES = 1440
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class AdminRefusal:
    """Nothing changed. ``kind``: unknown_player, unknown_item, ambiguous_item, inventory_full,
    not_jailed, session_running, no_session."""

    moderator: str
    kind: str
    subject: str = ""
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WealthChanged:
    moderator: str
    target: str
    asked: int
    moved: int  # signed: what really moved
    balance: int


@dataclass(frozen=True, slots=True)
class XpGiven:
    moderator: str
    target: str
    amount: int
    level: int
    level_before: int
    tier: str | None  # the new tier when it changed


@dataclass(frozen=True, slots=True)
class CrateGiven:
    moderator: str
    target: str
    tier: CrateTier
    placement: Placement


@dataclass(frozen=True, slots=True)
class ItemGiven:
    moderator: str
    target: str
    item: str
    escrow_until: datetime | None


@dataclass(frozen=True, slots=True)
class JailChanged:
    moderator: str
    target: str
    until: datetime | None  # None: released


@dataclass(frozen=True, slots=True)
class MarketRotated:
    moderator: str
    rotation_id: int
    items: int
    featured: str | None
    rotates_at: datetime


@dataclass(frozen=True, slots=True)
class SessionChanged:
    moderator: str
    started: bool
    session_id: int
    title: str = ""


# -- shared ------------------------------------------------------------------------------------


async def audit(
    ctx: CommandCtx,
    action: str,
    target_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> int:
    """One ``audit_log`` row for the acting moderator, in the command's transaction."""
    reference = f"{ctx.platform.value}:{ctx.event.event_id}"[:200]
    audit_id: int = await ctx.conn.fetchval(
        _AUDIT,
        ctx.actor_id,
        ctx.platform.value,
        ctx.sender.user_id[:100],
        ctx.sender.display_name[:100],
        action,
        target_id,
        before,
        after,
        reason[:MAX_REASON] or None,
        reference,
    )
    return audit_id


def _moderator(ctx: CommandCtx) -> str:
    return ctx.sender.display_name or ctx.sender.login


async def _target(ctx: CommandCtx) -> Target:
    args = ctx.invocation.args
    return await resolve_target(ctx, args[0] if args else None)


async def _lock(ctx: CommandCtx, user_id: int) -> PlayerRow:
    return (await lock_players(ctx.conn, (user_id,)))[user_id]


def _amount(ctx: CommandCtx) -> int:
    args = ctx.invocation.args
    amount = parse_amount(args[1]) if len(args) > 1 else None
    if amount is None:
        raise UsageError(
            ctx.invocation.command,
            f"The amount must be a positive whole number up to ${MAX_AMOUNT:,} (the wealth cap), "
            "like 2500, 2.5k or 1m.",
        )
    return amount


async def _commit(ctx: CommandCtx, row: PlayerRow, effects: list[Effect], action: str, reason: str) -> Any:
    """Log the change in ``game_events`` against the player and apply it."""
    return await commit_resolution(
        ctx,
        Resolved(None, tuple(effects)),
        event_type=f"admin_{action}",
        actor=row,
        description=f"{action} by {_moderator(ctx)}"[:500],
        details={"moderator_user_id": ctx.actor_id, "reason": reason[:MAX_REASON]},
        source="admin",
    )


def _jail_state(until: datetime | None, now: datetime) -> str | None:
    return until.isoformat() if until is not None and until > now else None


# -- wealth, XP ----------------------------------------------------------------------------------


async def givewealth(ctx: CommandCtx) -> WealthChanged | AdminRefusal:
    return await _move_wealth(ctx, take=False)


async def takewealth(ctx: CommandCtx) -> WealthChanged | AdminRefusal:
    return await _move_wealth(ctx, take=True)


async def _move_wealth(ctx: CommandCtx, *, take: bool) -> WealthChanged | AdminRefusal:
    target = await _target(ctx)
    asked = _amount(ctx)
    reason = ctx.invocation.rest(2)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    moved = -min(asked, row.wealth) if take else asked
    balance = row.wealth
    if moved:
        applied = await _commit(
            ctx, row, [WealthDelta(row.user_id, moved, LedgerReason.ADMIN)], "takewealth" if take else "givewealth", reason
        )
        balance = applied.wealth[row.user_id]
    await audit(
        ctx,
        "takewealth" if take else "givewealth",
        row.user_id,
        {"wealth": row.wealth},
        {"wealth": balance, "asked": asked, "moved": moved},
        reason,
    )
    return WealthChanged(_moderator(ctx), row.name, asked, moved, balance)


async def givexp(ctx: CommandCtx) -> XpGiven | AdminRefusal:
    target = await _target(ctx)
    amount = _amount(ctx)
    reason = ctx.invocation.rest(2)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    effects = gain_xp(row.user_id, row.xp, row.level, amount, ctx.rules.progression)
    await _commit(ctx, row, effects, "givexp", reason)
    after = (await lock_players(ctx.conn, (row.user_id,)))[row.user_id]
    await audit(
        ctx,
        "givexp",
        row.user_id,
        {"xp": row.xp, "level": row.level, "tier": tier_label(row.tier)},
        {"xp": after.xp, "level": after.level, "tier": tier_label(after.tier)},
        reason,
    )
    new_tier = tier_label(after.tier) if after.tier != row.tier else None
    return XpGiven(_moderator(ctx), row.name, amount, after.level, row.level, new_tier)


# -- crates, items ---------------------------------------------------------------------------------


async def givecrate(ctx: CommandCtx) -> CrateGiven | AdminRefusal:
    args = ctx.invocation.args
    target = await _target(ctx)
    try:
        tier = CrateTier(args[1].lower()) if len(args) > 1 else None
    except ValueError:
        tier = None
    if tier is None:
        raise UsageError(ctx.invocation.command, "The tier must be common, uncommon, rare or legendary.")
    reason = ctx.invocation.rest(2)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    held, escrowed = await reads.crate_counts(ctx.conn, row.user_id)
    placement, effects = place_crate(
        row.user_id, tier, CrateSource.ADMIN, held=held, escrowed=escrowed, rules=ctx.rules, now=ctx.now
    )
    await _commit(ctx, row, effects, "givecrate", reason)
    await audit(
        ctx,
        "givecrate",
        row.user_id,
        {"crates_held": held, "crates_escrowed": escrowed},
        {"crate": tier.value, "placement": placement.value},
        reason,
    )
    return CrateGiven(_moderator(ctx), row.name, tier, placement)


async def giveitem(ctx: CommandCtx) -> ItemGiven | AdminRefusal:
    target = await _target(ctx)
    wanted = ctx.invocation.rest(1)
    if not wanted:
        raise UsageError(ctx.invocation.command)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    catalogue = ctx.game.catalogue
    options = [(i.name, i) for i in catalogue.items] + [(i.key, i) for i in catalogue.items]
    found = match_name(wanted, options)
    if found.ambiguous:
        return AdminRefusal(_moderator(ctx), "ambiguous_item", wanted, found.candidates)
    if not found.values:
        return AdminRefusal(_moderator(ctx), "unknown_item", wanted)
    item = found.values[0]
    row = await _lock(ctx, target.user_id)
    owned = await reads.inventory(ctx.conn, row.user_id, catalogue)
    effects = place_item(InventoryState(row.user_id, owned), item, rules=ctx.rules, now=ctx.now)
    if effects is None:
        return AdminRefusal(_moderator(ctx), "inventory_full", row.name)
    await _commit(ctx, row, effects, "giveitem", "")
    escrow = next((e.escrow_until for e in effects if isinstance(e, ItemGranted)), None)
    await audit(
        ctx,
        "giveitem",
        row.user_id,
        {"items": len(owned)},
        {"item": item.key, "escrow_until": escrow.isoformat() if escrow else None},
    )
    return ItemGiven(_moderator(ctx), row.name, item.name, escrow)


# -- jail --------------------------------------------------------------------------------------------


async def jail(ctx: CommandCtx) -> JailChanged | AdminRefusal:
    args = ctx.invocation.args
    target = await _target(ctx)
    text = args[1] if len(args) > 1 else ""
    minutes = int(text) if text.isdecimal() and len(text) <= 5 else 0
    if not 1 <= minutes <= MAX_JAIL_MINUTES:
        raise UsageError(ctx.invocation.command, f"Minutes must be a whole number from 1 to {MAX_JAIL_MINUTES}.")
    reason = ctx.invocation.rest(2)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    until = ctx.now + timedelta(minutes=minutes)
    await _commit(ctx, row, [JailSet(row.user_id, until)], "jail", reason)
    await audit(
        ctx,
        "jail",
        row.user_id,
        {"jailed_until": _jail_state(row.jailed_until, ctx.now)},
        {"jailed_until": until.isoformat(), "minutes": minutes},
        reason,
    )
    return JailChanged(_moderator(ctx), row.name, until)


async def release(ctx: CommandCtx) -> JailChanged | AdminRefusal:
    target = await _target(ctx)
    reason = ctx.invocation.rest(1)
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    if _jail_state(row.jailed_until, ctx.now) is None:
        return AdminRefusal(_moderator(ctx), "not_jailed", row.name)
    await _commit(ctx, row, [JailCleared(row.user_id)], "release", reason)
    await audit(
        ctx, "release", row.user_id, {"jailed_until": _jail_state(row.jailed_until, ctx.now)}, {"jailed_until": None}, reason
    )
    return JailChanged(_moderator(ctx), row.name, None)


# -- black market --------------------------------------------------------------------------------------


async def rotatemarket(ctx: CommandCtx) -> MarketRotated:
    """Close the rotation in force and roll a new one now (same lock as the lazy first roll)."""
    conn = ctx.conn
    await conn.execute(_MARKET_LOCK)
    await conn.execute(_MARKET_CLOSE, ctx.now)
    rotation_id: int = await conn.fetchval(_MARKET_NEXT)
    market = roll_black_market(ctx.game.catalogue, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    discount = Decimal(str(ctx.rules.shop.featured_discount))
    for entry in market.entries:
        await conn.execute(
            _MARKET_ENTRY,
            rotation_id,
            entry.item_key,
            entry.stock,
            entry.price,
            discount if entry.featured else Decimal(0),
            entry.featured,
            market.rotated_at,
            market.rotates_at,
        )
    featured = next((e.item_key for e in market.entries if e.featured), None)
    roll = ctx.roll
    await audit(
        ctx,
        "rotatemarket",
        None,
        None,
        {
            "rotation_id": rotation_id,
            "items": [e.item_key for e in market.entries],
            "featured": featured,
            "rng_seed_id": roll.seed_id if roll else None,
            "rng_nonce": roll.nonce if roll else None,
        },
        ctx.invocation.rest(0),
    )
    item = ctx.game.catalogue.by_key.get(featured) if featured else None
    return MarketRotated(_moderator(ctx), rotation_id, len(market.entries), item.name if item else None, market.rotates_at)


# -- sessions -------------------------------------------------------------------------------------------


async def startsession(ctx: CommandCtx) -> SessionChanged | AdminRefusal:
    title = ctx.invocation.rest(0)[:255]
    session_id = await ctx.conn.fetchval(_SESSION_START, ctx.platform.value, title or None, ctx.actor_id, ctx.now)
    if session_id is None:
        running = await ctx.conn.fetchrow(_SESSION_ACTIVE)
        subject = (running["session_title"] or "") if running is not None else ""
        return AdminRefusal(_moderator(ctx), "session_running", subject)
    await audit(ctx, "startsession", None, None, {"session_id": session_id, "title": title or None})
    return SessionChanged(_moderator(ctx), True, session_id, title)


async def endsession(ctx: CommandCtx) -> SessionChanged | AdminRefusal:
    ended = await ctx.conn.fetchrow(_SESSION_END, ctx.now)
    if ended is None:
        return AdminRefusal(_moderator(ctx), "no_session")
    session_id: int = ended["session_id"]
    await audit(ctx, "endsession", None, {"session_id": session_id, "active": True}, {"session_id": session_id, "active": False})
    return SessionChanged(_moderator(ctx), False, session_id)


# -- Discord server configuration (!kp-admin) --------------------------------------------------------

_SET_CHANNEL = QUERIES["discord/set_channel"]
_GET_CONFIG = QUERIES["discord/get_config"]
_ADD_ACTIVITY = QUERIES["discord/add_activity_channel"]
_REMOVE_ACTIVITY = QUERIES["discord/remove_activity_channel"]
_CHANNEL_ID = re.compile(r"^<?#?(\d{1,50})>?$")


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    """``change``: set_commands, set_feed, added, already_added, removed, not_listed, list;
    or a refusal: not_discord, not_server, not_admin."""

    name: str
    change: str
    channel_id: str = ""
    commands_channel_id: str | None = None
    feed_channel_id: str | None = None
    activity_channel_ids: tuple[str, ...] = ()


def _channel(ctx: CommandCtx, text: str | None) -> str:
    if text is None:
        channel = ctx.event.subchannel if isinstance(ctx.event, ChatMessage) else ""
        if not channel:
            raise UsageError(ctx.invocation.command, "Name the channel id.")
        return channel
    found = _CHANNEL_ID.match(text)
    if found is None:
        raise UsageError(ctx.invocation.command, "A channel id is a number (right-click the channel → Copy ID).")
    return found[1]


async def kp_admin(ctx: CommandCtx) -> DiscordConfig:
    """``!kp-admin …``: a Discord guild's commands, feed and activity channels (broadcaster only:
    the server owner or an Administrator). Keyed by the guild id (``ChatMessage.channel``); a
    missing channel id means the channel the command was typed in (``subchannel``)."""
    name = _moderator(ctx)
    if ctx.platform is not Platform.DISCORD:
        return DiscordConfig(name, "not_discord")
    guild = ctx.event.channel
    if not guild.isdecimal():
        return DiscordConfig(name, "not_server")
    if not ctx.sender.is_broadcaster:
        return DiscordConfig(name, "not_admin")
    args = [a.lower() for a in ctx.invocation.args]
    conn = ctx.conn
    verb = args[0] if args else ""
    kind = args[1] if len(args) > 1 else ""
    given = ctx.invocation.args[2] if len(args) > 2 else None
    before = await conn.fetchrow(_GET_CONFIG, guild)
    if verb == "listchannels":
        return DiscordConfig(
            name, "list", "", before["commands_channel_id"], before["feed_channel_id"], tuple(before["activity_channel_ids"])
        )
    if verb == "setchannel" and kind in ("commands", "feed"):
        channel = _channel(ctx, given)
        await conn.fetchrow(_SET_CHANNEL, guild, kind, channel)
        change = f"set_{kind}"
    elif verb in ("addchannel", "removechannel") and kind == "activity":
        channel = _channel(ctx, given)
        if verb == "addchannel":
            added = await conn.fetchval(_ADD_ACTIVITY, guild, channel, ctx.sender.user_id[:50])
            change = "added" if added is not None else "already_added"
        else:
            removed = await conn.fetchval(_REMOVE_ACTIVITY, guild, channel)
            change = "removed" if removed is not None else "not_listed"
    else:
        raise UsageError(ctx.invocation.command)
    after = await conn.fetchrow(_GET_CONFIG, guild)
    if change not in ("already_added", "not_listed"):
        await audit(ctx, f"discord.{verb}", None, _config_json(guild, before), _config_json(guild, after), f"{kind} {channel}")
    return DiscordConfig(
        name, change, channel, after["commands_channel_id"], after["feed_channel_id"], tuple(after["activity_channel_ids"])
    )


def _config_json(guild: str, row: Any) -> dict[str, Any]:
    return {
        "guild_id": guild,
        "commands_channel_id": row["commands_channel_id"],
        "feed_channel_id": row["feed_channel_id"],
        "activity_channel_ids": list(row["activity_channel_ids"]),
    }


HANDLERS = {
    Command.KPADMIN: kp_admin,
    Command.GIVEWEALTH: givewealth,
    Command.TAKEWEALTH: takewealth,
    Command.GIVEXP: givexp,
    Command.GIVECRATE: givecrate,
    Command.GIVEITEM: giveitem,
    Command.JAIL: jail,
    Command.RELEASE: release,
    Command.ROTATEMARKET: rotatemarket,
    Command.STARTSESSION: startsession,
    Command.ENDSESSION: endsession,
}
