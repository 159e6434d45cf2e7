"""Console chat lines → ``bot.events`` values (pure).

Two line shapes, both accepted interactively and in scripts:

* ``name: message`` / ``name [mod]: message`` / ``name [broadcaster]: message`` — one chat line
  as that viewer (script form; the name becomes the current identity).
* ``/command args`` — a console directive acting as the current identity: ``/as name``, ``/mod``,
  ``/broadcaster``, ``/viewer``, ``/redeem play|rob|bail|reroll [input]``, ``/sub [tier]``,
  ``/gift N``, ``/bits N``, ``/kicks N``, ``/tip 5.00``, ``/raid N``, ``/live [title]``,
  ``/offline``, ``/advance 25h``, ``/jobs``, ``/help``, ``/quit``.

Anything else is a chat message from the current identity. Console users are keyed by their
lower-cased name, the console's notion of a platform user id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.events import (
    ChatMessage,
    Event,
    Platform,
    Redemption,
    Role,
    Sender,
    StreamOffline,
    StreamOnline,
    Support,
    SupportKind,
)

__all__ = [
    "Advance",
    "ConsoleState",
    "Help",
    "Jobs",
    "LineResult",
    "Identity",
    "Problem",
    "Quit",
    "parse_duration",
    "parse_line",
]

CHANNEL = "console"

_SCRIPT_LINE = re.compile(r"^(?P<name>[\w.\-]{1,25})\s*(?:\[(?P<role>\w+)\])?\s*:\s?(?P<text>.*)$")
_ROLE_NAMES = {
    "mod": Role.MODERATOR,
    "moderator": Role.MODERATOR,
    "broadcaster": Role.BROADCASTER,
    "bc": Role.BROADCASTER,
    "vip": Role.VIP,
    "sub": Role.SUBSCRIBER,
    "subscriber": Role.SUBSCRIBER,
}
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


@dataclass(frozen=True, slots=True)
class ConsoleState:
    """Who is typing now. ``counter`` numbers events so their ids are unique in a run."""

    run_id: str
    name: str = "viewer"
    roles: frozenset[Role] = frozenset()
    counter: int = 0

    def sender(self) -> Sender:
        return Sender(
            user_id=self.name.lower(), login=self.name.lower(), display_name=self.name, roles=self.roles
        )

    def next_id(self) -> tuple[ConsoleState, str]:
        state = replace(self, counter=self.counter + 1)
        return state, f"{self.run_id}:{state.counter}"


@dataclass(frozen=True, slots=True)
class Advance:
    by: timedelta


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Jobs:
    """``/jobs``: list the scheduled jobs and their last runs."""


@dataclass(frozen=True, slots=True)
class Quit:
    pass


@dataclass(frozen=True, slots=True)
class Problem:
    """A console line we could not understand; ``text`` explains it."""

    text: str


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the console speaks as after ``/as``, ``/mod``, ``/broadcaster`` or ``/viewer``."""

    name: str
    roles: frozenset[Role]

    @property
    def text(self) -> str:
        roles = ", ".join(sorted(r.value for r in self.roles)) or "viewer, no roles"
        return f"you are now {self.name} ({roles})"


LineResult = Event | Advance | Help | Jobs | Quit | Problem | Identity | None


def parse_duration(text: str) -> timedelta | None:
    """``25h``, ``1d2h``, ``90m``, ``30s`` → a timedelta; anything else → ``None``."""
    match = _DURATION.match(text.strip().lower())
    if not match or not any(match.groups()):
        return None
    d, h, m, s = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=d, hours=h, minutes=m, seconds=s)


def _count(args: list[str], default: int | None = None) -> int | None:
    if not args:
        return default
    try:
        value = int(args[0])
    except ValueError:
        return None
    return value if value > 0 else None


def parse_line(line: str, state: ConsoleState, now: datetime) -> tuple[ConsoleState, LineResult]:
    """Read one console line; return the new state and what it means."""
    line = line.rstrip("\r\n")
    if not line.strip() or line.lstrip().startswith("#"):
        return state, None
    if line.startswith("/"):
        return _directive(line[1:].split(), state, now)
    match = _SCRIPT_LINE.match(line)
    if match:
        role = match["role"]
        roles: frozenset[Role] = frozenset()
        if role:
            if role.lower() not in _ROLE_NAMES:
                return state, Problem(f"unknown role [{role}]: use mod, broadcaster, vip or sub")
            roles = frozenset({_ROLE_NAMES[role.lower()]})
        state = replace(state, name=match["name"], roles=roles)
        text = match["text"]
        if text.startswith("/"):
            return _directive(text[1:].split(), state, now)
        return _chat(text, state, now)
    return _chat(line, state, now)


def _chat(text: str, state: ConsoleState, now: datetime) -> tuple[ConsoleState, LineResult]:
    state, event_id = state.next_id()
    return state, ChatMessage(
        platform=Platform.CONSOLE,
        event_id=event_id,
        channel=CHANNEL,
        sender=state.sender(),
        text=text,
        received_at=now,
        message_id=event_id,
    )


def _support(
    state: ConsoleState, now: datetime, kind: SupportKind, amount: int, tier: int = 1
) -> tuple[ConsoleState, LineResult]:
    state, event_id = state.next_id()
    return state, Support(
        platform=Platform.CONSOLE,
        event_id=event_id,
        channel=CHANNEL,
        sender=state.sender(),
        kind=kind,
        amount=amount,
        tier=tier,
        received_at=now,
    )


def _directive(
    words: list[str], state: ConsoleState, now: datetime
) -> tuple[ConsoleState, LineResult]:
    if not words:
        return state, Problem("empty directive: try /help")
    verb, args = words[0].lower(), words[1:]
    match verb:
        case "as":
            if not args or not re.fullmatch(r"[\w.\-]{1,25}", args[0]):
                return state, Problem("usage: /as <name>")
            state = replace(state, name=args[0], roles=frozenset())
            return state, Identity(state.name, state.roles)
        case "mod":
            state = replace(state, roles=state.roles | {Role.MODERATOR})
            return state, Identity(state.name, state.roles)
        case "broadcaster":
            state = replace(state, roles=state.roles | {Role.BROADCASTER})
            return state, Identity(state.name, state.roles)
        case "viewer":
            state = replace(state, roles=frozenset())
            return state, Identity(state.name, state.roles)
        case "redeem":
            if not args:
                return state, Problem("usage: /redeem play|rob|bail|reroll [input]")
            state, event_id = state.next_id()
            return state, Redemption(
                platform=Platform.CONSOLE,
                event_id=event_id,
                channel=CHANNEL,
                sender=state.sender(),
                reward_id="",
                reward_title=args[0],
                user_input=" ".join(args[1:]),
                received_at=now,
            )
        case "sub":
            tier = _count(args, 1)
            if tier is None or tier > 3:
                return state, Problem("usage: /sub [1|2|3]")
            return _support(state, now, SupportKind.SUB, 1, tier)
        case "gift" | "bits" | "kicks" | "raid":
            amount = _count(args)
            if amount is None:
                return state, Problem(f"usage: /{verb} <count>")
            kind = {
                "gift": SupportKind.GIFT_SUB,
                "bits": SupportKind.BITS,
                "kicks": SupportKind.KICKS,
                "raid": SupportKind.RAID,
            }[verb]
            return _support(state, now, kind, amount)
        case "tip":
            cents = _cents(args[0]) if args else None
            if cents is None:
                return state, Problem("usage: /tip <dollars, e.g. 5.00>")
            return _support(state, now, SupportKind.TIP, cents)
        case "live":
            state, event_id = state.next_id()
            return state, StreamOnline(
                platform=Platform.CONSOLE,
                event_id=event_id,
                channel=CHANNEL,
                received_at=now,
                title=" ".join(args),
            )
        case "offline":
            state, event_id = state.next_id()
            return state, StreamOffline(
                platform=Platform.CONSOLE, event_id=event_id, channel=CHANNEL, received_at=now
            )
        case "advance":
            span = parse_duration(args[0]) if args else None
            if span is None:
                return state, Problem("usage: /advance <duration, e.g. 25h, 1d2h, 90m>")
            return state, Advance(span)
        case "help":
            return state, Help()
        case "jobs":
            return state, Jobs()
        case "quit" | "exit":
            return state, Quit()
    return state, Problem(f"unknown directive /{verb}: try /help")


def _cents(text: str) -> int | None:
    match = re.fullmatch(r"\$?(\d{1,7})(?:\.(\d{1,2}))?", text.strip())
    if not match:
        return None
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    return cents if cents > 0 else None
