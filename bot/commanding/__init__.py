"""Command declarations: one ``@command`` per command, beside its handler.

See ``docs/architecture.md`` ("How to add a command").
"""

from bot.commanding.args import MAX_AMOUNT, Arg, ArgKind, UsageError, parse_amount, parse_target
from bot.commanding.declaration import Access, Declared, Slash, command
from bot.commanding.table import CommandTable, Invocation

__all__ = [
    "MAX_AMOUNT",
    "Access",
    "Arg",
    "ArgKind",
    "CommandTable",
    "Declared",
    "Invocation",
    "Slash",
    "UsageError",
    "command",
    "parse_amount",
    "parse_target",
]
