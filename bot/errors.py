"""The root of Kingpin's own errors.

Every error we raise on purpose derives from :class:`KingpinError` (keeping a builtin base such
as ``RuntimeError`` or ``ValueError`` where callers already catch that). The CLI prints any
``KingpinError`` that reaches it as one line, ``error: <message>``, and exits with status 2. It
lives at the edge of ``bot`` (standard library only) so adapters may subclass it too.

``game`` imports nothing of ours, so its one error, ``game.catalogue.ContentError``, is not a
subclass; the CLI treats it the same way.
"""

from __future__ import annotations

__all__ = ["ConfigError", "KingpinError"]


class KingpinError(Exception):
    """Something went wrong that a streamer or operator can act on; ``str()`` says what."""

    exit_code = 2


class ConfigError(KingpinError, ValueError):
    """A setting or a command-line argument cannot be used."""
