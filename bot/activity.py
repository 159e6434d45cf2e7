"""Plain chat, batched: message counters, leaderboards, chat heist tokens, faction chat points, chat goals.

Every non-command chat line is buffered in memory and written in set-based statements, one
batch at a time, at least every ``interval`` seconds and on shutdown. A crash loses at most that
window of counters; wealth never rides on this path. Recently seen event ids are remembered so
a redelivered chat line is not counted twice.

A flush never waits for a command and never holds a row a command waits for longer than one
statement (issue 21). Its steps, each one set-based statement:

1. *identities* — find or create the chatters' players (one statement per platform);
2. *counters* (one transaction) — add the messages to ``chat_counts`` for every period
   containing the day (rows only the flush writes; ``!lb chatters`` reads them), then the
   players' lifetime ``messages_sent`` and ``last_seen_at``, skipping rows a command holds
   (``SKIP LOCKED``; the skipped counts are carried to the next flush);
3. *tokens* (one transaction, only for chatters who crossed a token threshold) — lock those
   players' rows in id order with ``SKIP LOCKED`` and grant chat heist tokens from the day's
   count and the part of it already accounted for (``chat_counts.token_messages``); a skipped
   chatter is granted by a later flush from where the count stopped, with the same result.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import date

import asyncpg
import structlog

from bot.announce import announce_moments
from bot.clock import Clock
from bot.events import ChatMessage, Platform
from bot.factions import score_activity
from bot.periods import periods_for
from bot.repository.effects import apply_effects
from bot.sql import QUERIES
from game import Catalogue, Rules, game_day
from game import tokens as game_tokens
from game.counters import Counter
from game.effects import GoalProgress
from game.factions import Activity

__all__ = ["ActivityBuffer", "FlushReport"]

log = structlog.get_logger("kingpin.activity")

_ENSURE = {p: QUERIES[f"activity/ensure_{p.value}"] for p in Platform}
_COUNT = QUERIES["activity/count_chat"]
_TOUCH = QUERIES["activity/touch_users"]
_LOCK_DUE = QUERIES["activity/lock_token_due"]
_GRANT = QUERIES["activity/grant_tokens"]
_TOKEN_RETRIES = 40  # flushes (≈ 10 s) a skipped token grant is retried without new chat
_RETRYABLE = (asyncpg.DeadlockDetectedError, asyncpg.SerializationError)
# A database restarting (connection lost, shutdown, timeout) must not stop the flush loop.
_FLUSH_FAULTS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)


@dataclass(slots=True)
class _Chatter:
    login: str
    display: str
    messages: int = 0


@dataclass(frozen=True, slots=True)
class FlushReport:
    chatters: int
    messages: int
    tokens_granted: int


class ActivityBuffer:
    """Collects chat lines; :meth:`flush` writes them; :meth:`run` flushes on a timer."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        rules: Rules,
        clock: Clock,
        catalogue: Catalogue | None = None,  # None: the shipped content
        interval: float = 0.25,
        seen_ids: int = 100_000,
    ) -> None:
        self._pool = pool
        self._rules = rules
        self._clock = clock
        self._catalogue = catalogue
        self._interval = interval
        self._pending: dict[tuple[Platform, str], _Chatter] = {}
        # Chat event ids already counted, as hashes, in two generations: the newest
        # ``seen_ids // 2`` … ``seen_ids`` are remembered in ~8 MB per 100,000 (an ordered dict of
        # the id tuples took ~22 MB: the RSS growth of a long soak, issue 21). A hash collision
        # (about one in 2**64 per line) would leave one chat line uncounted, nothing more.
        self._seen: set[int] = set()
        self._seen_old: set[int] = set()
        self._seen_generation = max(1, seen_ids // 2)
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        # Lifetime counts of players whose row a command held at the last flush.
        self._carry: dict[int, int] = {}
        # Chatters due chat tokens whose row a command held: (game day, user id) → attempts.
        # Bounded: a chatter who talks again is found due again from the day's counts anyway.
        self._token_retry: dict[tuple[date, int], int] = {}
        self.messages_total = 0

    def add(self, event: ChatMessage) -> None:
        key = hash((event.platform, event.event_id))
        if key in self._seen or key in self._seen_old:
            return
        self._seen.add(key)
        if len(self._seen) >= self._seen_generation:
            self._seen_old, self._seen = self._seen, set()
        sender = event.sender
        chatter = self._pending.get((event.platform, sender.user_id))
        if chatter is None:
            chatter = self._pending[(event.platform, sender.user_id)] = _Chatter(
                (sender.login or sender.user_id)[:100], (sender.display_name or sender.login)[:100]
            )
        else:
            chatter.login, chatter.display = (sender.login or chatter.login)[:100], (sender.display_name or chatter.display)[:100]
        chatter.messages += 1

    @property
    def remembered_ids(self) -> int:
        """Chat event ids remembered against redelivery (bounded by ``seen_ids``)."""
        return len(self._seen) + len(self._seen_old)

    @property
    def pending_messages(self) -> int:
        return sum(c.messages for c in self._pending.values())

    async def flush(self) -> FlushReport:
        """Write everything buffered so far (a failed batch is put back and retried later)."""
        async with self._lock:
            batch, self._pending = self._pending, {}
            if not batch and not self._carry and not self._token_retry:
                return FlushReport(0, 0, 0)
            try:
                report = await self._write(batch)
            except Exception:
                self._merge_back(batch)
                raise
            self.messages_total += report.messages
            return report

    def _merge_back(self, batch: dict[tuple[Platform, str], _Chatter]) -> None:
        for key, chatter in batch.items():
            current = self._pending.get(key)
            if current is None:
                self._pending[key] = chatter
            else:
                current.messages += chatter.messages

    async def _write(self, batch: dict[tuple[Platform, str], _Chatter]) -> FlushReport:
        now = self._clock.now()
        day = game_day(now, self._rules)
        types, starts, ends = periods_for(day)
        async with self._pool.acquire() as conn:
            counts = await self._identities(conn, batch)
            user_ids = sorted(counts)
            messages = [counts[u] for u in user_ids]
            carry, self._carry = self._carry, {}
            for uid, n in carry.items():
                counts[uid] = counts.get(uid, 0) + n  # for step 2's lifetime counters only
            touch_ids = sorted(counts)
            try:
                async with conn.transaction():
                    daily = await conn.fetch(_COUNT, user_ids, messages, types, starts, ends)
                    touched = {
                        r["user_id"]
                        for r in await conn.fetch(
                            _TOUCH, touch_ids, [counts[u] for u in touch_ids], now
                        )
                    }
                    # faction members' chat points for their territory (one set-based statement)
                    await score_activity(
                        conn,
                        {u: {Activity.MESSAGE: n} for u, n in zip(user_ids, messages, strict=True)},
                        day=day,
                        rules=self._rules,
                    )
                    # Missions and achievements of chat, set-based (one statement a batch).
                    chat = await apply_effects(
                        conn,
                        [GoalProgress(u, Counter.MESSAGES, n) for u, n in zip(user_ids, messages, strict=True)],
                        game_day=day, now=now, rules=self._rules, catalogue=self._catalogue,
                    )
                    await announce_moments(conn, chat.moments, now=now)
            except BaseException:
                self._merge_carry(carry)
                raise
            self._merge_carry({u: counts[u] for u in touch_ids if u not in touched})
            granted = await self._grant_tokens(conn, day, daily)
        return FlushReport(len(user_ids), sum(messages), granted)

    async def _identities(
        self, conn: asyncpg.Connection, batch: dict[tuple[Platform, str], _Chatter]
    ) -> dict[int, int]:
        """Messages per player id (players created on first sight)."""
        counts: dict[int, int] = {}
        for platform in Platform:
            keys = [k for k in batch if k[0] is platform]
            if not keys:
                continue
            ids = [k[1] for k in keys]
            rows = await conn.fetch(
                _ENSURE[platform],
                ids,
                [batch[k].login for k in keys],
                [batch[k].display for k in keys],
            )
            by_pid = {r["platform_user_id"]: r["user_id"] for r in rows}
            for k in keys:
                uid = by_pid.get(k[1])
                if uid is not None:
                    counts[uid] = counts.get(uid, 0) + batch[k].messages
        return counts

    def _merge_carry(self, counts: dict[int, int]) -> None:
        for uid, n in counts.items():
            self._carry[uid] = self._carry.get(uid, 0) + n

    async def _grant_tokens(
        self, conn: asyncpg.Connection, day: date, daily: list[asyncpg.Record]
    ) -> int:
        """Step 3: chat heist tokens for the chatters who crossed a threshold (and those a
        command held last time). Never raises: a failed grant is retried by a later flush."""
        due = {
            r["user_id"]
            for r in daily
            if game_tokens.chat_tokens_due(r["token_messages"], r["messages"], 0, self._rules) > 0
        }
        retry, self._token_retry = self._token_retry, {}
        attempts = {(day, uid): 0 for uid in due}
        for key, tries in retry.items():
            if tries < _TOKEN_RETRIES:
                attempts[key] = max(attempts.get(key, 0), tries + 1)
        by_day: dict[date, list[int]] = {}
        for grant_day, uid in sorted(attempts):
            by_day.setdefault(grant_day, []).append(uid)
        granted = 0
        for grant_day, ids in by_day.items():
            try:
                skipped, granted_now = await self._grant_day(conn, grant_day, ids)
            except (asyncpg.PostgresError, OSError) as exc:
                log.error("activity.grant_failed", error=repr(exc))
                skipped, granted_now = set(ids), 0
            granted += granted_now
            self._token_retry.update({(grant_day, u): attempts[(grant_day, u)] for u in skipped})
        return granted

    async def _grant_day(
        self, conn: asyncpg.Connection, day: date, ids: list[int]
    ) -> tuple[set[int], int]:
        """Grant ``day``'s chat tokens to ``ids`` → (ids not locked: skipped, tokens granted)."""
        for attempt in range(3):
            try:
                async with conn.transaction():
                    rows = await conn.fetch(_LOCK_DUE, ids, day)
                    locked = {r["user_id"] for r in rows}
                    grants = [
                        game_tokens.chat_tokens_due(
                            r["token_messages"], r["messages"], r["balance"], self._rules
                        )
                        for r in rows
                    ]
                    granted = 0
                    if rows:
                        granted = int(
                            await conn.fetchval(
                                _GRANT,
                                [r["user_id"] for r in rows],
                                grants,
                                [r["messages"] for r in rows],
                                day,
                            )
                        )
                break
            except _RETRYABLE:
                if attempt == 2:
                    raise
        # Rows a command held (or, from an earlier flush, no longer due: dropped after a few).
        return {uid for uid in ids if uid not in locked}, granted

    async def run(self) -> None:
        """Flush every ``interval`` seconds until cancelled; then flush what is left."""
        try:
            while True:
                await asyncio.sleep(self._interval)
                try:
                    await self.flush()
                except _FLUSH_FAULTS as exc:  # kept in the buffer; the next tick retries
                    log.error("activity.flush_failed", error=type(exc).__name__, pending=self.pending_messages)
        finally:
            with contextlib.suppress(Exception):
                await self.flush()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="kingpin-activity")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            await self.flush()
        except _FLUSH_FAULTS as exc:
            log.error("activity.final_flush_failed", error=type(exc).__name__, lost=self.pending_messages)
