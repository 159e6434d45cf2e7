"""Command handlers by area; :data:`HANDLERS` maps every chat command to its handler."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands import Command
from bot.context import Handler, SystemHandler
from bot.events import StreamOffline, StreamOnline, Support
from bot.handlers import admin, core, info, items, link, progression, support

__all__ = ["HANDLERS", "SYSTEM_HANDLERS"]

HANDLERS: Mapping[Command, Handler] = {
    **core.HANDLERS,
    **info.HANDLERS,
    **admin.HANDLERS,
    **link.HANDLERS,
    **items.HANDLERS,
    **progression.HANDLERS,
}

SYSTEM_HANDLERS: Mapping[type, SystemHandler] = {
    Support: support.on_support,
    StreamOnline: support.on_stream_online,
    StreamOffline: support.on_stream_offline,
}
