"""Command handlers by area, each declared with ``@command`` beside its code.

Importing this package registers every command: :data:`COMMANDS` collects the declarations of
the modules below (add a new area's module here).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.commanding import CommandTable
from bot.context import SystemHandler
from bot.events import StreamOffline, StreamOnline, Support
from bot.handlers import (
    admin,
    casino,
    core,
    crates,
    depot,
    escrow,
    factions,
    give,
    info,
    items,
    link,
    live,
    privacy,
    races,
    shop,
    support,
)

__all__ = ["COMMANDS", "SYSTEM_HANDLERS"]

COMMANDS = CommandTable.collect(
    core, info, items, crates, escrow, shop, link, give, factions, privacy, admin, casino, depot, races, live
)

SYSTEM_HANDLERS: Mapping[type, SystemHandler] = {
    Support: support.on_support,
    StreamOnline: support.on_stream_online,
    StreamOffline: support.on_stream_offline,
}
