"""One declaration per command: the ``@command`` decorator and what it records.

In the spirit of discord.py's ``commands.command`` / ``app_commands.command``: the decorator
wraps the handler in a :class:`Declared` that carries everything the rest of the bot derives
(chat parsing and usage, ``!help``, the permission check, the throttle, the Discord slash
command). The handler receives its parsed arguments as keywords::

    @command("rob", aliases=("steal",), args=(Arg.user("target"),), throttle=1,
             help="Try to rob another player (costs 1 heist token).")
    async def rob(ctx: CommandCtx, target: str) -> RobAnswer: ...

A declaration's name may have two words (``"faction join"``): chat matches the longest name
first, and Discord shows it as the subcommand ``join`` of the group ``faction``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.commanding.args import Arg, ArgKind, UsageError
from bot.events import Platform, Sender

__all__ = ["Access", "Declared", "Slash", "command"]


class Access(StrEnum):
    ANYONE = "anyone"
    MODERATOR = "moderator"  # moderators and the broadcaster
    BROADCASTER = "broadcaster"  # the broadcaster only (spec: `bc`): commands that create value

    def allows(self, sender: Sender) -> bool:
        if self is Access.MODERATOR:
            return sender.is_moderator
        if self is Access.BROADCASTER:
            return sender.is_broadcaster
        return True


ALL_PLATFORMS: tuple[Platform, ...] = tuple(Platform)


@dataclass(frozen=True, slots=True)
class Slash:
    """A Discord slash command that stands for a chat line, when the default does not fit.

    ``name`` may be ``"group sub"``; ``fixed`` words go right after the chat command name, then
    the options in order. ``args=None`` means the declaration's own Discord-visible args.
    """

    name: str
    description: str = ""
    args: tuple[Arg, ...] | None = None
    fixed: tuple[str, ...] = ()
    group_description: str = ""


@dataclass(frozen=True, slots=True)
class Declared:
    """A declared command: the handler and everything derived from its declaration."""

    handler: Callable[..., Awaitable[object]]
    name: str
    aliases: tuple[str, ...] = ()
    args: tuple[Arg, ...] = ()
    access: Access = Access.ANYONE
    throttle: float = 3.0  # seconds per user and command; repeats inside it are ignored
    help: str = ""
    platforms: tuple[Platform, ...] = ALL_PLATFORMS
    server_only: bool = False  # Discord: refuse in DMs
    private: bool = False  # Discord: answer ephemerally
    description: str = ""  # Discord description (defaults to ``help``)
    slash: tuple[Slash, ...] | None = None  # None: one slash command named like the command
    keywords: bool = False  # optional CHOICE args are matched by word, in any order
    strict: bool = False  # words left over after the last argument are an error
    listed: bool = True  # named in the !help list (False: a follow-up action, explained by !help <name>)

    async def __call__(self, ctx: Any, /, **kwargs: Any) -> object:
        return await self.handler(ctx, **kwargs)

    @property
    def usage(self) -> str:
        """The usage line without the prefix: ``rob <user>``."""
        return " ".join([self.name, *(a.usage for a in self.args if a.shown)])

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def bind(self, tokens: tuple[str, ...]) -> dict[str, Any]:
        """Chat tokens → the handler's keyword arguments; raises ``UsageError``."""
        return _bind_keywords(self, tokens) if self.keywords else _bind_positional(self, tokens)

    def slash_commands(self) -> tuple[Slash, ...]:
        if Platform.DISCORD not in self.platforms:
            return ()
        if self.slash is not None:
            return self.slash
        return (Slash(self.name),)


def _bind_positional(decl: Declared, tokens: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    rest = list(tokens)
    for arg in decl.args:
        if arg.kind is ArgKind.TEXT:
            text = " ".join(rest)
            rest = []
            if not text and not arg.optional:
                raise arg.invalid()
            values[arg.name] = text or arg.default
            continue
        if not rest:
            if not arg.optional:
                raise arg.invalid()
            values[arg.name] = arg.default
            continue
        values[arg.name] = arg.convert(rest.pop(0))
    if rest and decl.strict:
        raise decl.args[-1].invalid(rest[0]) if decl.args else UsageError()
    return values


def _bind_keywords(decl: Declared, tokens: tuple[str, ...]) -> dict[str, Any]:
    """Each word fills the first still-empty choice argument that takes it (``!lb xp weekly``)."""
    values: dict[str, Any] = {}
    for token in tokens:
        arg = next((a for a in decl.args if a.name not in values and a.accepts(token)), None)
        if arg is None:
            raise decl.args[0].invalid(token)
        values[arg.name] = arg.convert(token)
    for arg in decl.args:
        values.setdefault(arg.name, arg.default)
    return values


def command(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    args: tuple[Arg, ...] = (),
    access: Access = Access.ANYONE,
    throttle: float = 3.0,
    help: str = "",
    platforms: tuple[Platform, ...] = ALL_PLATFORMS,
    server_only: bool | None = None,
    private: bool = False,
    description: str = "",
    slash: tuple[Slash, ...] | None = None,
    keywords: bool = False,
    strict: bool = False,
    listed: bool = True,
) -> Callable[[Callable[..., Awaitable[object]]], Declared]:
    """Declare ``handler`` as the chat (and Discord) command ``name``."""

    def wrap(handler: Callable[..., Awaitable[object]]) -> Declared:
        return Declared(
            handler=handler,
            name=name,
            aliases=aliases,
            args=args,
            access=access,
            throttle=throttle,
            help=help,
            platforms=platforms,
            server_only=access is not Access.ANYONE if server_only is None else server_only,
            private=private,
            description=description,
            slash=slash,
            keywords=keywords,
            strict=strict,
            listed=listed,
        )

    return wrap
