"""What a command handler is given: the open transaction, the actor, the game and the time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import asyncpg

from bot.commanding import CommandTable, Invocation
from bot.events import ChatMessage, Platform, Redemption, Sender
from bot.fairness import FairnessSource
from bot.repository.players import IdentityCache
from game import Catalogue, Rules

__all__ = ["CommandCtx", "Game", "Handler", "Roll", "SystemCtx", "SystemHandler"]


@dataclass(frozen=True, slots=True)
class Game:
    """The rules and content every handler reads (built once at start)."""

    rules: Rules
    catalogue: Catalogue


@dataclass(frozen=True, slots=True)
class Roll:
    """Where a resolution's randomness came from: ``(seed_id, nonce)`` of the fair generator."""

    seed_id: int
    nonce: int


@dataclass(slots=True)
class CommandCtx:
    """One command, inside its transaction. ``rolls`` collects the fair rolls used."""

    conn: asyncpg.Connection
    event: ChatMessage | Redemption
    actor_id: int
    invocation: Invocation
    now: datetime
    day: date
    game: Game
    fairness: FairnessSource
    identities: IdentityCache
    prefix: str
    commands: CommandTable
    rolls: list[Roll] = field(default_factory=list)
    # Players whose cached platform identities go stale once this transaction commits.
    forget_after_commit: list[int] = field(default_factory=list)
    # Achievements unlocked, mission sets paid, records broken by this command (announced).
    moments: list[Any] = field(default_factory=list)
    # The actor's notification state as its row was locked (set by commit_resolution), so the
    # epilogue can skip its hint statement when it could say nothing. A handler that writes a
    # notification for the actor outside its effects batch sets ``actor_notified``.
    actor_locked: bool = False
    actor_hint_at: datetime | None = None
    actor_had_unseen: bool = True
    actor_notified: bool = False

    @property
    def platform(self) -> Platform:
        return self.event.platform

    @property
    def sender(self) -> Sender:
        return self.event.sender

    @property
    def rules(self) -> Rules:
        return self.game.rules

    async def rng(self) -> Any:
        """A provably fair generator for one resolution (its seed and nonce are recorded)."""
        rng, seed_id, nonce = await self.fairness.draw()
        self.rolls.append(Roll(seed_id, nonce))
        return rng

    @property
    def roll(self) -> Roll | None:
        return self.rolls[-1] if self.rolls else None


Handler = Callable[..., Awaitable[object]]  # (ctx, **parsed arguments) -> answer


@dataclass(frozen=True, slots=True)
class SystemCtx:
    """What a support or stream-status handler is given besides its connection and event."""

    now: datetime
    game: Game
    identities: IdentityCache


SystemHandler = Callable[[asyncpg.Connection, Any, SystemCtx], Awaitable[object]]
