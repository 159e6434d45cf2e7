"""Stream sessions: start (command or stream online), end (command, superseded, grace period).

There is ONE end-of-session flow, :func:`end_session`, used by ``!endsession``, by a new
``!startsession`` while one runs, and by the grace-period job. Under the session lock it
closes any open heist, clears the heist plan, ends the session (which removes the crown and
so the crown buffs), pays the final holder the spec 08 §6 reward (wealth and XP through the
ledger, a crate through the normal crate award), records ``juicernaut_winners`` with the
minutes held, and announces the summary in every chat and the Discord feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.announce import announce_moments
from bot.format import money
from bot.live.announce import announce
from bot.live.context import LiveCtx
from bot.outbox import queue_feed
from bot.repository import live
from bot.repository.effects import GameEventRow, apply_effects, tier_label
from bot.repository.players import lock_players
from bot.repository.reads import crate_counts
from game import (
    CrateSource,
    Effect,
    LedgerReason,
    NoticeKind,
    Notification,
    WealthDelta,
    gain_xp,
    place_crate,
)
from game.counters import Counter
from game.effects import GoalProgress
from game.live.heist import first_heist_at
from game.live.juicernaut import minutes_held, session_reward

__all__ = ["SessionEnded", "SessionStarted", "WinnerPaid", "end_active_session", "end_session", "start_session"]


@dataclass(frozen=True, slots=True)
class WinnerPaid:
    user_id: int
    name: str
    total_cents: int
    minutes_held: int
    wealth: int
    xp: int
    crate: str | None
    placement: str | None


@dataclass(frozen=True, slots=True)
class SessionEnded:
    session_id: int
    title: str
    minutes: int
    total_cents: int
    contributors: int
    heists: int
    heists_won: int
    winner: WinnerPaid | None


@dataclass(frozen=True, slots=True)
class SessionStarted:
    session_id: int
    title: str
    first_heist_at: datetime
    ended: SessionEnded | None = None


def _title(platform: str, title: str | None) -> str:
    return title or f"{platform.title()} Stream"


async def start_session(
    conn: asyncpg.Connection,
    ctx: LiveCtx,
    *,
    platform: str,
    title: str | None,
    started_by: int | None,
    stream_live: bool = False,
) -> SessionStarted | None:
    """End the running session normally (if any), then start a new one; ``None`` if another
    start won the race."""
    ended = None
    running = await live.lock_session(conn)
    if running is not None:
        ended = await end_session(conn, ctx, running)
    live_on = (platform,) if stream_live else ()
    session_id = await live.start_session(conn, platform, title, started_by, ctx.now, live_on)
    if session_id is None:
        return None
    first = first_heist_at(ctx.now, ctx.game.rules.live)
    await live.set_schedule(conn, session_id, first, ctx.now)
    name = _title(platform, title)
    await announce(
        conn,
        f"🎬 Stream session started: {name}! Every sub, gift, bit, kick and tip counts toward the "
        f"👑 Juicernaut crown ({ctx.prefix}juice). First heist alert in {ctx.game.rules.live.heist_first_minutes} min.",
        kind="session_start",
        feed_title="🎬 Stream session started",
        key=f"session:{session_id}:start",
    )
    return SessionStarted(session_id, name, first, ended)


async def end_active_session(conn: asyncpg.Connection, ctx: LiveCtx) -> SessionEnded | None:
    """End the running session, if one runs (the grace-period job and ``!endsession``)."""
    running = await live.lock_session(conn)
    return None if running is None else await end_session(conn, ctx, running)


async def end_session(conn: asyncpg.Connection, ctx: LiveCtx, session: live.LiveSession) -> SessionEnded:
    """The end-of-session flow; ``session`` must be locked by this transaction."""
    now = ctx.now
    closed = await live.cancel_heist(conn, session.session_id, now)
    if closed is not None:
        await announce(
            conn, f"🚨 The heist is called off: the session ended. The answer was: {closed.answer}",
            kind="heist_expired", key=f"heist:{closed.heist_id}:end",
        )
    await live.clear_schedule(conn, session.session_id)
    await live.finish_session(conn, session.session_id, now)
    summary = await live.session_summary(conn, session.session_id)
    winner = None
    if session.holder_id is not None:
        winner = await _pay_winner(conn, ctx, session)
    minutes = max(int((now - session.started_at).total_seconds() // 60), 0)
    title = _title(session.platform, session.title)
    ended = SessionEnded(
        session.session_id, title, minutes, summary.total_cents, summary.contributors, summary.heists,
        summary.heists_won, winner,
    )
    await announce(conn, session_summary_text(ended), kind="session_end", feed_title="🎬 Stream session ended",
                   key=f"session:{session.session_id}:end")
    return ended


def session_summary_text(ended: SessionEnded) -> str:
    hours, mins = divmod(ended.minutes, 60)
    length = f"{hours} h {mins} min" if hours else f"{mins} min"
    text = (
        f"🎬 Session over: {ended.title} — {length}, ${ended.total_cents / 100:,.2f} from "
        f"{ended.contributors} contributor{'s' if ended.contributors != 1 else ''}, "
        f"{ended.heists_won}/{ended.heists} heist{'s' if ended.heists != 1 else ''} cracked."
    )
    w = ended.winner
    if w is None:
        return text + " No Juicernaut this time."
    crate = f" + a {w.crate.title()} crate" if w.crate else ""
    return (
        text + f" 👑 Juicernaut: {w.name} (${w.total_cents / 100:,.2f}, crowned {w.minutes_held} min) wins "
        f"{money(w.wealth)} + {w.xp:,} XP{crate}!"
    )


async def _pay_winner(conn: asyncpg.Connection, ctx: LiveCtx, session: live.LiveSession) -> WinnerPaid:
    assert session.holder_id is not None
    uid = session.holder_id
    rules = ctx.game.rules
    total, contributions = await live.user_total(conn, session.session_id, uid)
    held = minutes_held(await live.crown_changes(conn, session.session_id), ctx.now).get(uid, 0)
    reward = session_reward(total, rules.live)
    player = (await lock_players(conn, (uid,)))[uid]
    effects: list[Effect] = []
    if reward.wealth:
        effects.append(WealthDelta(uid, reward.wealth, LedgerReason.JUICERNAUT, session.session_id))
    effects += gain_xp(uid, player.xp, player.level, reward.xp, rules.progression)
    placement = None
    if reward.crate is not None:
        held_crates, escrowed = await crate_counts(conn, uid, ctx.now)
        placed, crate_effects = place_crate(
            uid, reward.crate, CrateSource.JUICERNAUT, held=held_crates, escrowed=escrowed, rules=rules, now=ctx.now
        )
        placement = placed.value
        effects += crate_effects
    effects.append(Notification(uid, NoticeKind.JUICERNAUT_REWARD, (("wealth", reward.wealth), ("xp", reward.xp))))
    effects.append(GoalProgress(uid, Counter.JUICERNAUT_WINS, 1))
    event = GameEventRow(
        user_id=uid, event_type="juicernaut_win", wealth_change=reward.wealth, xp_change=reward.xp,
        target_user_id=None, tier=tier_label(player.tier),
        description=f"Juicernaut of session {session.session_id}", success=True, busted=False,
        details={"session_id": session.session_id, "total_cents": total, "minutes_held": held,
                 "crate": reward.crate.value if reward.crate else None},
        source_platform=ctx.source_platform, source_event_id=ctx.source_event_id, rng_seed_id=None, rng_nonce=None,
    )
    applied = await apply_effects(
        conn, effects, game_day=ctx.day, now=ctx.now, game_event=event, source="juicernaut",
        rules=ctx.game.rules, catalogue=ctx.game.catalogue,
    )
    await announce_moments(conn, applied.moments, now=ctx.now)  # no command reply carries them
    await queue_feed(conn, effects, catalogue=ctx.game.catalogue, platform="live",
                     event_id=f"session-{session.session_id}-winner")
    await live.record_winner(
        conn, session.session_id, uid, total, contributions, held, reward.wealth, reward.xp,
        reward.crate.value if reward.crate else None, ctx.now,
    )
    return WinnerPaid(uid, player.name, total, held, reward.wealth, reward.xp,
                      reward.crate.value if reward.crate else None, placement)
