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
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

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
from bot.commanding import Access, Arg, Slash, UsageError, command
from bot.context import CommandCtx
from bot.events import ChatMessage, Platform
from bot.handlers.common import Target, commit_resolution, resolve_target
from bot.live.context import LiveCtx
from bot.live.sessions import end_active_session, start_session
from bot.names import match_name
from bot.repository import discord_config, reads
from bot.repository.audit import AuditEntry, insert_audit
from bot.repository.effects import tier_label
from bot.repository.market import rotate_market
from bot.repository.players import PlayerRow, lock_players
from game import (
    CrateSource,
    CrateTier,
    Effect,
    InventoryState,
    ItemGranted,
    JailCleared,
    JailSet,
    LedgerReason,
    Resolved,
    WealthDelta,
    gain_xp,
    place_crate,
    place_item,
)

__all__ = ["audit", "endsession", "givecrate", "giveitem", "givewealth", "givexp", "jail", "kp_addchannel", "kp_listchannels", "kp_removechannel", "kp_setchannel", "release", "rotatemarket", "startsession", "takewealth"]


MAX_JAIL_MINUTES = 1440
MAX_REASON = 500


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
    entry = AuditEntry(
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
    return await insert_audit(ctx.conn, entry)


def _moderator(ctx: CommandCtx) -> str:
    return ctx.sender.display_name or ctx.sender.login


async def _lock(ctx: CommandCtx, user_id: int) -> PlayerRow:
    return (await lock_players(ctx.conn, (user_id,)))[user_id]


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


_BC = Access.BROADCASTER
_MOD = Access.MODERATOR
_REASON = Arg.text("reason", optional=True, slash=False)


def _player(help: str) -> Arg:
    return Arg.user("player", label="user", help=help)


@command(
    "givewealth",
    aliases=("addwealth",),
    args=(_player("Who receives it"), Arg.amount(help="How much"), _REASON),
    access=_BC,
    throttle=0,
    help="Give cash.",
    description="Owner: give wealth to a player",
)
async def givewealth(ctx: CommandCtx, player: str, amount: int, reason: str) -> WealthChanged | AdminRefusal:
    return await _move_wealth(ctx, player, amount, reason, take=False)


@command(
    "takewealth",
    aliases=("removewealth",),
    args=(_player("Who loses it"), Arg.amount(help="How much"), _REASON),
    access=_BC,
    throttle=0,
    help="Take cash.",
    description="Owner: take wealth from a player",
)
async def takewealth(ctx: CommandCtx, player: str, amount: int, reason: str) -> WealthChanged | AdminRefusal:
    return await _move_wealth(ctx, player, amount, reason, take=True)


async def _move_wealth(
    ctx: CommandCtx, player: str, asked: int, reason: str, *, take: bool
) -> WealthChanged | AdminRefusal:
    target = await resolve_target(ctx, player)
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


@command(
    "givexp",
    aliases=("addxp",),
    args=(_player("Who receives it"), Arg.amount(help="How much XP"), _REASON),
    access=_BC,
    throttle=0,
    help="Give XP.",
    description="Owner: give XP to a player",
)
async def givexp(ctx: CommandCtx, player: str, amount: int, reason: str) -> XpGiven | AdminRefusal:
    target = await resolve_target(ctx, player)
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


_TIERS = tuple(t.value for t in CrateTier)


@command(
    "givecrate",
    aliases=("addcrate",),
    args=(
        _player("Who receives it"),
        Arg.choice("tier", _TIERS, error="The tier must be common, uncommon, rare or legendary.", help="Crate tier"),
        _REASON,
    ),
    access=_BC,
    throttle=0,
    help="Give a crate.",
    description="Owner: give a crate to a player",
)
async def givecrate(ctx: CommandCtx, player: str, tier: str, reason: str) -> CrateGiven | AdminRefusal:
    return await _give_crate(ctx, await resolve_target(ctx, player), CrateTier(tier), reason)


async def _give_crate(ctx: CommandCtx, target: Target, tier: CrateTier, reason: str) -> CrateGiven | AdminRefusal:
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    row = await _lock(ctx, target.user_id)
    held, escrowed = await reads.crate_counts(ctx.conn, row.user_id, ctx.now)
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


@command(
    "giveitem",
    args=(_player("Who receives it"), Arg.text("item", help="Item name or id")),
    access=_BC,
    throttle=0,
    help="Give an item.",
    description="Owner: give an item to a player",
)
async def giveitem(ctx: CommandCtx, player: str, item: str) -> ItemGiven | AdminRefusal:
    target = await resolve_target(ctx, player)
    wanted = item
    if target.user_id is None:
        return AdminRefusal(_moderator(ctx), "unknown_player", target.name)
    catalogue = ctx.game.catalogue
    options = [(i.name, i) for i in catalogue.items] + [(i.key, i) for i in catalogue.items]
    found = match_name(wanted, options)
    if found.ambiguous:
        return AdminRefusal(_moderator(ctx), "ambiguous_item", wanted, found.candidates)
    if not found.values:
        return AdminRefusal(_moderator(ctx), "unknown_item", wanted)
    chosen = found.values[0]
    row = await _lock(ctx, target.user_id)
    owned = await reads.inventory(ctx.conn, row.user_id, catalogue)
    effects = place_item(InventoryState(row.user_id, owned), chosen, rules=ctx.rules, now=ctx.now)
    if effects is None:
        return AdminRefusal(_moderator(ctx), "inventory_full", row.name)
    await _commit(ctx, row, effects, "giveitem", "")
    escrow = next((e.escrow_until for e in effects if isinstance(e, ItemGranted)), None)
    await audit(
        ctx,
        "giveitem",
        row.user_id,
        {"items": len(owned)},
        {"item": chosen.key, "escrow_until": escrow.isoformat() if escrow else None},
    )
    return ItemGiven(_moderator(ctx), row.name, chosen.name, escrow)


# -- jail --------------------------------------------------------------------------------------------


@command(
    "jail",
    args=(
        Arg.user("player", label="user", help="Who to jail"),
        Arg.integer("minutes", minimum=1, maximum=MAX_JAIL_MINUTES, help="How long"),
        _REASON,
    ),
    access=_MOD,
    throttle=0,
    help="Jail a player.",
    description="Moderators: jail a player",
)
async def jail(ctx: CommandCtx, player: str, minutes: int, reason: str) -> JailChanged | AdminRefusal:
    target = await resolve_target(ctx, player)
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


@command(
    "release",
    args=(Arg.user("player", label="user", help="Who to release"), _REASON),
    access=_MOD,
    throttle=0,
    help="Release a player from jail.",
    description="Moderators: release a player from jail",
)
async def release(ctx: CommandCtx, player: str, reason: str) -> JailChanged | AdminRefusal:
    target = await resolve_target(ctx, player)
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


@command(
    "rotatemarket",
    args=(replace(_REASON, shown=False),),
    access=_BC,
    throttle=0,
    help="Rotate the black market now.",
    description="Owner: rotate the black market now",
)
async def rotatemarket(ctx: CommandCtx, reason: str) -> MarketRotated:
    """Close the rotation in force and roll a new one now (same lock as the lazy first roll)."""
    rng = await ctx.rng()
    rotated = await rotate_market(ctx.conn, ctx.game.catalogue, rules=ctx.rules, rng=rng, now=ctx.now)
    rotation_id, market, featured = rotated.rotation_id, rotated.market, rotated.featured
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
        reason,
    )
    item = ctx.game.catalogue.by_key.get(featured) if featured else None
    return MarketRotated(_moderator(ctx), rotation_id, len(market.entries), item.name if item else None, market.rotates_at)


# -- sessions -------------------------------------------------------------------------------------------


@command(
    "startsession",
    aliases=("startstream",),
    args=(Arg.text("title", optional=True, maximum=200, help="Session title"),),
    access=_MOD,
    throttle=0,
    help="Start a stream session.",
    description="Moderators: start a live session",
)
async def startsession(ctx: CommandCtx, title: str) -> SessionChanged | AdminRefusal:
    """Start a session; one already running is ended normally first (winner paid)."""
    title = title[:255]
    live_ctx = LiveCtx(ctx.game, ctx.now, ctx.platform.value, ctx.event.event_id, ctx.prefix)
    started = await start_session(ctx.conn, live_ctx, platform=ctx.platform.value, title=title or None, started_by=ctx.actor_id)
    if started is None:
        return AdminRefusal(_moderator(ctx), "session_running", "")
    ended = started.ended.session_id if started.ended is not None else None
    await audit(ctx, "startsession", None, {"ended_session_id": ended}, {"session_id": started.session_id, "title": title or None})
    return SessionChanged(_moderator(ctx), True, started.session_id, title, ended)


@command(
    "endsession",
    aliases=("endstream",),
    access=_MOD,
    throttle=0,
    help="End the stream session.",
    description="Moderators: end the live session",
)
async def endsession(ctx: CommandCtx) -> SessionChanged | AdminRefusal:
    """The one end-of-session flow (``bot.live.sessions``): holder paid, heists closed, summary."""
    live_ctx = LiveCtx(ctx.game, ctx.now, ctx.platform.value, ctx.event.event_id, ctx.prefix)
    ended = await end_active_session(ctx.conn, live_ctx)
    if ended is None:
        return AdminRefusal(_moderator(ctx), "no_session")
    session_id = ended.session_id
    winner = ended.winner.user_id if ended.winner is not None else None
    await audit(
        ctx, "endsession", None, {"session_id": session_id, "active": True},
        {"session_id": session_id, "active": False, "winner_user_id": winner},
    )
    return SessionChanged(_moderator(ctx), False, session_id)


# -- Discord server configuration (!kp-admin) --------------------------------------------------------

_CHANNEL_ID = re.compile(r"^<?#?(\d{1,50})>?$")


def _channel(ctx: CommandCtx, text: str | None) -> str:
    if text is None:
        channel = ctx.event.subchannel if isinstance(ctx.event, ChatMessage) else ""
        if not channel:
            raise UsageError("Name the channel id.")
        return channel
    found = _CHANNEL_ID.match(text)
    if found is None:
        raise UsageError("A channel id is a number (right-click the channel → Copy ID).")
    return found[1]


# ``!kp-admin …``: a Discord guild's commands, feed and activity channels (broadcaster only: the
# server owner or an Administrator; servers only). Keyed by the guild id (``ChatMessage.channel``);
# a missing channel id means the channel the command was typed in (``subchannel``).
_ADMIN_GROUP = "Configure Kingpin channels in this server"
_CHANNEL_ARG = Arg.channel("channel", optional=True, label="channel_id", help="The channel (this one if empty)")
_ACTIVITY = Arg.choice("kind", ("activity",))


def _kp_admin(sub: str, args: tuple[Arg, ...], help: str, description: str, slash_args: tuple[Arg, ...], fixed: tuple[str, ...] = ()) -> Any:
    return command(
        f"kp-admin {sub}",
        args=args,
        access=_BC,
        throttle=0,
        platforms=(Platform.DISCORD,),
        server_only=True,
        private=True,
        help=help,
        slash=(Slash(f"kingpin-admin {sub}", description, slash_args, fixed, _ADMIN_GROUP),),
    )


_KINDS = Arg.choice("kind", ("commands", "feed"), help="Which channel to set")


@_kp_admin("setchannel", (_KINDS, _CHANNEL_ARG), "Set the Discord commands or feed channel.", "Set the commands or feed channel", (_KINDS, _CHANNEL_ARG))
async def kp_setchannel(ctx: CommandCtx, kind: str, channel: str | None) -> DiscordConfig:
    return await _configure(ctx, "setchannel", kind, channel)


@_kp_admin("addchannel", (_ACTIVITY, _CHANNEL_ARG), "Count chat in a channel as activity.", "Count chat in a channel as activity", (_CHANNEL_ARG,), ("activity",))
async def kp_addchannel(ctx: CommandCtx, kind: str, channel: str | None) -> DiscordConfig:
    return await _configure(ctx, "addchannel", kind, channel)


@_kp_admin("removechannel", (_ACTIVITY, _CHANNEL_ARG), "Stop counting chat in a channel.", "Stop counting chat in a channel", (_CHANNEL_ARG,), ("activity",))
async def kp_removechannel(ctx: CommandCtx, kind: str, channel: str | None) -> DiscordConfig:
    return await _configure(ctx, "removechannel", kind, channel)


@_kp_admin("listchannels", (), "Show this server's Kingpin channels.", "Show this server's Kingpin channels", ())
async def kp_listchannels(ctx: CommandCtx) -> DiscordConfig:
    return await _configure(ctx, "listchannels", "", None)


async def _configure(ctx: CommandCtx, verb: str, kind: str, given: str | None) -> DiscordConfig:
    name = _moderator(ctx)
    guild = ctx.event.channel
    conn = ctx.conn
    before = await discord_config.guild_channels(conn, guild)
    if verb == "listchannels":
        return DiscordConfig(
            name, "list", "", before.commands_channel_id, before.feed_channel_id, before.activity_channel_ids
        )
    if verb == "setchannel" and kind in ("commands", "feed"):
        channel = _channel(ctx, given)
        await discord_config.set_channel(conn, guild, kind, channel)
        change = f"set_{kind}"
    elif verb in ("addchannel", "removechannel") and kind == "activity":
        channel = _channel(ctx, given)
        if verb == "addchannel":
            added = await discord_config.add_activity_channel(conn, guild, channel, ctx.sender.user_id[:50])
            change = "added" if added else "already_added"
        else:
            removed = await discord_config.remove_activity_channel(conn, guild, channel)
            change = "removed" if removed else "not_listed"
    else:
        raise UsageError()
    after = await discord_config.guild_channels(conn, guild)
    if change not in ("already_added", "not_listed"):
        await audit(ctx, f"discord.{verb}", None, _config_json(guild, before), _config_json(guild, after), f"{kind} {channel}")
    return DiscordConfig(
        name, change, channel, after.commands_channel_id, after.feed_channel_id, after.activity_channel_ids
    )


def _config_json(guild: str, row: discord_config.GuildChannels) -> dict[str, Any]:
    return {
        "guild_id": guild,
        "commands_channel_id": row.commands_channel_id,
        "feed_channel_id": row.feed_channel_id,
        "activity_channel_ids": list(row.activity_channel_ids),
    }
