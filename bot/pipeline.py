"""The pipeline: every platform event in, replies out, exactly once.

Theory of operation, for a chat command:

1. Parse the line with the configured prefix; unknown ``!words`` and plain chat are not
   commands (plain chat feeds the batched activity counters instead). While a heist is open,
   plain chat and ``!grab`` are checked against it in memory (``bot.live.watch``); only a
   matching line opens a transaction, which records the event and claims the heist.
2. Throttle per user and command in memory, on the pipeline's clock: the first repeat inside
   the window is told "slow down: N s", further repeats in the same window are ignored.
3. Resolve the sender to a player (created on first sight, keyed by platform user id).
4. One transaction: record ``(platform, event_id)`` in ``processed_events`` (a duplicate stops
   here and is acknowledged silently), run the handler — it locks the players involved in id
   order, builds the engine state, resolves, and applies the effects — then commit.
5. Render the answer into replies cut to the platform's length limit.

Deadlocks and serialization failures are retried; other transient failures (the database
unreachable or restarting, a timeout) roll back (the event stays unprocessed) and are raised to
the adapter, which redelivers where the platform can (Kick answers 5xx, Twitch retries the
event) and otherwise answers one "try again" line (Discord, the console). The
``(platform, event_id)`` row commits with the effects or not at all.

An input that can never succeed (a value out of range, a write past the wealth cap, text the
database refuses) is not transient: it is answered once with the reason, and the event is
recorded as processed so that no platform redelivers it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg
import structlog
from asyncpg.exceptions._base import DataError as ClientDataError  # invalid query input

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
from bot.handlers.progression import with_epilogue
from bot.live.context import LiveCtx
from bot.live.heists import AnswerResult
from bot.live.heists import answer as answer_heist
from bot.live.watch import HeistWatch
from bot.render import View, render
from bot.repository.effects import EffectRefused
from bot.repository.live import OpenHeist
from bot.repository.players import IdentityCache, resolve_sender
from bot.retry import retrying
from bot.sql import QUERIES
from game import game_day
from game.live.heist import HeistKind, matches

__all__ = ["Pipeline", "PipelineConfig"]

log = structlog.get_logger("kingpin.pipeline")

_MARK = QUERIES["events/mark_processed"]
_HEIST_PLATFORMS = frozenset({Platform.KICK, Platform.TWITCH, Platform.CONSOLE})  # Discord excluded (spec 14)
_LIVE_COMMANDS = frozenset({"heist now", "startsession", "endsession"})  # may open or close a heist
_RETRYABLE = (asyncpg.DeadlockDetectedError, asyncpg.SerializationError)
_WEALTH_CAP_CONSTRAINT = "users_wealth_cap"


def _permanent_reason(exc: BaseException) -> str | None:
    """Why an input can never succeed, or ``None`` when the failure is worth retrying."""
    if isinstance(exc, asyncpg.CheckViolationError) and exc.constraint_name == _WEALTH_CAP_CONSTRAINT:
        return "wealth_cap"
    if isinstance(exc, asyncpg.PostgresError):
        state = exc.sqlstate or ""
        if state[:2] == "22":  # data exception: the input itself
            return "out_of_range" if state in ("22003", "22008", "22015") else "bad_text"
        if state[:2] == "23":  # integrity constraint: the same input fails the same way again
            return "refused"
        return None  # connection, shutdown, missing database, resources…: worth retrying
    if isinstance(exc, ClientDataError | OverflowError):  # a parameter asyncpg cannot encode
        return "out_of_range"
    if isinstance(exc, UnicodeError):
        return "bad_text"
    return None
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
        heists: HeistWatch | None = None,
    ) -> None:
        self._pool = pool
        self._game = game
        self._clock = clock
        self._fairness = fairness
        self._config = config or PipelineConfig()
        self._activity = activity
        self._heists = heists
        self._identities = IdentityCache()
        self._throttle: dict[tuple[Platform, str, str], tuple[float, str, str | None]] = {}
        self._throttle_told: set[tuple[Platform, str, str, float]] = set()
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
            return await self._heist_answer(event)
        if invocation.name == "grab" and self._heists is not None:
            return await self._heist_answer(event)
        if invocation.name in self._config.redemption_only:
            return self._replies(event, f"🎟️ {event.sender.display_name}, that one is a channel-point redemption here.")
        refusal = self._refusal(event, invocation.command)
        if refusal:
            return self._replies(event, refusal)
        left = self._throttled(event, invocation)
        if left is not None:
            if not left:
                return ()  # already told in this window
            return self._replies(event, f"⏳ {event.sender.display_name}, slow down: {left} s.")
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

    def _throttled(self, event: ChatMessage | Redemption, invocation: Invocation) -> int | None:
        """``None``: go ahead; else the whole seconds left to tell (``0``: told already)."""
        window = invocation.command.throttle
        if window <= 0:
            return None
        key = (event.platform, event.sender.user_id, invocation.name)
        now = self._clock.now().timestamp()
        seen = self._throttle.get(key)
        if seen is not None and now - seen[0] < window:
            last, event_id, payload_hash = seen
            if event.event_id == event_id or (payload_hash and event.payload_hash == payload_hash):
                return None  # a redelivery: the pipeline's dedupe answers it (silently)
            told = (*key, last)
            if told in self._throttle_told:
                return 0
            self._throttle_told.add(told)
            return max(1, math.ceil(window - (now - last)))
        self._throttle[key] = (now, event.event_id, event.payload_hash)
        if len(self._throttle) > 200_000:
            cutoff = now - 60
            self._throttle = {k: v for k, v in self._throttle.items() if v[0] > cutoff}
            self._throttle_told = {t for t in self._throttle_told if t[3] > cutoff}
        return None

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
        except (asyncpg.PostgresError, ClientDataError, OverflowError, UnicodeError) as exc:
            reason = _permanent_reason(exc)
            if reason is None:
                log.error(
                    "command.failed", command=invocation.name, event_id=event.event_id,
                    platform=event.platform.value, error=type(exc).__name__,
                    latency_ms=round((time.perf_counter() - started) * 1000, 2),
                )
                raise
            return await self._refuse(event, invocation, reason, exc)
        except (OSError, EffectRefused, TimeoutError, asyncpg.InterfaceError) as exc:
            # Not recorded: the adapter redelivers (Twitch retries, Kick gets a 5xx) or, where
            # nothing can redeliver (Discord, console), answers "try again".
            log.error(
                "command.failed", command=invocation.name, event_id=event.event_id,
                platform=event.platform.value, error=repr(exc),
                latency_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            raise
        if self._heists is not None and invocation.name in _LIVE_COMMANDS:
            self._heists.invalidate()  # it may have opened or closed a heist
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

    async def _refuse(
        self, event: ChatMessage | Redemption, invocation: Invocation, reason: str, exc: BaseException
    ) -> Sequence[Reply]:
        """Answer an input that can never succeed, once, and record the event as processed."""
        log.warning(
            "command.refused_input", command=invocation.name, event_id=event.event_id,
            platform=event.platform.value, reason=reason, error=type(exc).__name__,
        )
        try:
            async with self._pool.acquire() as conn:
                await self._mark(conn, event, invocation.name)
        except (asyncpg.PostgresError, OSError, TimeoutError) as mark_exc:
            log.warning("command.refused_input_unrecorded", event_id=event.event_id, error=type(mark_exc).__name__)
        name = event.sender.display_name
        cap = self._game.rules.limits.wealth_cap
        why = {
            "wealth_cap": f"it would take a wallet past the ${cap:,} wealth cap",
            "out_of_range": "a number in it is out of range",
            "bad_text": "it contains text that cannot be stored",
        }.get(reason, "the game cannot accept that input")
        return self._replies(event, f"⛔ {name}, that can't be done: {why}.")

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
                        # Goals the command completed, unseen notifications (same transaction).
                        answer = await with_epilogue(ctx, answer)
                    # After commit: a merge made cached identities point at a retired row.
                    if ctx.forget_after_commit:
                        self._identities.forget(ctx.forget_after_commit)
                    return answer
        return None

    @staticmethod
    async def _mark(conn: asyncpg.Connection, event: Event, kind: str) -> bool:
        payload_hash = bytes.fromhex(event.payload_hash) if event.payload_hash else None
        return await conn.fetchval(_MARK, event.platform.value, event.event_id[:200], kind, payload_hash) is not None

    # -- heist answers ----------------------------------------------------------------------------

    async def _heist_answer(self, event: ChatMessage) -> Sequence[Reply]:
        """Every chat line on Kick and Twitch (and the console) may answer the open heist."""
        if self._heists is None or event.platform not in _HEIST_PLATFORMS:
            return ()
        now = self._clock.now()
        heist = await self._heists.current(now)
        if heist is None:
            return ()
        if not self._heists.attempt(heist.heist_id, event.platform.value, event.sender.user_id, now):
            return ()
        if not matches(HeistKind(heist.kind), event.text, heist.accepted):
            return ()
        result = await self._claim_heist(event, heist, now)
        self._heists.invalidate()
        if result is None or result.won:
            return ()  # the win is announced in every chat
        return self._replies(event, f"⏱️ {result.name}, too late — someone already cracked this heist!")

    async def _claim_heist(self, event: ChatMessage, heist: OpenHeist, now: datetime) -> AnswerResult | None:
        ctx = LiveCtx(self._game, now, event.platform.value, event.event_id, self._config.prefix)
        async with self._pool.acquire() as conn:
            user_id = await resolve_sender(conn, event.platform, event.sender, self._identities)
            async for attempt in retrying(_RETRYABLE, attempts=self._config.max_attempts):
                with attempt:
                    async with conn.transaction():
                        if not await self._mark(conn, event, "heist_answer"):
                            return None
                        rng, seed_id, nonce = await self._fairness.draw()
                        result = await answer_heist(
                            conn, ctx, heist, user_id=user_id, platform=event.platform.value, text=event.text,
                            rng=rng, seed_id=seed_id, nonce=nonce,
                        )
                    log.info("heist.answer", heist_id=heist.heist_id, won=result.won, platform=event.platform.value,
                             user=event.sender.user_id, event_id=event.event_id)
                    return result
        return None

    # -- supports, stream status ---------------------------------------------------------------

    async def _system(self, event: Support | StreamOnline | StreamOffline) -> Sequence[Reply]:
        handler = SYSTEM_HANDLERS.get(type(event))
        if handler is None:
            return ()
        now = self._clock.now()
        answer = None
        async with self._pool.acquire() as conn:
            if isinstance(event, Support) and event.sender is not None:
                # Committed before the transaction, as for commands: a retried transaction must
                # not leave the identity cache pointing at a rolled-back player row.
                await resolve_sender(conn, event.platform, event.sender, self._identities)
            attempts = self._config.max_attempts

            def retry_logged(attempt: int, _: BaseException) -> None:
                if attempt < attempts:
                    log.warning("system.retry", kind=type(event).__name__, attempt=attempt)

            async for attempt in retrying(_RETRYABLE, attempts=attempts, on_failure=retry_logged):
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

