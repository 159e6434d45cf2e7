"""Slash commands: each one becomes the chat line a player would type and goes to the sink.

Theory of operation
-------------------
Every command body calls :meth:`KingpinCog._run` with its :class:`Policy` key and options.
``_run`` refuses in the adapter what the adapter can judge alone (a server-only command in a
DM; a moderator command from someone without the role — checked at run time from the member's
permissions and roles, never only from Discord's ``default_permissions`` hint, which a server
admin can change), then builds a ``ChatMessage`` with :func:`adapters.discord.parse.chat_message`
and hands it to the ``EventSink``. The pipeline still decides permissions from ``Sender.roles``;
the check here is so a viewer gets an immediate private "no" rather than silence.

Timing: Discord wants a first response within 3 s. We start the sink and wait up to
``respond_within`` seconds (default 1.5, leaving room for the network). If the replies are
ready, they are sent as the interaction response, each with its own visibility. Otherwise we
defer (visibility = the command's default) and send the replies as follow-ups when they arrive;
if the command was deferred publicly and the first reply is private, the public "thinking"
message is deleted first so the private reply is not shown to everyone. Fast answers (the usual
case) therefore need one request and never show a "thinking…" flash.

Visibility: a reply is ephemeral when the command is private (inventory, cooldowns, tokens,
link codes, shop and item management, admin configuration) or when the pipeline marks the
``Reply`` private; everything else (rob, open, play, …) is public.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from enum import IntEnum

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.events import ChatMessage, Reply, Role
from bot.ports import EventSink

from .parse import InvocationFacts, RoleConfig, chat_message, clean_arg
from .ports import Autocomplete, NoAutocomplete
from .render import embed_messages

__all__ = ["POLICIES", "KingpinCog", "Need", "Policy", "facts_from_interaction"]

log = structlog.get_logger("kingpin.discord")

MAX_CHOICES = 25
CHOICE_LIMIT = 100
NOTHING_TO_SHOW = "Nothing to show right now."
TRY_AGAIN = "⚠️ Something went wrong on our side. Please try again in a moment."
SERVER_ONLY = "🚫 This command works only in a server."
NOT_ALLOWED = {
    1: "🚫 Only moderators can use this command.",
    2: "🚫 Only the server owner or an administrator can use this command.",
}


class Need(IntEnum):
    ANYONE = 0
    MODERATOR = 1  # Role.MODERATOR or Role.BROADCASTER
    BROADCASTER = 2  # server owner or Administrator


@dataclass(frozen=True, slots=True)
class Policy:
    command: str  # the chat command (without prefix), plus fixed leading args
    private: bool = False
    need: Need = Need.ANYONE
    guild_only: bool = False


def _mod(command: str) -> Policy:
    return Policy(command, need=Need.MODERATOR, guild_only=True)


def _bc(command: str, *, private: bool = False) -> Policy:
    return Policy(command, private=private, need=Need.BROADCASTER, guild_only=True)


# Keyed by the qualified slash-command name.
POLICIES: dict[str, Policy] = {
    "play": Policy("play"),
    "rob": Policy("rob"),
    "bail": Policy("bail"),
    "checkin": Policy("checkin"),
    "profile": Policy("profile"),
    "balance": Policy("balance"),
    "level": Policy("level"),
    "tokens": Policy("tokens", private=True),
    "inventory": Policy("inventory", private=True),
    "equip": Policy("equip", private=True),
    "unequip": Policy("unequip", private=True),
    "sell": Policy("sell", private=True),
    "crates": Policy("crates", private=True),
    "open": Policy("open"),
    "shop": Policy("shop", private=True),
    "buy": Policy("buy", private=True),
    "reroll": Policy("reroll", private=True),
    "market": Policy("market"),
    "collect": Policy("collect"),
    "insurance": Policy("insurance", private=True),
    "cooldowns": Policy("cooldowns", private=True),
    "lb": Policy("lb"),
    "rank": Policy("rank"),
    "help": Policy("help", private=True),
    "achievements": Policy("achievements"),
    "titles": Policy("titles", private=True),
    "missions": Policy("missions", private=True),
    "hof": Policy("hof"),
    "notifications": Policy("notifications", private=True),
    "kingpin link": Policy("link", private=True),
    "kingpin join": Policy("link", private=True),
    "startsession": _mod("startsession"),
    "endsession": _mod("endsession"),
    "jail": _mod("jail"),
    "release": _mod("release"),
    "givewealth": _bc("givewealth"),
    "takewealth": _bc("takewealth"),
    "givexp": _bc("givexp"),
    "givecrate": _bc("givecrate"),
    "giveitem": _bc("giveitem"),
    "rotatemarket": _bc("rotatemarket"),
    "kingpin-admin setchannel": _bc("kp-admin setchannel", private=True),
    "kingpin-admin addchannel": _bc("kp-admin addchannel activity", private=True),
    "kingpin-admin removechannel": _bc("kp-admin removechannel activity", private=True),
    "kingpin-admin listchannels": _bc("kp-admin listchannels", private=True),
}

_CRATE_TIERS = [
    app_commands.Choice(name=t, value=t) for t in ("common", "uncommon", "rare", "legendary")
]
_SLOTS = [app_commands.Choice(name=s, value=s) for s in ("weapon", "armor", "business", "housing")]
_POLICIES_INS = [
    app_commands.Choice(name=p, value=p)
    for p in ("none", "basic", "standard", "premium", "platinum")
]
_PERIODS = [
    app_commands.Choice(name=p, value=p)
    for p in ("daily", "weekly", "monthly", "annual", "lifetime")
]
_METRICS = [
    app_commands.Choice(name=m, value=m)
    for m in ("wealth", "xp", "plays", "robs", "donations", "chatters")
]
_CHANNEL_KINDS = [app_commands.Choice(name=k, value=k) for k in ("commands", "feed")]
_Amount = app_commands.Range[int, 1, 1_000_000_000_000]
_Minutes = app_commands.Range[int, 1, 10_080]
_Name = app_commands.Range[str, 1, 100]


def facts_from_interaction(interaction: discord.Interaction) -> InvocationFacts:
    """Plain facts about who invoked what, where (reads cached objects only; no I/O)."""
    user = interaction.user
    guild = interaction.guild
    roles: Sequence[discord.Role] = getattr(user, "roles", ()) if guild is not None else ()
    return InvocationFacts(
        interaction_id=str(interaction.id),
        user_id=str(user.id),
        login=user.name,
        display_name=user.display_name,
        guild_id=str(interaction.guild_id) if interaction.guild_id is not None else None,
        channel_id=str(interaction.channel_id) if interaction.channel_id is not None else "",
        received_at=interaction.created_at,
        is_owner=guild is not None and guild.owner_id == user.id,
        permissions=frozenset(name for name, granted in interaction.permissions if granted),
        role_ids=frozenset(str(r.id) for r in roles),
        role_names=frozenset(r.name for r in roles),
        premium=getattr(user, "premium_since", None) is not None,
    )


def _allowed(roles: frozenset[Role], need: Need) -> bool:
    if need is Need.BROADCASTER:
        return Role.BROADCASTER in roles
    if need is Need.MODERATOR:
        return Role.BROADCASTER in roles or Role.MODERATOR in roles
    return True


class _Responder:
    """Sends one interaction's messages: the response first, follow-ups after."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction
        self._deferred_ephemeral: bool | None = None
        self._sent = 0

    async def defer(self, *, ephemeral: bool) -> None:
        await self._interaction.response.defer(ephemeral=ephemeral, thinking=True)
        self._deferred_ephemeral = ephemeral

    async def send(
        self, *, ephemeral: bool, content: str | None = None, embeds: Sequence[discord.Embed] = ()
    ) -> None:
        mentions = discord.AllowedMentions.none()
        if self._sent == 0 and self._deferred_ephemeral is None:
            await self._interaction.response.send_message(
                content=content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=mentions
            )
        else:
            if self._sent == 0 and ephemeral and self._deferred_ephemeral is False:
                await self._interaction.delete_original_response()
            await self._interaction.followup.send(
                content=content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=mentions
            )
        self._sent += 1

    @property
    def sent(self) -> int:
        return self._sent


class KingpinCog(commands.Cog):
    """The slash commands; one instance per bot."""

    kingpin = app_commands.Group(
        name="kingpin", description="Link your Discord to your Kingpin character"
    )
    kingpin_admin = app_commands.Group(
        name="kingpin-admin",
        description="Configure Kingpin channels in this server",
        guild_only=True,
        default_permissions=discord.Permissions(administrator=True),
    )

    def __init__(
        self,
        sink: EventSink,
        *,
        prefix: str,
        roles: RoleConfig | None = None,
        autocomplete: Autocomplete | None = None,
        respond_within: float = 1.5,
    ) -> None:
        self._sink = sink
        self._prefix = prefix
        self._roles = roles or RoleConfig()
        self._autocomplete: Autocomplete = autocomplete or NoAutocomplete()
        self._respond_within = respond_within

    # ----- the shared path -------------------------------------------------------------------

    def event_for(self, interaction: discord.Interaction, key: str, *args: object) -> ChatMessage:
        policy = POLICIES[key]
        return chat_message(
            facts_from_interaction(interaction),
            prefix=self._prefix,
            command=policy.command,
            args=args,
            roles=self._roles,
        )

    async def _run(self, interaction: discord.Interaction, key: str, *args: object) -> None:
        policy = POLICIES[key]
        responder = _Responder(interaction)
        if policy.guild_only and interaction.guild_id is None:
            await responder.send(ephemeral=True, content=SERVER_ONLY)
            return
        event = self.event_for(interaction, key, *args)
        bound = log.bind(event_id=event.event_id, command=key, user=event.sender.user_id)
        if not _allowed(event.sender.roles, policy.need):
            bound.info("discord.refused", reason="permission")
            await responder.send(ephemeral=True, content=NOT_ALLOWED[policy.need])
            return
        try:
            replies = await self._replies(event, responder, private=policy.private)
        except Exception:
            bound.exception("discord.sink_failed")
            await self._send_safely(responder, bound, ephemeral=True, content=TRY_AGAIN)
            return
        for reply in replies:
            ephemeral = policy.private or reply.private
            for embeds in embed_messages(reply.text):
                await self._send_safely(responder, bound, ephemeral=ephemeral, embeds=embeds)
        if responder.sent == 0:
            await self._send_safely(responder, bound, ephemeral=True, content=NOTHING_TO_SHOW)

    async def _replies(
        self, event: ChatMessage, responder: _Responder, *, private: bool
    ) -> Sequence[Reply]:
        task = asyncio.ensure_future(self._sink(event))
        try:
            return await asyncio.wait_for(asyncio.shield(task), self._respond_within)
        except TimeoutError:
            pass
        await responder.defer(ephemeral=private)
        return await task

    @staticmethod
    async def _send_safely(
        responder: _Responder,
        bound: structlog.typing.FilteringBoundLogger,
        *,
        ephemeral: bool,
        content: str | None = None,
        embeds: Sequence[discord.Embed] = (),
    ) -> None:
        try:
            await responder.send(ephemeral=ephemeral, content=content, embeds=embeds)
        except discord.HTTPException as exc:
            # 10062 Unknown interaction: too late. Nothing to retry; the game state is committed.
            bound.warning("discord.send_failed", status=exc.status, code=exc.code)

    async def _suggest(
        self, lookup: Awaitable[Sequence[str]], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            names = await asyncio.wait_for(lookup, self._respond_within)
        except Exception:
            log.warning("discord.autocomplete_failed", exc_info=True)
            return []
        typed = clean_arg(current).lstrip("@").casefold()
        seen: set[str] = set()
        choices: list[app_commands.Choice[str]] = []
        for raw in names:
            name = clean_arg(raw)[:CHOICE_LIMIT]
            folded = name.casefold()
            if not name or folded in seen or not folded.startswith(typed):
                continue
            seen.add(folded)
            choices.append(app_commands.Choice(name=name, value=name))
            if len(choices) == MAX_CHOICES:
                break
        return choices

    async def players_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        guild = str(interaction.guild_id) if interaction.guild_id is not None else "dm"
        return await self._suggest(self._autocomplete.players(guild, clean_arg(current)), current)

    async def owned_items_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        user = str(interaction.user.id)
        return await self._suggest(
            self._autocomplete.owned_items(user, clean_arg(current)), current
        )

    async def shop_items_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        user = str(interaction.user.id)
        return await self._suggest(self._autocomplete.shop_items(user, clean_arg(current)), current)

    # ----- player commands ---------------------------------------------------------------------

    @app_commands.command(
        name="play", description="Run a job for wealth, XP and a chance at a crate"
    )
    async def play(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "play")

    @app_commands.command(name="rob", description="Try to rob another player")
    @app_commands.describe(target="The player to rob")
    @app_commands.autocomplete(target=players_autocomplete)
    async def rob(self, interaction: discord.Interaction, target: _Name) -> None:
        await self._run(interaction, "rob", target)

    @app_commands.command(name="bail", description="Pay bail to get out of jail")
    async def bail(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "bail")

    @app_commands.command(name="checkin", description="Daily check-in: keep your streak going")
    async def checkin(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "checkin")

    @app_commands.command(name="profile", description="Show a player's profile")
    @app_commands.describe(player="Whose profile (yours if empty)")
    @app_commands.autocomplete(player=players_autocomplete)
    async def profile(self, interaction: discord.Interaction, player: _Name | None = None) -> None:
        await self._run(interaction, "profile", player)

    @app_commands.command(name="balance", description="Show a player's wealth")
    @app_commands.describe(player="Whose balance (yours if empty)")
    @app_commands.autocomplete(player=players_autocomplete)
    async def balance(self, interaction: discord.Interaction, player: _Name | None = None) -> None:
        await self._run(interaction, "balance", player)

    @app_commands.command(name="level", description="Show a player's level and XP")
    @app_commands.describe(player="Whose level (yours if empty)")
    @app_commands.autocomplete(player=players_autocomplete)
    async def level(self, interaction: discord.Interaction, player: _Name | None = None) -> None:
        await self._run(interaction, "level", player)

    @app_commands.command(name="tokens", description="Your tokens, caps and next cost")
    async def tokens(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "tokens")

    @app_commands.command(name="inventory", description="Your items and what is equipped")
    async def inventory(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "inventory")

    @app_commands.command(name="equip", description="Equip an item you own")
    @app_commands.describe(item="Item name or inventory slot number")
    @app_commands.autocomplete(item=owned_items_autocomplete)
    async def equip(self, interaction: discord.Interaction, item: _Name) -> None:
        await self._run(interaction, "equip", item)

    @app_commands.command(name="unequip", description="Unequip the item in a slot")
    @app_commands.describe(slot="Which slot to empty")
    @app_commands.choices(slot=_SLOTS)
    async def unequip(
        self, interaction: discord.Interaction, slot: app_commands.Choice[str]
    ) -> None:
        await self._run(interaction, "unequip", slot.value)

    @app_commands.command(name="sell", description="Sell an item you own")
    @app_commands.describe(item="Item name or inventory slot number")
    @app_commands.autocomplete(item=owned_items_autocomplete)
    async def sell(self, interaction: discord.Interaction, item: _Name) -> None:
        await self._run(interaction, "sell", item)

    @app_commands.command(name="crates", description="Your unopened crates")
    async def crates(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "crates")

    @app_commands.command(name="open", description="Open a crate (the oldest if no tier is given)")
    @app_commands.describe(tier="Which tier of crate to open")
    @app_commands.choices(tier=_CRATE_TIERS)
    async def open_crate(
        self, interaction: discord.Interaction, tier: app_commands.Choice[str] | None = None
    ) -> None:
        await self._run(interaction, "open", tier.value if tier else None)

    @app_commands.command(name="shop", description="Your personal shop")
    async def shop(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "shop")

    @app_commands.command(name="buy", description="Buy an item from your personal shop")
    @app_commands.describe(item="Item name or shop slot number")
    @app_commands.autocomplete(item=shop_items_autocomplete)
    async def buy(self, interaction: discord.Interaction, item: _Name) -> None:
        await self._run(interaction, "buy", item)

    @app_commands.command(name="reroll", description="Refresh your personal shop")
    async def reroll(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "reroll")

    @app_commands.command(name="market", description="The black market: featured items and stock")
    async def market(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "market")

    @app_commands.command(name="collect", description="Collect your business revenue")
    async def collect(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "collect")

    @app_commands.command(name="insurance", description="Show or change your insurance policy")
    @app_commands.describe(policy="The policy to buy (show yours if empty)")
    @app_commands.choices(policy=_POLICIES_INS)
    async def insurance(
        self, interaction: discord.Interaction, policy: app_commands.Choice[str] | None = None
    ) -> None:
        await self._run(interaction, "insurance", policy.value if policy else None)

    @app_commands.command(name="cooldowns", description="Your cooldowns and jail time")
    async def cooldowns(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "cooldowns")

    @app_commands.command(name="lb", description="Leaderboards")
    @app_commands.describe(
        period="Time period (daily if empty)", metric="What to rank (wealth if empty)"
    )
    @app_commands.choices(period=_PERIODS, metric=_METRICS)
    async def lb(
        self,
        interaction: discord.Interaction,
        period: app_commands.Choice[str] | None = None,
        metric: app_commands.Choice[str] | None = None,
    ) -> None:
        await self._run(
            interaction, "lb", period.value if period else None, metric.value if metric else None
        )

    @app_commands.command(name="rank", description="Your rank on the leaderboards")
    @app_commands.describe(metric="What to rank (wealth if empty)")
    @app_commands.choices(metric=_METRICS)
    async def rank(
        self, interaction: discord.Interaction, metric: app_commands.Choice[str] | None = None
    ) -> None:
        await self._run(interaction, "rank", metric.value if metric else None)

    @app_commands.command(name="achievements", description="Achievements: done, per tier, the nearest three")
    @app_commands.describe(player="Whose achievements (yours if empty)")
    @app_commands.autocomplete(player=players_autocomplete)
    async def achievements(self, interaction: discord.Interaction, player: _Name | None = None) -> None:
        await self._run(interaction, "achievements", player)

    @app_commands.command(name="titles", description="Your titles; wear one, or 'none' to take it off")
    @app_commands.describe(title="A title you own to wear, or none")
    async def titles(self, interaction: discord.Interaction, title: _Name | None = None) -> None:
        await self._run(interaction, "titles", title)

    @app_commands.command(name="missions", description="Your daily and weekly missions")
    @app_commands.describe(kind="daily or weekly (both if empty)")
    @app_commands.choices(kind=[app_commands.Choice(name=k, value=k) for k in ("daily", "weekly")])
    async def missions(
        self, interaction: discord.Interaction, kind: app_commands.Choice[str] | None = None
    ) -> None:
        await self._run(interaction, "missions", kind.value if kind else None)

    @app_commands.command(name="hof", description="The hall of fame")
    @app_commands.describe(record="One record (all if empty)")
    async def hof(self, interaction: discord.Interaction, record: _Name | None = None) -> None:
        await self._run(interaction, "hof", record)

    @app_commands.command(name="notifications", description="Your unseen notifications")
    async def notifications(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "notifications")

    @app_commands.command(name="help", description="How to play Kingpin")
    @app_commands.describe(command="A command to explain")
    async def help(
        self,
        interaction: discord.Interaction,
        command: app_commands.Range[str, 1, 32] | None = None,
    ) -> None:
        await self._run(interaction, "help", command)

    # ----- linking -----------------------------------------------------------------------------

    @kingpin.command(name="link", description="Get a one-time code to link Twitch or Kick")
    async def kingpin_link(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "kingpin link")

    @kingpin.command(name="join", description="Link using a code you got on Twitch or Kick")
    @app_commands.describe(code="The code from !link")
    async def kingpin_join(
        self, interaction: discord.Interaction, code: app_commands.Range[str, 1, 32]
    ) -> None:
        await self._run(interaction, "kingpin join", code)

    # ----- moderator commands ------------------------------------------------------------------

    @app_commands.command(name="startsession", description="Moderators: start a live session")
    @app_commands.describe(title="Session title")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    async def startsession(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        await self._run(interaction, "startsession", title)

    @app_commands.command(name="endsession", description="Moderators: end the live session")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    async def endsession(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "endsession")

    @app_commands.command(name="jail", description="Moderators: jail a player")
    @app_commands.describe(player="Who to jail", minutes="How long (default per game rules)")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    async def jail(
        self, interaction: discord.Interaction, player: _Name, minutes: _Minutes | None = None
    ) -> None:
        await self._run(interaction, "jail", player, minutes)

    @app_commands.command(name="release", description="Moderators: release a player from jail")
    @app_commands.describe(player="Who to release")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    async def release(self, interaction: discord.Interaction, player: _Name) -> None:
        await self._run(interaction, "release", player)

    @app_commands.command(name="givewealth", description="Owner: give wealth to a player")
    @app_commands.describe(player="Who receives it", amount="How much")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def givewealth(
        self, interaction: discord.Interaction, player: _Name, amount: _Amount
    ) -> None:
        await self._run(interaction, "givewealth", player, amount)

    @app_commands.command(name="takewealth", description="Owner: take wealth from a player")
    @app_commands.describe(player="Who loses it", amount="How much")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def takewealth(
        self, interaction: discord.Interaction, player: _Name, amount: _Amount
    ) -> None:
        await self._run(interaction, "takewealth", player, amount)

    @app_commands.command(name="givexp", description="Owner: give XP to a player")
    @app_commands.describe(player="Who receives it", amount="How much XP")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def givexp(
        self, interaction: discord.Interaction, player: _Name, amount: _Amount
    ) -> None:
        await self._run(interaction, "givexp", player, amount)

    @app_commands.command(name="givecrate", description="Owner: give a crate to a player")
    @app_commands.describe(player="Who receives it", tier="Crate tier")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.choices(tier=_CRATE_TIERS)
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def givecrate(
        self, interaction: discord.Interaction, player: _Name, tier: app_commands.Choice[str]
    ) -> None:
        await self._run(interaction, "givecrate", player, tier.value)

    @app_commands.command(name="giveitem", description="Owner: give an item to a player")
    @app_commands.describe(player="Who receives it", item="Item name or id")
    @app_commands.autocomplete(player=players_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def giveitem(self, interaction: discord.Interaction, player: _Name, item: _Name) -> None:
        await self._run(interaction, "giveitem", player, item)

    @app_commands.command(name="rotatemarket", description="Owner: rotate the black market now")
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def rotatemarket(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "rotatemarket")

    # ----- server configuration ------------------------------------------------------------------

    @kingpin_admin.command(name="setchannel", description="Set the commands or feed channel")
    @app_commands.describe(kind="Which channel to set", channel="The channel (this one if empty)")
    @app_commands.choices(kind=_CHANNEL_KINDS)
    async def admin_setchannel(
        self,
        interaction: discord.Interaction,
        kind: app_commands.Choice[str],
        channel: discord.TextChannel | None = None,
    ) -> None:
        await self._run(
            interaction, "kingpin-admin setchannel", kind.value, channel.id if channel else None
        )

    @kingpin_admin.command(name="addchannel", description="Count chat in a channel as activity")
    @app_commands.describe(channel="The channel (this one if empty)")
    async def admin_addchannel(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        await self._run(interaction, "kingpin-admin addchannel", channel.id if channel else None)

    @kingpin_admin.command(name="removechannel", description="Stop counting chat in a channel")
    @app_commands.describe(channel="The channel (this one if empty)")
    async def admin_removechannel(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        await self._run(interaction, "kingpin-admin removechannel", channel.id if channel else None)

    @kingpin_admin.command(name="listchannels", description="Show this server's Kingpin channels")
    async def admin_listchannels(self, interaction: discord.Interaction) -> None:
        await self._run(interaction, "kingpin-admin listchannels")
