"""Heist alerts: fire (schedule or ``!heist now``), answer (first correct wins), expire.

Exactly one winner: :func:`answer` claims the heist with a conditional update
(``… WHERE status = 'open'``) in the answer's transaction; a second correct answer processed at
the same time finds no row and is told someone already won. The winner's crate tier is rolled
by the fair RNG and awarded through the normal crate placement (cap, escrow, loss).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from bot.fairness import FairnessSource
from bot.live.announce import announce
from bot.live.content import heist_pools
from bot.live.context import LiveCtx
from bot.outbox import queue_feed
from bot.repository import live
from bot.repository.effects import GameEventRow, apply_effects, tier_label
from bot.repository.players import lock_players, read_players
from bot.repository.reads import crate_counts
from game import CrateSource, ItemTier, NoticeKind, Notification, place_crate
from game.live.heist import (
    Difficulty,
    HeistKind,
    TriviaQuestion,
    generate,
    heist_crate,
    next_heist_at,
    roll_kind,
)
from game.rng import Rng

__all__ = ["AnswerResult", "HeistFired", "answer", "fire_heist", "heist_tick"]

_RARE_PLUS = (ItemTier.RARE, ItemTier.LEGENDARY)  # DECISION 37: feed posts from Rare up


@dataclass(frozen=True, slots=True)
class HeistFired:
    heist_id: int
    kind: str
    prompt: str
    time_limit: int
    ends_at: datetime


async def fire_heist(
    conn: asyncpg.Connection, ctx: LiveCtx, session_id: int, rng: Rng, seed_id: int, nonce: int
) -> HeistFired | None:
    """Open a heist now and announce it on every chat; ``None`` if one is open already."""
    rules = ctx.game.rules.live
    kind = roll_kind(rng, rules)
    recent = set(await live.recent_content(conn, rules.heist_recent))
    pools = heist_pools()
    if kind is HeistKind.TRIVIA:
        rows = await live.trivia_candidates(conn, rules.heist_trivia_least_used + rules.heist_recent)
        trivia = tuple(TriviaQuestion(r.trivia_id, r.question, r.answer, r.alternatives) for r in rows)
        # The least-used few that were not used recently (generate() avoids the recent ones).
        fresh = [q for q in trivia if ("trivia", q.trivia_id) not in recent][: rules.heist_trivia_least_used]
        pools = dataclasses.replace(pools, trivia=tuple(fresh) or trivia)
    content = generate(kind, pools, recent, rng, rules, prefix=ctx.prefix)
    heist_id = await live.insert_heist(
        conn, session_id, content.kind.value, content.difficulty.value, content.content_id, content.prompt,
        content.answer, content.accepted, ctx.now, content.time_limit, seed_id, nonce,
    )
    if heist_id is None:
        return None
    await live.record_recent(conn, content.kind.value, content.content_id, ctx.now)
    await announce(
        conn, f"🚨 HEIST ALERT! {content.prompt} ⏱️ {content.time_limit}s — first correct answer wins a crate!",
        kind="heist_alert", key=f"heist:{heist_id}:alert",
    )
    ends = ctx.now + timedelta(seconds=content.time_limit)
    return HeistFired(heist_id, content.kind.value, content.prompt, content.time_limit, ends)


async def heist_tick(conn: asyncpg.Connection, ctx: LiveCtx, fairness: FairnessSource) -> tuple[int, HeistFired | None]:
    """One run of the heist job at slot ``ctx.now``: expire a timed-out heist, fire a due one.

    Safe to run twice for a slot: expiry and the due claim are conditional updates.
    Returns (heists expired, heist fired).
    """
    expired = 0
    closed = await live.expire_heist(conn, ctx.now)
    if closed is not None:
        expired = 1
        await announce(
            conn, f"⌛ Time's up! Nobody cracked the heist. The answer was: {closed.answer}",
            kind="heist_expired", key=f"heist:{closed.heist_id}:end",
        )
    session_id = await live.claim_due_heist(conn, ctx.now)
    if session_id is None:
        return expired, None
    rng, seed_id, nonce = await fairness.draw()
    await live.set_schedule(conn, session_id, next_heist_at(ctx.now, rng, ctx.game.rules.live), ctx.now)
    if not await live.heists_enabled(conn) or await live.open_heist(conn) is not None:
        return expired, None  # paused by a moderator, or one still running: wait for the next slot
    return expired, await fire_heist(conn, ctx, session_id, rng, seed_id, nonce)


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """``won``: this answer won; else ``late`` (someone else won first, or time ran out)."""

    won: bool
    name: str
    response_ms: int = 0
    crate: str | None = None
    placement: str | None = None


async def answer(
    conn: asyncpg.Connection,
    ctx: LiveCtx,
    heist: live.OpenHeist,
    *,
    user_id: int,
    platform: str,
    text: str,
    rng: Rng,
    seed_id: int,
    nonce: int,
) -> AnswerResult:
    """A correct answer (already matched) tries to win ``heist``; one transaction."""
    rules = ctx.game.rules
    tier = heist_crate(Difficulty(heist.difficulty), rng, rules.live)
    response = await live.win_heist(conn, heist.heist_id, user_id, platform, text, ctx.now, tier.value)
    if response is None:
        return AnswerResult(False, (await read_players(conn, (user_id,)))[user_id].name)
    player = (await lock_players(conn, (user_id,)))[user_id]
    held, escrowed = await crate_counts(conn, user_id, ctx.now)
    placement, effects = place_crate(user_id, tier, CrateSource.HEIST, held=held, escrowed=escrowed, rules=rules, now=ctx.now)
    effects.append(Notification(user_id, NoticeKind.HEIST_WON, (("crate", tier.value), ("ms", response))))
    event = GameEventRow(
        user_id=user_id, event_type="heist_win", wealth_change=0, xp_change=0, target_user_id=None,
        tier=tier_label(player.tier), description=f"Won heist #{heist.heist_id} ({heist.kind})", success=True,
        busted=False, details={"heist_id": heist.heist_id, "crate": tier.value, "response_ms": response},
        source_platform=ctx.source_platform, source_event_id=ctx.source_event_id, rng_seed_id=seed_id, rng_nonce=nonce,
    )
    await apply_effects(conn, effects, game_day=ctx.day, now=ctx.now, game_event=event, source="heist")
    await live.count_heist_win(conn, user_id)
    await queue_feed(conn, effects, catalogue=ctx.game.catalogue, platform=ctx.source_platform,
                     event_id=ctx.source_event_id or f"heist-{heist.heist_id}")
    where = {"held": "", "escrow": " (in escrow: crates full)", "lost": " (lost: crates and escrow full)"}[placement.value]
    text_out = (
        f"🏆 {player.name} cracked the heist in {response / 1000:.1f}s! Answer: {heist.answer}. "
        f"Prize: a {tier.value.title()} crate{where}."
    )
    await announce(
        conn, text_out, kind="heist_win", key=f"heist:{heist.heist_id}:end",
        feed_title="🚨 Heist cracked" if tier in _RARE_PLUS else None,
    )
    return AnswerResult(True, player.name, response, tier.value, placement.value)
