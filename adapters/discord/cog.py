"""Slash commands, generated from the command declarations; each becomes the chat line a player
would type and goes to the sink.

Theory of operation
-------------------
The cog is given the :class:`bot.ports.SlashCommand` shapes the application derives from its
``@command`` declarations (name, description, typed options, choices, autocomplete source, who
may use it, private or public) and builds one ``app_commands.Command`` per shape (two-word
names become a subcommand of a group). Every callback calls :meth:`KingpinCog._run` with its
shape and option values. ``_run`` refuses in the adapter what the adapter can judge alone (a
server-only command in a DM; a moderator command from someone without the role — checked at run
time from the member's permissions and roles, never only from Discord's
``default_permissions`` hint, which a server admin can change), then builds a ``ChatMessage``
with :func:`adapters.discord.parse.chat_message` and hands it to the ``EventSink``. The
pipeline still decides permissions from ``Sender.roles``; the check here is so a viewer gets an
immediate private "no" rather than silence.

Timing: Discord wants a first response within 3 s. We start the sink and wait up to
``respond_within`` seconds (default 1.5, leaving room for the network). If the replies are
ready, they are sent as the interaction response, each with its own visibility. Otherwise we
defer (visibility = the command's default) and send the replies as follow-ups when they arrive;
if the command was deferred publicly and the first reply is private, the public "thinking"
message is deleted first so the private reply is not shown to everyone. Fast answers (the usual
case) therefore need one request and never show a "thinking…" flash.

Visibility: a reply is ephemeral when the command is declared private (inventory, cooldowns,
tokens, link codes, shop and item management, admin configuration) or when the pipeline marks
the ``Reply`` private; everything else (rob, open, play, …) is public.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Optional, cast

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.events import ChatMessage, Reply, Role
from bot.ports import EventSink, OptionKind, SlashCommand, SlashOption

from .parse import InvocationFacts, RoleConfig, chat_message, clean_arg
from .ports import Autocomplete, NoAutocomplete
from .render import embed_messages

__all__ = ["KingpinCog", "build_commands", "facts_from_interaction"]

log = structlog.get_logger("kingpin.discord")

MAX_CHOICES = 25
CHOICE_LIMIT = 100
NOTHING_TO_SHOW = "Nothing to show right now."
TRY_AGAIN = "⚠️ Something went wrong on our side. Please try again in a moment."
SERVER_ONLY = "🚫 This command works only in a server."
NOT_ALLOWED = {
    "moderator": "🚫 Only moderators can use this command.",
    "broadcaster": "🚫 Only the server owner or an administrator can use this command.",
}
# Discord's hint of who sees a staff command (the cog checks again at run time).
_DEFAULT_PERMISSIONS = {
    "moderator": discord.Permissions(manage_messages=True),
    "broadcaster": discord.Permissions(administrator=True),
}


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


def _allowed(roles: frozenset[Role], access: str) -> bool:
    if access == "broadcaster":
        return Role.BROADCASTER in roles
    if access == "moderator":
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
                content=content,  # type: ignore[arg-type]  # None (no text) is accepted at runtime
                embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=mentions,
            )
        self._sent += 1

    @property
    def sent(self) -> int:
        return self._sent


class KingpinCog(commands.Cog):
    """The slash commands; one instance per bot."""

    def __init__(
        self,
        sink: EventSink,
        *,
        commands: Sequence[SlashCommand],
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
        self.shapes: dict[str, SlashCommand] = {c.name: c for c in commands}
        self.__cog_app_commands__ = [*self.__cog_app_commands__, *build_commands(self, commands)]

    # ----- the shared path -------------------------------------------------------------------

    def event_for(self, interaction: discord.Interaction, shape: SlashCommand, *args: object) -> ChatMessage:
        return chat_message(
            facts_from_interaction(interaction),
            prefix=self._prefix,
            command=shape.chat,
            args=args,
            roles=self._roles,
        )

    async def _run(self, interaction: discord.Interaction, shape: SlashCommand, *args: object) -> None:
        responder = _Responder(interaction)
        if shape.server_only and interaction.guild_id is None:
            await responder.send(ephemeral=True, content=SERVER_ONLY)
            return
        event = self.event_for(interaction, shape, *args)
        bound = log.bind(event_id=event.event_id, command=shape.name, user=event.sender.user_id)
        if not _allowed(event.sender.roles, shape.access):
            bound.info("discord.refused", reason="permission")
            await responder.send(ephemeral=True, content=NOT_ALLOWED[shape.access])
            return
        try:
            replies = await self._replies(event, responder, private=shape.private)
        except Exception:
            bound.exception("discord.sink_failed")
            await self._send_safely(responder, bound, ephemeral=True, content=TRY_AGAIN)
            return
        for reply in replies:
            ephemeral = shape.private or reply.private
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

    def autocomplete_source(self, name: str) -> Callable[..., Awaitable[list[app_commands.Choice[str]]]]:
        """The bound suggester for a declared autocomplete source name."""
        return {
            "players": self.players_autocomplete,
            "owned_items": self.owned_items_autocomplete,
            "shop_items": self.shop_items_autocomplete,
        }[name]


# ----- building the tree from the shapes --------------------------------------------------------


def build_commands(
    cog: KingpinCog, shapes: Sequence[SlashCommand]
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """One ``app_commands.Command`` per shape, bound to ``cog``; two-word names go in a group."""
    top: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    groups: dict[str, app_commands.Group] = {}
    for shape in shapes:
        group_name, _, sub = shape.name.rpartition(" ")
        parent = None
        if group_name:
            parent = groups.get(group_name)
            if parent is None:
                parent = app_commands.Group(
                    name=group_name,
                    description=shape.group_description or group_name,
                    guild_only=shape.server_only,
                    default_permissions=_DEFAULT_PERMISSIONS.get(shape.access),
                )
                groups[group_name] = parent
                top.append(parent)
        callback = _callback(cog, shape)
        if not group_name:
            if shape.server_only:
                callback = app_commands.guild_only()(callback)
            if shape.access in _DEFAULT_PERMISSIONS:
                callback = app_commands.default_permissions(_DEFAULT_PERMISSIONS[shape.access])(callback)
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=sub, description=shape.description, callback=cast(Any, callback), parent=parent
        )
        command.binding = cog
        if parent is not None:
            parent.add_command(command)
        else:
            top.append(command)
    return top


def _annotation(option: SlashOption) -> Any:
    if option.choices:
        kind: Any = app_commands.Choice[str]
    elif option.kind is OptionKind.INTEGER:
        kind = app_commands.Range[int, option.min_value or 1, option.max_value or 2**53]
    elif option.kind is OptionKind.CHANNEL:
        kind = discord.TextChannel
    else:
        kind = app_commands.Range[str, 1, option.max_value or 100]
    return kind if option.required else Optional[kind]  # noqa: UP045 (discord.py reads typing.Optional)


def _chat_value(value: object) -> object:
    """An option as the chat line needs it: a choice's value, a channel's id, else as given."""
    if isinstance(value, app_commands.Choice):
        return value.value
    if value is not None and not isinstance(value, str | int):
        return getattr(value, "id", value)
    return value


def _callback(cog: KingpinCog, shape: SlashCommand) -> Callable[..., Awaitable[None]]:
    names = [o.name for o in shape.options]

    async def callback(self: KingpinCog, interaction: discord.Interaction, **options: object) -> None:
        await self._run(interaction, shape, *(_chat_value(options.get(n)) for n in names))

    parameters = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction),
    ]
    for option in shape.options:
        parameters.append(
            inspect.Parameter(
                option.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    python_name = re.sub(r"\W", "_", shape.name)
    callback.__name__ = python_name
    callback.__qualname__ = f"KingpinCog.{python_name}"  # a method: discord.py passes the cog first
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        o.name: o.description for o in shape.options
    }
    choices = {o.name: [app_commands.Choice(name=c, value=c) for c in o.choices] for o in shape.options if o.choices}
    if choices:
        callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    completers = {o.name: cog.autocomplete_source(o.autocomplete) for o in shape.options if o.autocomplete}
    if completers:
        callback.__discord_app_commands_param_autocomplete__ = completers  # type: ignore[attr-defined]
    return callback
