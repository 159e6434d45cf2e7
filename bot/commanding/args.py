"""Typed command arguments: what a declaration says a command takes, and the chat-side parsing.

An :class:`Arg` is one argument of a command, declared once (``Arg.user("target")``). From it
the chat parser converts a token, the usage line shows a label (``<user>``, ``[tier]``), and the
Discord tree derives a typed option (string, integer with bounds, choices, autocomplete).
Conversion failures are :class:`UsageError` with the argument's ``error`` text (or the bare
usage line when it has none).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.errors import KingpinError

__all__ = [
    "MAX_AMOUNT",
    "Arg",
    "ArgKind",
    "UsageError",
    "parse_amount",
    "parse_target",
]

MAX_AMOUNT = 10**12  # the wealth cap (game/limits.py): no amount argument can exceed it


class UsageError(KingpinError, ValueError):
    """The command exists but its arguments are wrong; ``detail`` says what was wrong.

    Raised by the parser before a handler runs, and by a handler for checks that need context
    (answered the same way: the detail, then the command's usage line).
    """

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


class ArgKind(StrEnum):
    USER = "user"  # a player reference (@Name or Name), passed on as typed
    AMOUNT = "amount"  # money: 2500, 2,500, $2.5k, 1m → int
    INTEGER = "integer"  # a whole number within [minimum, maximum] → int
    WORD = "word"  # one word, as typed
    CHOICE = "choice"  # one of ``values`` (case-insensitive; ``words`` adds synonyms) → str
    TEXT = "text"  # the rest of the line → str
    CHANNEL = "channel"  # a Discord channel (chat: its id or <#id>, as typed)


_DEFAULT_LABEL = {ArgKind.USER: "user"}


@dataclass(frozen=True, slots=True)
class Arg:
    """One declared argument. Build with the constructors (``Arg.user``, ``Arg.amount`` …)."""

    name: str  # the handler's keyword and the Discord option name
    kind: ArgKind
    optional: bool = False
    default: Any = None
    values: tuple[str, ...] = ()  # CHOICE: the canonical values (Discord choices)
    words: Mapping[str, str] = field(default_factory=dict)  # CHOICE: chat synonyms → value
    minimum: int | None = None
    maximum: int | None = None
    label: str = ""  # the usage token without brackets (default from kind/values)
    help: str = ""  # the Discord option description
    error: str = ""  # what was wrong ("{value}" is the token); empty → just the usage line
    autocomplete: str = ""  # the name of a Discord autocomplete source ("players", …)
    slash: bool = True  # offered as a Discord option
    shown: bool = True  # shown in the usage line

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def user(cls, name: str, *, optional: bool = False, help: str = "", **kw: Any) -> Arg:
        kw.setdefault("autocomplete", "players")
        return cls(name, ArgKind.USER, optional=optional, help=help, **kw)

    @classmethod
    def amount(cls, name: str = "amount", *, optional: bool = False, help: str = "", **kw: Any) -> Arg:
        kw.setdefault(
            "error",
            f"The amount must be a positive number like 2500, 2.5k or 1m, at most ${MAX_AMOUNT:,} "
            "(the wealth cap).",
        )
        kw.setdefault("minimum", 1)
        kw.setdefault("maximum", MAX_AMOUNT)
        return cls(name, ArgKind.AMOUNT, optional=optional, help=help, **kw)

    @classmethod
    def integer(
        cls, name: str, *, minimum: int, maximum: int, optional: bool = False, help: str = "", **kw: Any
    ) -> Arg:
        kw.setdefault("error", f"{name.capitalize()} must be a whole number from {minimum} to {maximum}.")
        return cls(name, ArgKind.INTEGER, optional=optional, minimum=minimum, maximum=maximum, help=help, **kw)

    @classmethod
    def word(cls, name: str, *, optional: bool = False, help: str = "", **kw: Any) -> Arg:
        return cls(name, ArgKind.WORD, optional=optional, help=help, **kw)

    @classmethod
    def choice(
        cls, name: str, values: Sequence[str], *, optional: bool = False, help: str = "", **kw: Any
    ) -> Arg:
        return cls(name, ArgKind.CHOICE, optional=optional, values=tuple(values), help=help, **kw)

    @classmethod
    def text(cls, name: str, *, optional: bool = False, help: str = "", **kw: Any) -> Arg:
        kw.setdefault("default", "")
        return cls(name, ArgKind.TEXT, optional=optional, help=help, **kw)

    @classmethod
    def channel(cls, name: str = "channel", *, optional: bool = False, help: str = "", **kw: Any) -> Arg:
        return cls(name, ArgKind.CHANNEL, optional=optional, help=help, **kw)

    # -- derived -----------------------------------------------------------------------------

    @property
    def usage(self) -> str:
        """``<user>``, ``[common|uncommon|rare|legendary]``, ``[reason]``."""
        label = self.label or _DEFAULT_LABEL.get(self.kind) or self.name
        if self.kind is ArgKind.CHOICE and not self.label:
            label = "|".join(self.values)
        return f"[{label}]" if self.optional else f"<{label}>"

    def accepts(self, token: str) -> bool:
        """A CHOICE word this argument takes (used to match keyword-style arguments)."""
        return self.kind is ArgKind.CHOICE and self._choose(token) is not None

    def convert(self, token: str) -> Any:
        """One chat token → the handler's value; raises :class:`UsageError`."""
        match self.kind:
            case ArgKind.AMOUNT:
                value = parse_amount(token)
                if value is None:
                    raise self.invalid(token)
                return value
            case ArgKind.INTEGER:
                number = int(token) if token.isdecimal() and len(token) <= 9 else None
                if number is None or not (self.minimum or 0) <= number <= (self.maximum or MAX_AMOUNT):
                    raise self.invalid(token)
                return number
            case ArgKind.CHOICE:
                chosen = self._choose(token)
                if chosen is None:
                    raise self.invalid(token)
                return chosen
        return token

    def invalid(self, token: str = "") -> UsageError:
        return UsageError(self.error.replace("{value}", token[:30]))

    def _choose(self, token: str) -> str | None:
        word = token.lower()
        if word in self.values:
            return word
        return self.words.get(word)


_AMOUNT = re.compile(r"^\$?(\d{1,15}(?:[.,]\d{1,3})?|\d{1,3}(?:,\d{3}){1,4})([kmb]?)$", re.IGNORECASE)
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def parse_amount(text: str) -> int | None:
    """``2500``, ``2,500``, ``$2.5k``, ``1m`` → whole dollars; anything else → ``None``.

    Zero, negatives, fractions of a dollar and amounts above :data:`MAX_AMOUNT` are refused.
    """
    match = _AMOUNT.match(text.strip())
    if not match:
        return None
    number, suffix = match[1], match[2].lower()
    if re.fullmatch(r"\d{1,3}(,\d{3})+", number):
        number = number.replace(",", "")
    else:
        number = number.replace(",", ".")
    whole, _, frac = number.partition(".")
    scale = _SCALE[suffix]
    value = int(whole) * scale
    if frac:
        frac_value = int(frac) * scale
        divisor = 10 ** len(frac)
        if frac_value % divisor:
            return None  # fractions of a dollar
        value += frac_value // divisor
    if value <= 0 or value > MAX_AMOUNT:
        return None
    return value


_NAME = re.compile(r"^[\w.\-]{1,50}$")


def parse_target(text: str) -> str | None:
    """A player reference: ``@Name`` or ``Name`` → the lower-cased login; else ``None``."""
    name = unicodedata.normalize("NFKC", text.strip()).removeprefix("@")
    if not _NAME.match(name):
        return None
    return name.lower()
