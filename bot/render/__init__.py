"""Replies, rendered from outcome values (handlers never build text).

:func:`render` dispatches on the answer's type; each area's module registers its renderers on
import. Lines are short, emoji-led, money as ``$1,234``, durations as ``2h 3m``.
"""

from __future__ import annotations

from bot.render import admin as _admin  # noqa: F401  (registers renderers)
from bot.render import casino as _casino  # noqa: F401
from bot.render import core as _core  # noqa: F401
from bot.render import crates as _crates  # noqa: F401
from bot.render import depot as _depot  # noqa: F401
from bot.render import escrow as _escrow  # noqa: F401
from bot.render import factions as _factions  # noqa: F401
from bot.render import give as _give  # noqa: F401
from bot.render import info as _info  # noqa: F401
from bot.render import items as _items  # noqa: F401
from bot.render import live as _live  # noqa: F401
from bot.render import privacy as _privacy  # noqa: F401
from bot.render import races as _races  # noqa: F401
from bot.render import shop as _shop  # noqa: F401
from bot.render import support as _support  # noqa: F401
from bot.render.base import View, render

__all__ = ["View", "render"]
