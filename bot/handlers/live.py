"""Live-stream commands: !juice, !juicehall, !heist, !heiststats (``!grab`` is answered by the
pipeline's heist path, like any other chat line)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command
from bot.context import CommandCtx
from bot.handlers.common import resolve_target
from bot.live.context import LiveCtx
from bot.live.heists import fire_heist
from bot.repository import live
from bot.repository.players import read_players
from game.live.heist import next_heist_at

__all__ = [
    "HANDLERS",
    "HallAnswer",
    "HeistInfo",
    "HeistModAnswer",
    "HeistStatsAnswer",
    "JuiceAnswer",
]


@dataclass(frozen=True, slots=True)
class JuiceAnswer:
    live: bool
    holder: str | None = None
    top: tuple[live.Standing, ...] = ()
    total_cents: int = 0


@dataclass(frozen=True, slots=True)
class HallAnswer:
    by_wins: tuple[live.HallRow, ...]
    by_total: tuple[live.HallRow, ...]


@dataclass(frozen=True, slots=True)
class HeistInfo:
    """``state``: open, next, paused (offline), off (moderator), no_session."""

    state: str
    prompt: str = ""
    ends_at: datetime | None = None
    next_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class HeistModAnswer:
    """``change``: fired, busy, no_session, off, on, not_mod."""

    name: str
    change: str
    prompt: str = ""
    time_limit: int = 0


@dataclass(frozen=True, slots=True)
class HeistStatsAnswer:
    name: str
    found: bool
    stats: live.HeistStats | None = None


async def juice(ctx: CommandCtx) -> JuiceAnswer:
    session = await live.active_session(ctx.conn)
    if session is None:
        return JuiceAnswer(False)
    top = await live.standings(ctx.conn, session.session_id, ctx.rules.live.standings_top)
    holder = None
    if session.holder_id is not None:
        holder = (await read_players(ctx.conn, (session.holder_id,)))[session.holder_id].name
    return JuiceAnswer(True, holder, tuple(top), session.total_cents)


async def juicehall(ctx: CommandCtx) -> HallAnswer:
    size = ctx.rules.live.hall_size
    return HallAnswer(tuple(await live.hall(ctx.conn, size, "wins")), tuple(await live.hall(ctx.conn, size, "total")))


async def heist(ctx: CommandCtx) -> HeistInfo | HeistModAnswer:
    word = ctx.invocation.args[0].lower() if ctx.invocation.args else ""
    if word in ("now", "off", "on"):
        return await _heist_mod(ctx, word)
    open_ = await live.open_heist(ctx.conn)
    if open_ is not None:
        return HeistInfo("open", open_.prompt, open_.started_at + timedelta(seconds=open_.time_limit))
    plan = await live.schedule(ctx.conn)
    if plan is None:
        return HeistInfo("no_session")
    if not await live.heists_enabled(ctx.conn):
        return HeistInfo("off")
    if plan.paused_at is not None:
        return HeistInfo("paused")
    return HeistInfo("next", next_at=plan.next_at)


async def _heist_mod(ctx: CommandCtx, word: str) -> HeistModAnswer:
    name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
    if not ctx.sender.is_moderator:
        return HeistModAnswer(name, "not_mod")
    if word in ("off", "on"):
        await live.set_heists_enabled(ctx.conn, word == "on", ctx.actor_id, ctx.now)
        return HeistModAnswer(name, word)
    session = await live.lock_session(ctx.conn)
    if session is None:
        return HeistModAnswer(name, "no_session")
    if await live.open_heist(ctx.conn) is not None:
        return HeistModAnswer(name, "busy")
    rng = await ctx.rng()
    roll = ctx.roll
    assert roll is not None
    live_ctx = LiveCtx(ctx.game, ctx.now, ctx.platform.value, ctx.event.event_id, ctx.prefix)
    fired = await fire_heist(ctx.conn, live_ctx, session.session_id, rng, roll.seed_id, roll.nonce)
    if fired is None:
        return HeistModAnswer(name, "busy")
    # The schedule counts from the moment a heist fires (spec 14 §1).
    await live.set_schedule(ctx.conn, session.session_id, next_heist_at(ctx.now, rng, ctx.rules.live), ctx.now)
    return HeistModAnswer(name, "fired", fired.prompt, fired.time_limit)


async def heiststats(ctx: CommandCtx) -> HeistStatsAnswer:
    if ctx.invocation.args:
        target = await resolve_target(ctx, ctx.invocation.args[0])
        if target.user_id is None:
            return HeistStatsAnswer(target.name, False)
        uid, name = target.user_id, target.name
    else:
        uid = ctx.actor_id
        name = (await read_players(ctx.conn, (uid,)))[uid].name
    return HeistStatsAnswer(name, True, await live.heist_stats(ctx.conn, uid))


HANDLERS = {
    Command.JUICE: juice,
    Command.JUICEHALL: juicehall,
    Command.HEIST: heist,
    Command.HEISTSTATS: heiststats,
}
