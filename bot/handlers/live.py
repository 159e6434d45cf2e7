"""Live-stream commands: !juice, !juicehall, !heist (mods: now, off, on), !heiststats, !grab.

``!grab`` is declared here for help and usage; the pipeline answers it on its heist path, like
any other chat line, so it never runs a transaction unless it wins.
"""

from __future__ import annotations

from datetime import timedelta

from bot.answers.live import HallAnswer, HeistInfo, HeistModAnswer, HeistStatsAnswer, JuiceAnswer
from bot.commanding import Access, Arg, command
from bot.context import CommandCtx
from bot.events import Platform
from bot.handlers.common import resolve_target
from bot.live.context import LiveCtx
from bot.live.heists import fire_heist
from bot.repository import live
from bot.repository.players import read_players
from game.live.heist import next_heist_at
from game.live.juicernaut import crown_buffs

TOPIC = "live"  # listed under !help live

__all__ = ["grab", "heist", "heist_now", "heist_off", "heist_on", "heiststats", "juice", "juicehall"]

_CHATS = (Platform.KICK, Platform.TWITCH, Platform.CONSOLE)  # heists run in stream chats only (spec 14)


@command(
    "juice",
    aliases=("juicernaut", "jn"),
    help="The Juicernaut crown: holder, top 5, session total.",
    description="The Juicernaut crown: holder, top 5, session total",
)
async def juice(ctx: CommandCtx) -> JuiceAnswer:
    session = await live.active_session(ctx.conn)
    if session is None:
        return JuiceAnswer(False)
    top = await live.standings(ctx.conn, session.session_id, ctx.rules.live.standings_top)
    holder = None
    if session.holder_id is not None:
        holder = (await read_players(ctx.conn, (session.holder_id,)))[session.holder_id].name
    return JuiceAnswer(True, holder, tuple(top), session.total_cents, crown_buffs(ctx.rules))


@command(
    "juicehall",
    aliases=("jnhall", "juicehof"),
    help="All-time Juicernaut winners.",
    description="All-time Juicernaut winners",
)
async def juicehall(ctx: CommandCtx) -> HallAnswer:
    size = ctx.rules.live.hall_size
    return HallAnswer(tuple(await live.hall(ctx.conn, size, "wins")), tuple(await live.hall(ctx.conn, size, "total")))


@command(
    "heist",
    throttle=0,
    platforms=_CHATS,
    help="The open heist, or roughly when the next one is due.",
)
async def heist(ctx: CommandCtx) -> HeistInfo:
    return await _heist_info(ctx)


async def _heist_info(ctx: CommandCtx) -> HeistInfo:
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


async def _moderator(ctx: CommandCtx) -> str:
    return (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name


@command(
    "heist now",
    access=Access.MODERATOR,
    throttle=0,
    platforms=_CHATS,
    help="Fire a heist now (for testing on stream).",
)
async def heist_now(ctx: CommandCtx) -> HeistModAnswer:
    name = await _moderator(ctx)
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


@command("heist off", access=Access.MODERATOR, throttle=0, platforms=_CHATS, help="Pause the heist schedule.")
async def heist_off(ctx: CommandCtx) -> HeistModAnswer:
    await live.set_heists_enabled(ctx.conn, False, ctx.actor_id, ctx.now)
    return HeistModAnswer(await _moderator(ctx), "off")


@command("heist on", access=Access.MODERATOR, throttle=0, platforms=_CHATS, help="Resume the heist schedule.")
async def heist_on(ctx: CommandCtx) -> HeistModAnswer:
    await live.set_heists_enabled(ctx.conn, True, ctx.actor_id, ctx.now)
    return HeistModAnswer(await _moderator(ctx), "on")


@command(
    "heiststats",
    aliases=("heists",),
    args=(Arg.user("player", optional=True, label="user", help="Whose record (yours if empty)"),),
    help="Heist wins, fastest and average response.",
    description="Heist wins and response times",
)
async def heiststats(ctx: CommandCtx, player: str | None) -> HeistStatsAnswer:
    if player:
        target = await resolve_target(ctx, player)
        if target.user_id is None:
            return HeistStatsAnswer(target.name[:30], False)
        uid, name = target.user_id, target.name
    else:
        uid = ctx.actor_id
        name = (await read_players(ctx.conn, (uid,)))[uid].name
    return HeistStatsAnswer(name, True, await live.heist_stats(ctx.conn, uid))


@command(
    "grab",
    args=(Arg.text("phrase", help="The phrase the heist shows"),),
    throttle=0,
    platforms=_CHATS,
    help="Answer a quick-grab heist: type exactly what the alert shows.",
)
async def grab(ctx: CommandCtx, phrase: str) -> HeistInfo:
    # Reached only without a heist watch (the pipeline answers !grab on its heist path).
    return await _heist_info(ctx)
