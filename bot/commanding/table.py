"""The one command registry, collected from the handler modules, and chat-line parsing.

:meth:`CommandTable.collect` gathers every :class:`Declared` a handler module defines (import
is registration: ``bot.handlers`` collects its modules into ``bot.handlers.COMMANDS``). Two
commands sharing a name or alias is an error at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

from bot.commanding.args import Arg, ArgKind, UsageError
from bot.commanding.declaration import Access, Declared, Slash
from bot.events import Platform
from bot.ports import OptionKind, SlashCommand, SlashOption

__all__ = ["CommandTable", "Invocation"]

_SPACE = re.compile(r"\s+")
_OPTION_KIND = {
    ArgKind.AMOUNT: OptionKind.INTEGER,
    ArgKind.INTEGER: OptionKind.INTEGER,
    ArgKind.CHANNEL: OptionKind.CHANNEL,
}
MAX_STRING = 100
_ACCESS_ORDER = [Access.ANYONE, Access.MODERATOR, Access.BROADCASTER]


@dataclass(frozen=True, slots=True)
class Invocation:
    """A chat line matched to a command: its declaration and the raw words after the name."""

    command: Declared
    args: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.command.name

    def rest(self, start: int = 0) -> str:
        return " ".join(self.args[start:])


class CommandTable:
    """Every declared command by name and alias."""

    def __init__(self, declared: list[Declared], topics: dict[str, str] | None = None) -> None:
        self.topics: dict[str, str] = dict(topics or {})  # command name → its !help topic ("": main list)
        self._commands: dict[str, Declared] = {}
        self._by_name: dict[str, Declared] = {}
        for decl in [*declared, *_groups(declared)]:
            if decl.name in self._commands:
                raise RuntimeError(f"command {decl.name!r} declared twice")
            self._commands[decl.name] = decl
            for name in decl.names:
                if name in self._by_name:
                    raise RuntimeError(f"command name {name!r} used twice")
                self._by_name[name] = decl

    @classmethod
    def collect(cls, *modules: ModuleType) -> CommandTable:
        """Every :class:`Declared` the modules define, in declaration order. A module's ``TOPIC``
        (e.g. ``"casino"``) files its commands under ``!help <topic>`` instead of the main list."""
        found: list[Declared] = []
        topics: dict[str, str] = {}
        for module in modules:
            for v in vars(module).values():
                if isinstance(v, Declared) and v not in found:
                    found.append(v)
                    topics[v.name] = getattr(module, "TOPIC", "")
        return cls(found, topics)

    def topic_names(self) -> tuple[str, ...]:
        """The ``!help`` topics, in the order their first command was declared."""
        return tuple(dict.fromkeys(t for t in self.topics.values() if t))

    def __iter__(self) -> Iterator[Declared]:
        return iter(self._commands.values())

    def listed(self) -> Iterator[Declared]:
        """What ``!help`` lists: every listed command, a group once (not each of its subcommands)."""
        return (d for d in self if " " not in d.name and d.listed)

    def __len__(self) -> int:
        return len(self._commands)

    def __getitem__(self, name: str) -> Declared:
        return self._commands[name]

    def find(self, name: str) -> Declared | None:
        """A command by name or alias (case-insensitive); two-word names too."""
        return self._by_name.get(name.lower())

    def parse(self, text: str, prefix: str, *, max_args: int = 16) -> Invocation | None:
        """``"!Rob @Bob"`` → ``Invocation(rob, ("@Bob",))``; not a known command → ``None``."""
        if not text.startswith(prefix):
            return None
        body = [w for w in _SPACE.split(text[len(prefix) :].strip(), maxsplit=max_args) if w]
        if not body:
            return None
        if len(body) > 1 and (decl := self.find(f"{body[0]} {body[1]}")) is not None:
            return Invocation(decl, tuple(body[2:max_args]))
        decl = self.find(body[0])
        if decl is None:
            return None
        return Invocation(decl, tuple(body[1:max_args]))

    # -- the Discord tree ----------------------------------------------------------------------

    def slash_commands(self) -> tuple[SlashCommand, ...]:
        """Every Discord slash command, derived from the declarations."""
        return tuple(_slash(decl, entry) for decl in self for entry in decl.slash_commands())


async def _group_usage(ctx: object, subcommand: str) -> object:
    raise UsageError()  # the group name alone, or a subcommand that does not exist


def _groups(declared: list[Declared]) -> list[Declared]:
    """For ``"kp-admin setchannel"`` and friends: ``!kp-admin`` alone answers the usage line."""
    names = {d.name for d in declared}
    subs: dict[str, list[Declared]] = {}
    for decl in declared:
        group, _, sub = decl.name.partition(" ")
        if sub and group not in names:
            subs.setdefault(group, []).append(decl)
    return [
        Declared(
            handler=_group_usage,
            name=group,
            args=(Arg.choice("subcommand", tuple(d.name.partition(" ")[2] for d in members)),),
            access=min((d.access for d in members), key=_ACCESS_ORDER.index),
            throttle=0,
            help=f"Subcommands: {', '.join(d.name.partition(' ')[2] for d in members)}.",
            platforms=tuple(p for p in Platform if any(p in d.platforms for d in members)),
            server_only=all(d.server_only for d in members),
            slash=(),
        )
        for group, members in subs.items()
    ]


def _slash(decl: Declared, entry: Slash) -> SlashCommand:
    args = entry.args if entry.args is not None else tuple(a for a in decl.args if a.slash)
    return SlashCommand(
        name=entry.name,
        description=(entry.description or decl.description or decl.help)[:100],
        chat=" ".join((decl.name, *entry.fixed)),
        options=tuple(_option(a) for a in args),
        access=decl.access.value,
        server_only=decl.server_only,
        private=decl.private,
        group_description=entry.group_description,
    )


def _option(arg: Arg) -> SlashOption:
    kind = _OPTION_KIND.get(arg.kind, OptionKind.STRING)
    high: int | None
    if kind is OptionKind.STRING:
        low, high = None, arg.maximum or MAX_STRING
    else:
        low, high = arg.minimum, arg.maximum
    return SlashOption(
        name=arg.name,
        kind=kind,
        description=arg.help or "…",
        required=not arg.optional,
        choices=arg.values if arg.kind is ArgKind.CHOICE else (),
        autocomplete=arg.autocomplete,
        min_value=low,
        max_value=high,
    )
