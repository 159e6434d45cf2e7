"""The pipeline: every platform event in, replies out, exactly once.

Theory of operation, for a chat command:

1. Parse the line with the configured prefix; unknown ``!words`` and plain chat are not
   commands (plain chat feeds the batched activity counters instead).
2. Throttle per user and command in memory, on the pipeline's clock (repeats inside the
   window are ignored).
3. Resolve the sender to a player (created on first sight, keyed by platform user id).
4. One transaction: record ``(platform, event_id)`` in ``processed_events`` (a duplicate stops
   here and is acknowledged silently), run the handler — it locks the players involved in id
   order, builds the engine state, resolves, and applies the effects — then commit.
5. Render the answer into replies cut to the platform's length limit.

Deadlocks and serialization failures are retried; other database failures roll back (the event
stays unprocessed) and are raised to the adapter, which redelivers where the platform can (Kick
answers 5xx, Twitch retries the event) and otherwise answers one "try again" line (Discord, the
console). The ``(platform, event_id)`` row commits with the effects or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg
import structlog

from bot.activity import ActivityBuffer
from bot.clock import Clock
from bot.commanding import Access, CommandTable, Declared, Invocation, UsageError
from bot.context import CommandCtx, Game, SystemCtx
from bot.events import (
    ChatMessage,
    Event,
    Platform,
    Redemption,
    RedemptionAction,
    Reply,
    StreamOffline,
    StreamOnline,
    Support,
)
from bot.fairness import FairnessSource
from bot.format import LIMITS, split
from bot.handlers import COMMANDS, SYSTEM_HANDLERS
from bot.render import View, render
from bot.repository.effects import EffectRefused
from bot.repository.players import IdentityCache, resolve_sender
from bot.retry import retrying
from bot.sql import QUERIES
from game import game_day

__all__ = ["Pipeline", "PipelineConfig"]

log = structlog.get_logger("kingpin.pipeline")

_MARK = QUERIES["events/mark_processed"]
_RETRYABLE = (asyncpg.DeadlockDetectedError, asyncpg.SerializationError)
_REDEMPTION_COMMAND = {
    RedemptionAction.PLAY: "play",
    RedemptionAction.ROB: "rob",
    RedemptionAction.BAIL: "bail",
    RedemptionAction.REROLL: "reroll",
}
# Title keywords, checked in this order ("Rob Player" must not match "play" first).
_REDEMPTION_WORDS: tuple[tuple[RedemptionAction, tuple[str, ...]], ...] = (
    (RedemptionAction.ROB, ("rob",)),
    (RedemptionAction.BAIL, ("bail",)),
    (RedemptionAction.REROLL, ("reroll", "refresh", "shop")),
    (RedemptionAction.PLAY, ("play", "kingpin")),
)


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    prefix: str = "!"
    # Commands (by name) that run only through their channel-point redemption.
    redemption_only: frozenset[str] = frozenset()
    # Reward ids per platform and action (empty: match the reward's title).
    reward_ids: Mapping[Platform, Mapping[RedemptionAction, str]] = field(default_factory=dict)
    max_attempts: int = 3


class Pipeline:
    """An :class:`bot.ports.EventSink`: ``await pipeline(event)`` → replies."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        game: Game,
        clock: Clock,
        fairness: FairnessSource,
        config: PipelineConfig | None = None,
        activity: ActivityBuffer | None = None,
    ) -> None:
        self._pool = pool
        self._game = game
        self._clock = clock
        self._fairness = fairness
        self._config = config or PipelineConfig()
        self._activity = activity
        self._identities = IdentityCache()
        self._throttle: dict[tuple[Platform, str, str], float] = {}
        self._commands: CommandTable = COMMANDS

    @property
    def game(self) -> Game:
        return self._game

    async def __call__(self, event: Event, /) -> Sequence[Reply]:
        match event:
            case ChatMessage():
                return await self._chat(event)
            case Redemption():
                return await self._redemption(event)
            case Support() | StreamOnline() | StreamOffline():
                return await self._system(event)
        return ()

    # -- chat ---------------------------------------------------------------------------------

    async def _chat(self, event: ChatMessage) -> Sequence[Reply]:
        invocation = self._commands.parse(event.text, self._config.prefix)
        if invocation is None:
            if self._activity is not None:
                self._activity.add(event)
            return ()
        if invocation.name in self._config.redemption_only:
            return self._replies(event, f"🎟️ {event.sender.display_name}, that one is a channel-point redemption here.")
        refusal = self._refusal(event, invocation.command)
        if refusal:
            return self._replies(event, refusal)
        if self._throttled(event, invocation):
            return ()
        return await self._command(event, invocation)

    def _refusal(self, event: ChatMessage, decl: Declared) -> str:
        """Why the sender may not run ``decl`` here (empty: they may), from its declaration."""
        who, p = event.sender.display_name, self._config.prefix
        if event.platform not in decl.platforms:
            where = " or ".join(pl.value.capitalize() for pl in decl.platforms)
            return f"ℹ️ {who}, {p}{decl.name} works only on {where}."
        on_discord = event.platform is Platform.DISCORD
        if decl.server_only and on_discord and not event.channel.isdecimal():
            return f"ℹ️ {who}, {p}{decl.name} works only in a server."
        if decl.access.allows(event.sender):
            return ""
        if decl.access is Access.MODERATOR:
            return f"🚫 {who}, that command is for moderators."
        if on_discord:  # the broadcaster on Discord is the server owner or an administrator
            return "🚫 Only the server owner or an administrator can use this command."
        return f"🚫 {who}, only the broadcaster can do that."

    def _throttled(self, event: ChatMessage | Redemption, invocation: Invocation) -> bool:
        window = invocation.command.throttle
        if window <= 0:
            return False
        key = (event.platform, event.sender.user_id, invocation.name)
        now = self._clock.now().timestamp()
        last = self._throttle.get(key)
        if last is not None and now - last < window:
            return True
        self._throttle[key] = now
        if len(self._throttle) > 200_000:
            cutoff = now - 60
            self._throttle = {k: v for k, v in self._throttle.items() if v > cutoff}
        return False

    async def _redemption(self, event: Redemption) -> Sequence[Reply]:
        action = self._redemption_action(event)
        if action is None:
            return ()
        args = tuple(event.user_input.split()) if action is RedemptionAction.ROB else ()
        if action is RedemptionAction.ROB and not args:
            return self._replies(event, f"🎯 {event.sender.display_name}, type who to rob in the redemption's message.")
        return await self._command(event, Invocation(self._commands[_REDEMPTION_COMMAND[action]], args))

    def _redemption_action(self, event: Redemption) -> RedemptionAction | None:
        ids = self._config.reward_ids.get(event.platform, {})
        for action, reward_id in ids.items():
            if reward_id and reward_id == event.reward_id:
                return action
        title = event.reward_title.lower()
        for action, words in _REDEMPTION_WORDS:
            if any(word in title for word in words):
                return action
        return None

    async def _command(self, event: ChatMessage | Redemption, invocation: Invocation) -> Sequence[Reply]:
        started = time.perf_counter()
        outcome = "ok"
        try:
            # Arguments are parsed and checked before the handler's transaction opens.
            kwargs = invocation.command.bind(invocation.args)
            answer = await self._run(event, invocation, kwargs)
        except UsageError as exc:
            outcome = "usage"
            answer = self._usage(invocation, exc)
        except (asyncpg.PostgresError, OSError, EffectRefused, TimeoutError) as exc:
            # Not recorded: the adapter redelivers (Twitch retries, Kick gets a 5xx) or, where
            # nothing can redeliver (Discord, console), answers "try again".
            log.error(
                "command.failed", command=invocation.name, event_id=event.event_id,
                platform=event.platform.value, error=repr(exc),
                latency_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            raise
        if answer is None:
            outcome = "duplicate"
            replies: Sequence[Reply] = ()
        else:
            now = self._clock.now()
            text = render(answer, View(now=now, prefix=self._config.prefix))
            replies = self._replies(event, text, private=bool(getattr(answer, "private", False)))
        log.info(
            "command.handled",
            command=invocation.name,
            platform=event.platform.value,
            channel=event.channel,
            user=event.sender.user_id,
            event_id=event.event_id,
            outcome=outcome,
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return replies

    def _usage(self, invocation: Invocation, exc: UsageError) -> str:
        usage = f"{self._config.prefix}{invocation.command.usage}"
        return f"ℹ️ {exc.detail} Usage: {usage}" if exc.detail else f"ℹ️ Usage: {usage}"

    async def _run(
        self, event: ChatMessage | Redemption, invocation: Invocation, kwargs: Mapping[str, object]
    ) -> object | None:
        now = self._clock.now()
        day = game_day(now, self._game.rules)
        async with self._pool.acquire() as conn:
            actor_id = await resolve_sender(conn, event.platform, event.sender, self._identities)
            attempts = self._config.max_attempts

            def retry_logged(attempt: int, _: BaseException) -> None:
                if attempt < attempts:
                    log.warning("command.retry", command=invocation.name, attempt=attempt)

            async for attempt in retrying(_RETRYABLE, attempts=attempts, on_failure=retry_logged):
                with attempt:
                    async with conn.transaction():
                        if not await self._mark(conn, event, invocation.name):
                            return None
                        ctx = CommandCtx(
                            conn=conn, event=event, actor_id=actor_id, invocation=invocation,
                            now=now, day=day, game=self._game, fairness=self._fairness,
                            identities=self._identities, prefix=self._config.prefix,
                            commands=self._commands,
                        )
                        answer = await invocation.command(ctx, **kwargs)
                    # After commit: a merge made cached identities point at a retired row.
                    if ctx.forget_after_commit:
                        self._identities.forget(ctx.forget_after_commit)
                    return answer
        return None

    @staticmethod
    async def _mark(conn: asyncpg.Connection, event: Event, kind: str) -> bool:
        payload_hash = bytes.fromhex(event.payload_hash) if event.payload_hash else None
        return await conn.fetchval(_MARK, event.platform.value, event.event_id[:200], kind, payload_hash) is not None

    # -- supports, stream status ---------------------------------------------------------------

    async def _system(self, event: Support | StreamOnline | StreamOffline) -> Sequence[Reply]:
        handler = SYSTEM_HANDLERS.get(type(event))
        if handler is None:
            return ()
        now = self._clock.now()
        answer = None
        async with self._pool.acquire() as conn:
            async for attempt in retrying(_RETRYABLE, attempts=self._config.max_attempts):
                with attempt:
                    async with conn.transaction():
                        if not await self._mark(conn, event, type(event).__name__.lower()):
                            return ()
                        answer = await handler(conn, event, self._system_ctx(now))
        if answer is None:
            return ()
        return self._replies(event, render(answer, View(now=now, prefix=self._config.prefix)))

    def _system_ctx(self, now: datetime) -> SystemCtx:
        return SystemCtx(now=now, game=self._game, identities=self._identities)

    # -- replies -------------------------------------------------------------------------------

    def _replies(self, event: Event, text: str, *, private: bool = False) -> list[Reply]:
        if not text:
            return []
        reply_to = event.message_id if isinstance(event, ChatMessage) else None
        limit = LIMITS.get(event.platform, 500)
        return [
            Reply(
                platform=event.platform, channel=event.channel, text=part, reply_to=reply_to, private=private
            )
            for part in split(text, limit)
        ]

